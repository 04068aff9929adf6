// The elementwise chains of activation_chain.h (Paddle2ONNX's HardSwish
// written out as Add, Clip, Mul, Div; PP-LCNetV3's affine Mul, Add) fused
// into a producer's epilogue or one unary step. The fused result must be
// the same bits as the unfused graph's (the same graph with every
// intermediate exposed as a graph output, which stops all fusion), on
// awkward shapes (13 channels, 11x7 images, batch 2, a 5-row GEMM) and, for
// a graph input, on IEEE specials; and within 1e-5 of the reference executor.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>

#include "ops_test_util.h"
#include "ops/reference/reference.h"
#include "runtime/session.h"
#include "session_test_util.h"

namespace nnslim {
namespace {

using test::listing;
using test::plan_has;
using test::random_tensor;

enum class Chain { kHardSwish, kAffineHardSwish, kAffine, kHardSwishAffine, kAffineHardSwishAffine, kUnitSwish };
const std::vector<Chain> kChains = {Chain::kHardSwish, Chain::kAffineHardSwish, Chain::kAffine, Chain::kHardSwishAffine,
                                    Chain::kAffineHardSwishAffine, Chain::kUnitSwish};

const char* chain_name(Chain c) {
  switch (c) {
    case Chain::kHardSwish: return "Add+Clip+Mul+Div (HardSwish)";
    case Chain::kAffineHardSwish: return "Mul+Add+Add+Clip+Mul+Div (affine, HardSwish)";
    case Chain::kAffine: return "Mul+Add (affine)";
    case Chain::kHardSwishAffine: return "Add+Clip+Mul+Div+Mul+Add (HardSwish, affine)";
    case Chain::kAffineHardSwishAffine: return "Mul+Add+Add+Clip+Mul+Div+Mul+Add (affine, HardSwish, affine)";
    case Chain::kUnitSwish: return "Mul+Sigmoid+Mul (Swish)";
  }
  return "";
}

// Appends `chain` reading `x` and writing "y"; returns the intermediates.
std::vector<std::string> add_chain(test::OpGraph& g, std::string x, Chain chain, bool swapped) {
  std::vector<std::string> inner;
  if (chain == Chain::kUnitSwish) {  // Paddle's swish: x * Sigmoid(x * 1)
    g.floats("one", {1.f}, {});
    g.node("Mul", swapped ? std::vector<std::string>{"one", x} : std::vector<std::string>{x, "one"}, {"sw_u"})
        .node("Sigmoid", {"sw_u"}, {"sw_s"})
        .node("Mul", swapped ? std::vector<std::string>{"sw_s", x} : std::vector<std::string>{x, "sw_s"}, {"y"});
    return {"sw_u", "sw_s"};
  }
  const bool pre = chain == Chain::kAffine || chain == Chain::kAffineHardSwish || chain == Chain::kAffineHardSwishAffine;
  const bool post = chain == Chain::kHardSwishAffine || chain == Chain::kAffineHardSwishAffine;
  if (pre) {
    g.floats("k", {1.75f}, {1}).floats("c", {-0.375f}, {1});
    g.node("Mul", swapped ? std::vector<std::string>{"k", x} : std::vector<std::string>{x, "k"}, {"lab_m"}, {}, "lab_mul")
        .node("Add", swapped ? std::vector<std::string>{"c", "lab_m"} : std::vector<std::string>{"lab_m", "c"},
              {chain == Chain::kAffine ? "y" : "lab_a"}, {}, "lab_add");
    inner.push_back("lab_m");
    if (chain == Chain::kAffine) return inner;
    inner.push_back("lab_a");
    x = "lab_a";
  }
  g.floats("three", {3.f}, {}).floats("zero", {0.f}, {}).floats("six", {6.f}, {}).floats("six_d", {6.f}, {1});
  g.node("Add", swapped ? std::vector<std::string>{"three", x} : std::vector<std::string>{x, "three"}, {"hs_a"}, {},
         "hs_add")
      .node("Clip", {"hs_a", "zero", "six"}, {"hs_c"}, {}, "hs_clip")
      .node("Mul", swapped ? std::vector<std::string>{"hs_c", x} : std::vector<std::string>{x, "hs_c"}, {"hs_m"}, {},
            "hs_mul")
      .node("Div", {"hs_m", "six_d"}, {post ? "hs_d" : "y"}, {}, "hs_div");
  inner.insert(inner.end(), {"hs_a", "hs_c", "hs_m"});
  if (post) {
    g.floats("k2", {0.4375f}, {}).floats("c2", {0.8125f}, {1, 1});
    g.node("Mul", swapped ? std::vector<std::string>{"k2", "hs_d"} : std::vector<std::string>{"hs_d", "k2"}, {"lab2_m"})
        .node("Add", {"lab2_m", "c2"}, {"y"});
    inner.insert(inner.end(), {"hs_d", "lab2_m"});
  }
  return inner;
}

// The producer of the chain's input: a graph input, or a conv / depthwise
// conv / MatMul of it. Returns the value the chain reads.
std::string add_producer(test::OpGraph& g, const std::string& producer, const Shape& x) {
  g.input("x", x);
  if (producer == "input") return "x";
  const int64_t c = 13;
  if (producer == "gemm") {
    g.tensor("w", random_tensor({x[1], c}, 11, 0.5f)).node("MatMul", {"x", "w"}, {"p"}, {}, "producer");
  } else if (producer == "dwconv") {
    g.tensor("w", random_tensor({c, 1, 3, 3}, 11, 0.5f))
        .tensor("b", random_tensor({c}, 12))
        .node("Conv", {"x", "w", "b"}, {"p"},
              {{"group", Attribute::make_int(c)}, {"pads", Attribute::make_ints({1, 1, 1, 1})}}, "producer");
  } else {
    const int64_t k = producer == "conv1x1" ? 1 : 3;
    g.tensor("w", random_tensor({c, x[1], k, k}, 11, 0.5f))
        .tensor("b", random_tensor({c}, 12))
        .node("Conv", {"x", "w", "b"}, {"p"}, {{"pads", Attribute::make_ints({k / 2, k / 2, k / 2, k / 2})}},
              "producer");
  }
  return "p";
}

// Same bits, a NaN matching any NaN.
std::string bit_mismatches(const Tensor& got, const Tensor& want) {
  REQUIRE(got.dims == want.dims);
  const float* a = got.data<float>();
  const float* b = want.data<float>();
  for (int64_t i = 0; i < want.numel(); ++i) {
    if (std::isnan(a[i]) && std::isnan(b[i])) continue;
    if (std::memcmp(&a[i], &b[i], sizeof(float)) != 0)
      return "element " + std::to_string(i) + ": " + std::to_string(a[i]) + " vs " + std::to_string(b[i]);
  }
  return "";
}

// Runs the graph as built (outputs {y}) and with every intermediate value as
// an extra output (nothing fuses); checks y is the same bits. Returns the
// fused plan.
std::vector<std::string> check_fused_equals_unfused(test::OpGraph& g, const std::vector<std::string>& inner,
                                                    const TensorPtr& input) {
  Graph unfused = g.graph;
  for (const std::string& v : inner) unfused.outputs.push_back(unfused.find_value(v));
  Session fused_session(g.graph), unfused_session(unfused);
  const std::vector<NamedTensor> want = unfused_session.run(test::feeds_for(unfused, {input}));
  const std::vector<std::string> unfused_plan = unfused_session.describe_plan();
  INFO("unfused plan:\n" << listing(unfused_plan));
  CHECK(!plan_has(unfused_plan, "affine"));
  CHECK(!plan_has(unfused_plan, "(HardSwish)"));
  for (int repeat = 0; repeat < 2; ++repeat) {
    const std::vector<NamedTensor> got = fused_session.run(test::feeds_for(g.graph, {input}));
    REQUIRE(got.size() == 1);
    INFO("fused plan:\n" << listing(fused_session.describe_plan()));
    CHECK(bit_mismatches(*got[0].tensor, *want[0].tensor) == "");
  }
  return fused_session.describe_plan();
}

TEST_CASE("activation chains: fused into conv, dwconv and gemm epilogues or one step, bit-identical to the unfused steps",
          "[session][activation-chain]") {
  for (Chain chain : kChains)
    for (const char* producer : {"input", "conv1x1", "conv3x3", "dwconv", "gemm"})
      for (bool swapped : {false, true}) {
        const std::string name = chain_name(chain);
        INFO(name << " after " << producer << (swapped ? ", operands swapped" : ""));
        test::OpGraph g;
        const bool gemm = std::string(producer) == "gemm";
        const Shape x = gemm ? Shape{5, 24} : Shape{2, 13, 11, 7};
        const std::string src = add_producer(g, producer, x);
        std::vector<std::string> inner = add_chain(g, src, chain, swapped);
        if (src != "x") inner.push_back(src);
        g.graph.outputs = {g.graph.find_value("y")};
        const TensorPtr input = random_tensor(x, 14, 4.f);
        const auto plan = check_fused_equals_unfused(g, inner, input);
        INFO(listing(plan));
        if (src == "x") {
          CHECK(plan_has(plan, name + " -> f32_v"));
          CHECK(plan.size() == 1);
        } else {
          CHECK(plan_has(plan, "+" + name + " -> "));
          // One step for the producer and its chain, plus the layout copies at the edges.
          CHECK(plan.size() == (gemm ? 1u : 3u));
        }
        const auto checked = test::check_session_matches_reference(g.graph, {input});
        CHECK(!plan_has(checked, "reference"));
      }
}

TEST_CASE("activation chains: IEEE specials give the bits of the separate steps and of the reference executor",
          "[session][activation-chain]") {
  const float inf = std::numeric_limits<float>::infinity(), nan = std::numeric_limits<float>::quiet_NaN();
  const std::vector<float> specials = {nan, inf, -inf, 0.f, -0.f, -3.f, 3.f, -6.f, 6.f, 1e-39f, -1e-39f,
                                       3e38f, -3e38f, -2.9999998f, 2.9999998f, 1e-7f, -1e-7f};
  for (Chain chain : kChains) {
    INFO(chain_name(chain));
    test::OpGraph g;
    const Shape x = {1, 3, 5, 7};  // 105 values: SIMD blocks of 8, 4 and a tail of 1
    add_producer(g, "input", x);
    const std::vector<std::string> inner = add_chain(g, "x", chain, false);
    g.graph.outputs = {g.graph.find_value("y")};
    TensorPtr input = random_tensor(x, 21, 8.f);
    for (size_t i = 0; i < specials.size(); ++i) {
      input->data<float>()[i] = specials[i];
      input->data<float>()[104 - i] = specials[i];
    }
    check_fused_equals_unfused(g, inner, input);
    if (chain == Chain::kUnitSwish) continue;  // the reference's sigmoid is libm's, not the SIMD one
    const std::vector<TensorPtr> expected = run_reference(g.graph, {input});
    Session session(g.graph);
    const std::vector<NamedTensor> got = session.run(test::feeds_for(g.graph, {input}));
    CHECK(bit_mismatches(*got[0].tensor, *expected[0]) == "");
  }
}

TEST_CASE("activation chains: not fused when an intermediate has another reader or the form differs",
          "[session][activation-chain]") {
  const Shape x = {1, 5, 3, 3};
  const TensorPtr input = random_tensor(x, 31, 5.f);
  // The Clip's output is also a graph output: four separate steps.
  {
    test::OpGraph g;
    add_producer(g, "conv1x1", x);
    add_chain(g, "p", Chain::kHardSwish, false);
    g.graph.outputs = {g.graph.find_value("y"), g.graph.find_value("hs_c")};
    const auto plan = test::check_session_matches_reference(g.graph, {input});
    INFO(listing(plan));
    CHECK(!plan_has(plan, "(HardSwish)"));
    CHECK(plan_has(plan, "f32_vdivc"));
  }
  // Div(6, m) is not the HardSwish: the Div stays its own step.
  {
    test::OpGraph g;
    add_producer(g, "input", x);
    g.floats("three", {3.f}, {}).floats("six", {6.f}, {});
    g.node("Add", {"x", "three"}, {"a"}).node("Relu", {"a"}, {"c"}).node("Mul", {"x", "c"}, {"m"}).node("Div", {"six", "m"}, {"y"});
    g.graph.outputs = {g.graph.find_value("y")};
    const auto plan = test::check_session_matches_reference(g.graph, {input});
    INFO(listing(plan));
    CHECK(!plan_has(plan, "(HardSwish)"));
  }
  // x * Sigmoid(x * 1.0000001) is no Swish.
  {
    test::OpGraph g;
    add_producer(g, "conv1x1", x);
    g.floats("one", {1.0000001f}, {});
    g.node("Mul", {"p", "one"}, {"u"}).node("Sigmoid", {"u"}, {"s"}).node("Mul", {"p", "s"}, {"y"});
    g.graph.outputs = {g.graph.find_value("y")};
    const auto plan = test::check_session_matches_reference(g.graph, {input});
    INFO(listing(plan));
    CHECK(!plan_has(plan, "Swish"));
  }
  // A Mul by a scalar after the HardSwish with no Add after it: the chain
  // ends at the Div (the Mul's scale must not leak into the kernel's params).
  {
    test::OpGraph g;
    add_producer(g, "conv1x1", x);
    std::vector<std::string> inner = add_chain(g, "p", Chain::kHardSwish, false);
    g.floats("k2", {0.4375f}, {});
    g.node("Mul", {"y", "k2"}, {"m"}).node("Relu", {"m"}, {"out"});
    g.graph.outputs = {g.graph.find_value("out")};
    inner.insert(inner.end(), {"p", "y", "m"});
    const auto plan = check_fused_equals_unfused(g, inner, input);
    INFO(listing(plan));
    CHECK(plan_has(plan, "Conv+Add+Clip+Mul+Div (HardSwish) -> "));
    CHECK(plan_has(plan, "Mul+Relu -> f32_vmulc"));
  }
  // A per-channel scale is no scalar affine block.
  {
    test::OpGraph g;
    add_producer(g, "conv1x1", x);
    g.tensor("k", random_tensor({13, 1, 1}, 32)).floats("c", {0.5f}, {1});
    g.node("Mul", {"p", "k"}, {"m"}).node("Add", {"m", "c"}, {"y"});
    g.graph.outputs = {g.graph.find_value("y")};
    const auto plan = test::check_session_matches_reference(g.graph, {input});
    INFO(listing(plan));
    CHECK(!plan_has(plan, "affine"));
  }
  // The conv's output has a third reader: no epilogue, but the chain is still
  // one step reading the written output (and the same bits).
  {
    test::OpGraph g;
    add_producer(g, "conv3x3", x);
    std::vector<std::string> inner = add_chain(g, "p", Chain::kHardSwish, false);
    g.node("Relu", {"p"}, {"side"});
    g.node("Add", {"y", "side"}, {"out"});
    g.graph.outputs = {g.graph.find_value("out")};
    inner.insert(inner.end(), {"p", "y", "side"});
    const auto plan = check_fused_equals_unfused(g, inner, input);
    INFO(listing(plan));
    CHECK(plan_has(plan, "Add+Clip+Mul+Div (HardSwish) -> f32_vhswishdiv_ukernel__wasmsimd_x8"));
    CHECK(!plan_has(plan, "Conv+"));
  }
}

}  // namespace
}  // namespace nnslim
