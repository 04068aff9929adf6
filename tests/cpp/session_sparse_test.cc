// Sparse lowering of 1x1 Conv / Gemm / MatMul with constant weights: models
// whose weights the test prunes by magnitude (per layer, the smallest |w| set
// to zero) run through the SpMM / sparse GEMV steps and match the reference
// executor; the plan takes the sparse kernel at and above the measured
// threshold and the dense one below it; each step's weight facts (sparsity,
// dense and effective MACs) are those counted by hand.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "ops_test_util.h"
#include "runtime/session.h"
#include "runtime/steps/sparse_matmul_step.h"
#include "session_test_util.h"

namespace nnslim {
namespace {

using test::check_session_matches_reference;
using test::count_steps;
using test::listing;
using test::plan_has;
using test::random_tensor;

// Zeroes exactly round(sparsity * numel) entries of w: those of smallest |w|
// (ties by position), as magnitude pruning per layer does.
TensorPtr pruned(TensorPtr w, double sparsity) {
  float* data = w->data<float>();
  const size_t n = static_cast<size_t>(w->numel());
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return std::abs(data[a]) < std::abs(data[b]); });
  const size_t zeros = static_cast<size_t>(sparsity * static_cast<double>(n) + 0.5);
  for (size_t i = 0; i < zeros; ++i) data[order[i]] = 0.f;
  return w;
}

// x [N, Cin, H, W] -> Conv 1x1 (W pruned to `sparsity`, bias) -> `activation` (optional) -> y.
std::vector<std::string> check_pointwise_conv(const Shape& x, int64_t cout, double sparsity,
                                              const std::string& activation, uint64_t seed) {
  test::OpGraph g;
  g.input("x", x)
      .tensor("w", pruned(random_tensor({cout, x[1], 1, 1}, seed), sparsity))
      .tensor("b", random_tensor({cout}, seed + 1));
  if (activation.empty()) {
    g.node("Conv", {"x", "w", "b"}, {"y"}, {}, "pw");
  } else {
    g.node("Conv", {"x", "w", "b"}, {"c"}, {}, "pw").node(activation, {"c"}, {"y"}, {}, "act");
  }
  g.graph.outputs = {g.graph.find_value("y")};
  INFO("x " << shape_to_string(x) << " cout " << cout << " sparsity " << sparsity << " " << activation);
  const auto plan = check_session_matches_reference(g.graph, {random_tensor(x, seed + 2)});
  INFO(listing(plan));
  CHECK(!plan_has(plan, "reference"));
  return plan;
}

// a [M, K] -> Gemm (transB 1, B pruned, C row) or MatMul + Add row -> Relu -> y.
std::vector<std::string> check_dense_layer(bool gemm, int64_t m, int64_t k, int64_t n, double sparsity,
                                           uint64_t seed) {
  test::OpGraph g;
  g.input("a", {m, k}).tensor("bias", random_tensor({n}, seed + 1));
  if (gemm) {
    g.tensor("w", pruned(random_tensor({n, k}, seed), sparsity))
        .node("Gemm", {"a", "w", "bias"}, {"h"}, {{"transB", test::int_attr(1)}}, "fc");
  } else {
    g.tensor("w", pruned(random_tensor({k, n}, seed), sparsity))
        .node("MatMul", {"a", "w"}, {"mm"}, {}, "fc")
        .node("Add", {"mm", "bias"}, {"h"}, {}, "fc_bias");
  }
  g.node("Relu", {"h"}, {"y"}, {}, "relu");
  g.graph.outputs = {g.graph.find_value("y")};
  INFO((gemm ? "Gemm" : "MatMul") << " " << m << "x" << k << "x" << n << " sparsity " << sparsity);
  const auto plan = check_session_matches_reference(g.graph, {random_tensor({m, k}, seed + 2)});
  INFO(listing(plan));
  CHECK(!plan_has(plan, "reference"));
  return plan;
}

TEST_CASE("session sparse: pruned 1x1 convs run the SpMM and match the reference", "[session][sparse]") {
  // Pixels across the 32-pixel strips and their tails; odd channel counts.
  for (const Shape& x : std::vector<Shape>{{1, 13, 7, 9}, {2, 24, 5, 5}, {1, 40, 8, 8}, {3, 5, 1, 1}}) {
    const auto plan = check_pointwise_conv(x, 21, 0.9, "", 10);
    CHECK(count_steps(plan, "Conv -> f32 spmm") == 1);
  }
  // One pixel: the sparse GEMV.
  CHECK(plan_has(check_pointwise_conv({1, 30, 1, 1}, 21, 0.9, "", 15), "Conv -> f32 spgemv"));
  // Fused activations: the clamp (Relu) and an epilogue (Sigmoid).
  CHECK(plan_has(check_pointwise_conv({1, 16, 6, 7}, 19, 0.75, "Relu", 20), "Conv+Relu -> f32 spmm"));
  CHECK(plan_has(check_pointwise_conv({1, 16, 6, 7}, 19, 0.75, "Sigmoid", 30), "Conv+Sigmoid -> f32 spmm"));
  // Every weight zero: the output is the bias.
  CHECK(plan_has(check_pointwise_conv({1, 8, 3, 5}, 4, 1.0, "", 40), "(100% sparse)"));
}

TEST_CASE("session sparse: dense below the measured threshold, sparse at and above it", "[session][sparse]") {
  const double threshold = sparse_spmm_threshold();
  REQUIRE(threshold > 0.0);
  REQUIRE(threshold < 1.0);
  // 64 input channels x 32 outputs = 2048 weights: sparsities on a 1/2048
  // grid; "at" a threshold is its first grid point at or above it.
  const auto at = [](double t) { return std::ceil(t * 2048.0) / 2048.0; };
  const double below = threshold - 0.05, above = std::min(threshold + 0.05, 0.99);
  CHECK(plan_has(check_pointwise_conv({1, 64, 6, 6}, 32, below, "", 50), "Conv -> f32 gemm (1x1)"));
  CHECK(plan_has(check_pointwise_conv({1, 64, 6, 6}, 32, at(threshold), "", 51), "Conv -> f32 spmm"));
  CHECK(plan_has(check_pointwise_conv({1, 64, 6, 6}, 32, above, "", 52), "Conv -> f32 spmm"));
  // Dense layers, batch 1 (GEMV) and batch 5 (SpMM over rows).
  const double gemv_threshold = sparse_gemv_threshold();
  CHECK(plan_has(check_dense_layer(true, 1, 64, 32, gemv_threshold - 0.05, 60), "-> f32 gemv"));
  CHECK(plan_has(check_dense_layer(true, 1, 64, 32, at(gemv_threshold), 61), "-> f32 spgemv"));
  CHECK(plan_has(check_dense_layer(true, 5, 64, 32, threshold - 0.05, 62), "-> f32 gemm"));
  CHECK(plan_has(check_dense_layer(true, 5, 64, 32, at(threshold), 63), "-> f32 spmm"));
  // More inputs than the sparse GEMV's 16-bit indices address: dense (32
  // outputs: most zeros not in whole blocks, so no block-sparse kernel).
  CHECK(plan_has(check_dense_layer(true, 1, 65537, 32, 0.95, 64), "Gemm+Relu -> f32 gemv"));
  // The lane GEMV (16-bit byte offsets) up to 16384 inputs, the index GEMV beyond.
  CHECK(plan_has(check_dense_layer(true, 1, 16384, 32, 0.95, 65), "Gemm+Relu -> f32 spgemv lane x16 wasmsimd"));
  CHECK(plan_has(check_dense_layer(true, 1, 16385, 32, 0.95, 66), "Gemm+Relu -> f32 spgemv x8 wasmsimd"));
  // A depthwise or 3x3 conv stays dense whatever its sparsity.
  test::OpGraph g;
  g.input("x", {1, 8, 9, 9})
      .tensor("w", pruned(random_tensor({12, 8, 3, 3}, 70), 0.95))
      .node("Conv", {"x", "w"}, {"y"}, {}, "conv3x3");
  g.graph.outputs = {g.graph.find_value("y")};
  const auto plan = check_session_matches_reference(g.graph, {random_tensor({1, 8, 9, 9}, 71)});
  CHECK(plan_has(plan, "Conv -> f32 igemm"));
}

TEST_CASE("session sparse: pruned Gemm and MatMul (batch 1 and batch > 1) match the reference", "[session][sparse]") {
  for (double sparsity : {0.87, 0.9, 0.99}) {
    CHECK(plan_has(check_dense_layer(true, 1, 784, 100, sparsity, 80), "Gemm+Relu -> f32 spgemv"));
    // (At 99% most zeros of this small matrix lie in whole 4x1 / 8x1 blocks
    // by chance: the block-sparse GEMV may be predicted faster.)
    const auto small = check_dense_layer(false, 1, 37, 13, sparsity, 81);
    CHECK((plan_has(small, "MatMul+Add+Relu -> f32 spgemv") ||
           (sparsity > 0.95 && plan_has(small, "MatMul+Add+Relu -> f32 bspmm"))));
    CHECK(plan_has(check_dense_layer(false, 7, 37, 13, sparsity, 82), "MatMul+Add+Relu -> f32 spmm"));
    CHECK(plan_has(check_dense_layer(true, 33, 50, 9, sparsity, 83), "Gemm+Relu -> f32 spmm"));
  }
}

TEST_CASE("session sparse: an inverted-residual block with pruned pointwise convs", "[session][sparse]") {
  // x -> expand 1x1 (x6) -> Relu -> depthwise 3x3 -> Relu -> project 1x1 -> + x
  const int64_t c = 12, e = 72;
  test::OpGraph g;
  g.input("x", {1, c, 10, 10})
      .tensor("w_expand", pruned(random_tensor({e, c, 1, 1}, 90), 0.9))
      .tensor("w_dw", random_tensor({e, 1, 3, 3}, 91))
      .tensor("w_project", pruned(random_tensor({c, e, 1, 1}, 92), 0.9))
      .node("Conv", {"x", "w_expand"}, {"e"}, {}, "expand")
      .node("Relu", {"e"}, {"er"}, {}, "expand_relu")
      .node("Conv", {"er", "w_dw"}, {"d"}, {{"group", test::int_attr(e)}, {"pads", test::ints_attr({1, 1, 1, 1})}}, "dw")
      .node("Relu", {"d"}, {"dr"}, {}, "dw_relu")
      .node("Conv", {"dr", "w_project"}, {"p"}, {}, "project")
      .node("Add", {"p", "x"}, {"y"}, {}, "residual");
  g.graph.outputs = {g.graph.find_value("y")};
  const auto plan = check_session_matches_reference(g.graph, {random_tensor({1, c, 10, 10}, 93)});
  INFO(listing(plan));
  CHECK(count_steps(plan, "-> f32 spmm") == 2);
  CHECK(!plan_has(plan, "reference"));
}

TEST_CASE("session sparse: each weighted step reports its sparsity and MACs", "[session][sparse]") {
  // Conv 1x1 20 -> 10 over 4x5 pixels (75% pruned: 150 of 200 zero), then a
  // 3x3 conv 10 -> 6 (dense), batch 1.
  test::OpGraph g;
  g.input("x", {1, 20, 4, 5})
      .tensor("w1", pruned(random_tensor({10, 20, 1, 1}, 100), 0.75))
      .tensor("w2", random_tensor({6, 10, 3, 3}, 101))
      .node("Conv", {"x", "w1"}, {"h"}, {}, "pw")
      .node("Conv", {"h", "w2"}, {"y"}, {{"pads", test::ints_attr({1, 1, 1, 1})}}, "conv3x3");
  g.graph.outputs = {g.graph.find_value("y")};
  Session session(g.graph);
  session.run({{"x", random_tensor({1, 20, 4, 5}, 102)}});
  const auto reports = session.explain_plan();
  const Session::StepReport* pw = nullptr;
  const Session::StepReport* conv = nullptr;
  for (const auto& r : reports) {
    if (r.layer == "pw") pw = &r;
    if (r.layer == "conv3x3") conv = &r;
  }
  REQUIRE(pw);
  REQUIRE(conv);
  CHECK(pw->weights.has_weights);
  CHECK(pw->weights.weights == 200);
  CHECK(pw->weights.zero_weights == 150);
  CHECK(pw->weights.sparsity() == Approx(0.75));
  CHECK(pw->weights.dense_macs == 20 * 200);
  CHECK(pw->weights.effective_macs == 20 * 50);
  CHECK(pw->weights.sparse_kernel);
  CHECK(pw->weights.kernel.find("f32 spmm") == 0);
  CHECK(pw->weights.reason.find("75% zero weights") == 0);
  CHECK(conv->weights.has_weights);
  CHECK(conv->weights.weights == 6 * 10 * 9);
  CHECK(conv->weights.dense_macs == 20 * 6 * 10 * 9);
  CHECK(conv->weights.effective_macs == conv->weights.dense_macs);
  CHECK(!conv->weights.sparse_kernel);
  CHECK(conv->weights.kernel.find("f32 igemm") == 0);
}

TEST_CASE("session sparse: a depthwise conv reports its weights and MACs (dense kernel)", "[session][sparse]") {
  test::OpGraph g;
  g.input("x", {1, 8, 6, 6})
      .tensor("w", pruned(random_tensor({8, 1, 3, 3}, 110), 0.5))
      .node("Conv", {"x", "w"}, {"y"}, {{"group", test::int_attr(8)}, {"pads", test::ints_attr({1, 1, 1, 1})}}, "dw");
  g.graph.outputs = {g.graph.find_value("y")};
  Session session(g.graph);
  session.run({{"x", random_tensor({1, 8, 6, 6}, 111)}});
  bool found = false;
  for (const auto& r : session.explain_plan()) {
    if (r.layer != "dw") continue;
    found = true;
    CHECK(r.weights.has_weights);
    CHECK(r.weights.weights == 72);
    CHECK(r.weights.zero_weights == 36);
    CHECK(r.weights.dense_macs == 36 * 72);
    CHECK(r.weights.effective_macs == r.weights.dense_macs);
    CHECK(!r.weights.sparse_kernel);
  }
  CHECK(found);
}

}  // namespace
}  // namespace nnslim
