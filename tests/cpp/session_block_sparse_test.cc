// Block-sparse lowering of 1x1 Conv / Gemm / MatMul with constant weights
// whose zeros come in whole R x 1 blocks (R consecutive output channels at
// one input): such models run the block-sparse step (f32 bspmm) and match
// the reference executor, at batch 1 (the GEMV) and over many rows, with
// a partial last block row, fused activations, and both weight layouts
// (Conv/Gemm [N, K], MatMul [K, N]); the plan takes it from the measured
// block-sparsity crossover, keeps magnitude-pruned weights (zeros not in
// whole blocks) on the CSR kernels, and reports the MACs it performs.
#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>

#include "ops_test_util.h"
#include "runtime/session.h"
#include "runtime/steps/block_sparse_matmul_step.h"
#include "session_test_util.h"

namespace nnslim {
namespace {

using test::check_session_matches_reference;
using test::count_steps;
using test::listing;
using test::plan_has;
using test::random_tensor;

// W[o][i] = data[o * o_stride + i * i_stride]: the R x 1 blocks (rows past
// the last output ignored) ranked by L2 norm, the round(sparsity * blocks)
// weakest zeroed whole (ties by position), as prune({method: 'block'}) does.
TensorPtr block_pruned(TensorPtr w, size_t outputs, size_t inputs, size_t o_stride, size_t i_stride, size_t block,
                       double sparsity) {
  float* data = w->data<float>();
  const size_t rows = (outputs + block - 1) / block, blocks = rows * inputs;
  std::vector<float> norms(blocks, 0.f);
  for (size_t o = 0; o < outputs; ++o)
    for (size_t i = 0; i < inputs; ++i) {
      const float v = data[o * o_stride + i * i_stride];
      norms[o / block * inputs + i] += v * v;
    }
  std::vector<size_t> order(blocks);
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return norms[a] < norms[b]; });
  const size_t zeros = static_cast<size_t>(sparsity * static_cast<double>(blocks) + 0.5);
  for (size_t z = 0; z < zeros; ++z) {
    const size_t o0 = order[z] / inputs * block, i = order[z] % inputs;
    for (size_t o = o0; o < std::min(o0 + block, outputs); ++o) data[o * o_stride + i * i_stride] = 0.f;
  }
  return w;
}

// x [N, Cin, H, W] -> Conv 1x1 (W block-pruned, bias) -> activation (optional) -> y.
std::vector<std::string> check_conv(const Shape& x, int64_t cout, size_t block, double sparsity,
                                    const std::string& activation, uint64_t seed) {
  const size_t cin = static_cast<size_t>(x[1]);
  test::OpGraph g;
  g.input("x", x)
      .tensor("w", block_pruned(random_tensor({cout, x[1], 1, 1}, seed), size_t(cout), cin, cin, 1, block, sparsity))
      .tensor("b", random_tensor({cout}, seed + 1));
  if (activation.empty()) {
    g.node("Conv", {"x", "w", "b"}, {"y"}, {}, "pw");
  } else {
    g.node("Conv", {"x", "w", "b"}, {"c"}, {}, "pw").node(activation, {"c"}, {"y"}, {}, "act");
  }
  g.graph.outputs = {g.graph.find_value("y")};
  INFO("x " << shape_to_string(x) << " cout " << cout << " block " << block << "x1 sparsity " << sparsity << " "
            << activation);
  const auto plan = check_session_matches_reference(g.graph, {random_tensor(x, seed + 2)});
  INFO(listing(plan));
  CHECK(!plan_has(plan, "reference"));
  return plan;
}

// a [M, K] -> Gemm (transB 1, B [N, K]) or MatMul (B [K, N]) + Add row -> Relu -> y, B block-pruned.
std::vector<std::string> check_dense(bool gemm, int64_t m, int64_t k, int64_t n, size_t block, double sparsity,
                                     uint64_t seed) {
  const size_t kk = size_t(k), nn = size_t(n);
  test::OpGraph g;
  g.input("a", {m, k}).tensor("bias", random_tensor({n}, seed + 1));
  if (gemm) {
    g.tensor("w", block_pruned(random_tensor({n, k}, seed), nn, kk, kk, 1, block, sparsity))
        .node("Gemm", {"a", "w", "bias"}, {"h"}, {{"transB", test::int_attr(1)}}, "fc");
  } else {
    g.tensor("w", block_pruned(random_tensor({k, n}, seed), nn, kk, 1, nn, block, sparsity))
        .node("MatMul", {"a", "w"}, {"mm"}, {}, "fc")
        .node("Add", {"mm", "bias"}, {"h"}, {}, "fc_bias");
  }
  g.node("Relu", {"h"}, {"y"}, {}, "relu");
  g.graph.outputs = {g.graph.find_value("y")};
  INFO((gemm ? "Gemm" : "MatMul") << " " << m << "x" << k << "x" << n << " block " << block << "x1 sparsity "
                                  << sparsity);
  const auto plan = check_session_matches_reference(g.graph, {random_tensor({m, k}, seed + 2)});
  INFO(listing(plan));
  CHECK(!plan_has(plan, "reference"));
  return plan;
}

TEST_CASE("session block sparse: block-pruned 1x1 convs run the block-sparse step and match the reference",
          "[session][sparse][bspmm]") {
  // Pixel counts across the kernel's 4-pixel groups and tails; output
  // channels with a partial last block row (13, 21).
  for (size_t block : {size_t{8}, size_t{4}})
    for (const Shape& x : std::vector<Shape>{{1, 13, 7, 9}, {2, 24, 5, 5}, {1, 40, 8, 8}, {3, 5, 1, 1}})
      for (int64_t cout : {16, 13, 21}) {
        INFO("x " << shape_to_string(x) << " cout " << cout << " block " << block);
        const auto plan = check_conv(x, cout, block, 0.9, "", 10);
        INFO(listing(plan));
        // (5 inputs: the few zero 4x1 blocks often pair into zero 8x1 blocks,
        // and then the 8x1 kernel is predicted faster.)
        CHECK(count_steps(plan, x[1] == 5 ? std::string("Conv -> f32 bspmm ") : str("Conv -> f32 bspmm ", block, "x1")) == 1);
      }
  // One pixel (the GEMV), fused clamp and epilogue, every block zero.
  CHECK(plan_has(check_conv({1, 30, 1, 1}, 24, 8, 0.9, "", 15), "Conv -> f32 bspmm 8x1"));
  CHECK(plan_has(check_conv({1, 16, 6, 7}, 24, 8, 0.75, "Relu", 20), "Conv+Relu -> f32 bspmm 8x1"));
  CHECK(plan_has(check_conv({1, 16, 6, 7}, 20, 4, 0.75, "Sigmoid", 30), "Conv+Sigmoid -> f32 bspmm 4x1"));
  CHECK(plan_has(check_conv({1, 8, 3, 5}, 16, 8, 1.0, "", 40), "(100% sparse)"));
}

TEST_CASE("session block sparse: block-pruned Gemm and MatMul (batch 1 and batch > 1) match the reference",
          "[session][sparse][bspmm]") {
  for (size_t block : {size_t{8}, size_t{4}})
    for (double sparsity : {0.75, 0.9}) {
      const std::string kernel = str("f32 bspmm ", block, "x1");
      CHECK(plan_has(check_dense(true, 1, 784, 96, block, sparsity, 80), "Gemm+Relu -> " + kernel));
      CHECK(plan_has(check_dense(false, 1, 37, 20, block, sparsity, 81), "MatMul+Add+Relu -> " + kernel));
      CHECK(plan_has(check_dense(false, 7, 37, 20, block, sparsity, 82), "MatMul+Add+Relu -> " + kernel));
      CHECK(plan_has(check_dense(true, 33, 50, 24, block, sparsity, 83), "Gemm+Relu -> " + kernel));
    }
}

TEST_CASE("session block sparse: the block-sparsity crossover, and magnitude-pruned weights stay on CSR",
          "[session][sparse][bspmm]") {
  // 64 inputs x 32 outputs: 256 (8x1) or 512 (4x1) blocks.
  for (size_t block : {size_t{8}, size_t{4}}) {
    const double threshold = block_sparse_threshold(block);
    REQUIRE(threshold > 0.0);
    REQUIRE(threshold < 1.0);
    const std::string kernel = str("f32 bspmm ", block, "x1");
    // (+0.02: round(s * blocks) blocks zeroed can fall just short of s.)
    CHECK(plan_has(check_conv({1, 64, 6, 6}, 32, block, threshold + 0.02, "", 50), kernel));
    CHECK(plan_has(check_dense(true, 1, 64, 32, block, threshold + 0.02, 51), kernel));
    const auto below = check_conv({1, 64, 6, 6}, 32, block, threshold - 0.06, "", 52);
    CHECK(!plan_has(below, "f32 bspmm"));
  }
  // 90% of the weights zero, unstructured (each weight by magnitude): most
  // zeros are not in whole blocks, the CSR kernels run.
  test::OpGraph g;
  TensorPtr w = random_tensor({32, 64, 1, 1}, 60);
  std::vector<float> magnitudes(2048);
  for (size_t i = 0; i < 2048; ++i) magnitudes[i] = std::abs(w->data<float>()[i]);
  std::nth_element(magnitudes.begin(), magnitudes.begin() + 1843, magnitudes.end());
  for (size_t i = 0; i < 2048; ++i)
    if (std::abs(w->data<float>()[i]) <= magnitudes[1843]) w->data<float>()[i] = 0.f;
  g.input("x", {1, 64, 6, 6}).tensor("w", w).node("Conv", {"x", "w"}, {"y"}, {}, "pw");
  g.graph.outputs = {g.graph.find_value("y")};
  const auto plan = check_session_matches_reference(g.graph, {random_tensor({1, 64, 6, 6}, 61)});
  INFO(listing(plan));
  CHECK(plan_has(plan, "Conv -> f32 spmm"));
}

TEST_CASE("session block sparse: the step reports its blocks, MACs and reason", "[session][sparse][bspmm]") {
  // Conv 1x1 20 -> 16 over 4x5 pixels, 8x1 blocks: 2 block rows x 20 inputs
  // = 40 blocks, 30 zeroed (75%): 10 stored blocks of 8 weights.
  test::OpGraph g;
  g.input("x", {1, 20, 4, 5})
      .tensor("w", block_pruned(random_tensor({16, 20, 1, 1}, 100), 16, 20, 20, 1, 8, 0.75))
      .node("Conv", {"x", "w"}, {"y"}, {}, "pw");
  g.graph.outputs = {g.graph.find_value("y")};
  Session session(g.graph);
  session.run({{"x", random_tensor({1, 20, 4, 5}, 102)}});
  const auto reports = session.explain_plan();
  const Session::StepReport* pw = nullptr;
  for (const auto& r : reports)
    if (r.layer == "pw") pw = &r;
  REQUIRE(pw);
  CHECK(pw->weights.weights == 320);
  CHECK(pw->weights.zero_weights == 240);
  CHECK(pw->weights.dense_macs == 20 * 320);
  CHECK(pw->weights.effective_macs == 20 * 10 * 8);
  CHECK(pw->weights.sparse_kernel);
  CHECK(pw->weights.sparse_block == 8);
  CHECK(pw->weights.kernel == "f32 bspmm 8x1 wasmsimd");
  CHECK(pw->weights.reason.find("75% zero weights in whole 8x1 blocks (75% of the blocks)") == 0);
  CHECK(pw->description == "Conv -> f32 bspmm 8x1 wasmsimd (75% sparse)");
}

}  // namespace
}  // namespace nnslim
