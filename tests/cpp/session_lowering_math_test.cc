// Fast lowerings of the "math" ops real converter graphs put after their
// convolutions: unary Exp/Sqrt/Abs/Neg/HardSigmoid, PRelu, Swish, the
// non-clamp activations fused into conv/depthwise/gemm, ReduceMean/Sum/Max,
// comparisons, Not, Where and Cast. Each runs against the reference executor
// on awkward shapes (5 and 13 channels, odd H/W, negative axes,
// broadcasting), once fed by an NHWC producer (a Conv) and once by an NCHW
// one (a graph input), and checks the plan took the fast step and ran no
// reference step.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>

#include "core/error.h"
#include "ops_test_util.h"
#include "ops/reference/reference.h"
#include "runtime/session.h"
#include "session_test_util.h"

namespace nnslim {
namespace {

using test::count_steps;
using test::listing;
using test::plan_has;
using test::random_tensor;

// Compares every output with the reference executor's: floats within
// `tolerance` relative to max(1, max |reference|), NaN only where the
// reference has NaN; every other dtype byte for byte. Runs twice (the second
// run reuses the plan). Returns the plan.
std::vector<std::string> check_against_reference(const Graph& graph, const std::vector<TensorPtr>& inputs,
                                                 double tolerance = 1e-5) {
  return test::check_runs_match_reference(graph, inputs, [tolerance](const Tensor& got, const Tensor& want) {
    return test::mismatches_within(got, want, tolerance);
  });
}

// x [N, C, H, W] as a graph input, optionally through a 1x1 Conv first (the
// op then meets an NHWC producer). Returns the name of the op's input.
std::string add_source(test::OpGraph& g, const Shape& x, bool through_conv, uint64_t seed) {
  g.input("x", x);
  if (!through_conv) return "x";
  g.tensor("w_src", random_tensor({x[1], x[1], 1, 1}, seed + 100, 0.7f))
      .node("Conv", {"x", "w_src"}, {"src"}, {}, "conv_src");
  return "src";
}

void check_fast(const std::vector<std::string>& plan, const std::string& needle) {
  INFO(listing(plan));
  CHECK(plan_has(plan, needle));
  CHECK(!plan_has(plan, "reference"));
}

TEST_CASE("session: unary Exp/Sqrt/Abs/Neg/HardSigmoid/LeakyRelu run the f32 vunary kernels in both layouts",
          "[session][lowermath]") {
  struct Case { const char* op; const char* kernel; AttributeMap attrs; };
  const std::vector<Case> cases = {
      {"Exp", "f32_vexp_ukernel__wasmsimd_x8", {}},
      {"Abs", "f32_vabs_ukernel__wasmsimd_x8", {}},
      {"Neg", "f32_vneg_ukernel__wasmsimd_x8", {}},
      {"HardSigmoid", "f32_vhsigmoid_ukernel__wasmsimd_x8",
       {{"alpha", Attribute::make_float(0.3f)}, {"beta", Attribute::make_float(0.4f)}}},
      {"LeakyRelu", "f32_vlrelu_ukernel__wasmsimd_x8", {{"alpha", Attribute::make_float(0.2f)}}},
  };
  for (const Case& c : cases)
    for (bool conv : {false, true}) {
      INFO(c.op << (conv ? " after a conv (NHWC)" : " on a graph input (NCHW)"));
      test::OpGraph g;
      const Shape x = {2, 13, 3, 5};
      const std::string src = add_source(g, x, conv, 1);
      // A second consumer keeps a fused conv epilogue out of the way: this
      // checks the standalone step.
      g.node(c.op, {src}, {"y"}, c.attrs, "op").node("Relu", {src}, {"side"}, {}, "side");
      g.graph.outputs = {g.graph.find_value("y"), g.graph.find_value("side")};
      check_fast(check_against_reference(g.graph, {random_tensor(x, 2, 3.f)}), c.kernel);
    }
  // Sqrt of |x| (a negative input would be NaN in both executors).
  for (bool conv : {false, true}) {
    test::OpGraph g;
    const std::string src = add_source(g, {1, 5, 7, 3}, conv, 3);
    g.node("Abs", {src}, {"a"}, {}, "abs").node("Sqrt", {"a"}, {"y"}, {}, "sqrt");
    g.graph.outputs = {g.graph.find_value("y")};
    check_fast(check_against_reference(g.graph, {random_tensor({1, 5, 7, 3}, 4)}), "f32_vsqrt_ukernel__wasmsimd_x8");
  }
}

TEST_CASE("session: Swish and HardSwish written as Mul(x, Sigmoid(x)) / Mul(x, HardSigmoid(x)) are one step", "[session][lowermath]") {
  for (bool swapped : {false, true}) {
    test::OpGraph g;
    g.input("x", {2, 5, 3, 3})
        .node("Sigmoid", {"x"}, {"s"}, {}, "sigmoid")
        .node("Mul", swapped ? std::vector<std::string>{"s", "x"} : std::vector<std::string>{"x", "s"}, {"y"}, {},
              "mul");
    g.graph.outputs = {g.graph.find_value("y")};
    const auto plan = check_against_reference(g.graph, {random_tensor({2, 5, 3, 3}, 5, 6.f)});
    check_fast(plan, "Sigmoid+Mul (Swish) -> f32_vswish_ukernel__wasmsimd_x8");
    CHECK(plan.size() == 1);
  }
  // PyTorch's hardswish before opset 14: Mul(x, HardSigmoid(x, alpha = 1/6)).
  for (bool conv : {false, true}) {
    test::OpGraph g;
    const std::string src = add_source(g, {1, 13, 5, 3}, conv, 55);
    g.node("HardSigmoid", {src}, {"h"}, {{"alpha", Attribute::make_float(1.0f / 6.0f)}}, "hsigmoid")
        .node("Mul", {src, "h"}, {"y"}, {}, "mul");
    g.graph.outputs = {g.graph.find_value("y")};
    const auto plan = check_against_reference(g.graph, {random_tensor({1, 13, 5, 3}, 56, 6.f)});
    check_fast(plan, conv ? "Conv+HardSwish -> f32 gemm" : "HardSigmoid+Mul (HardSwish) -> f32_vhswish");
  }
  // Another alpha is not a HardSwish: two steps.
  test::OpGraph other;
  other.input("x", {1, 3, 4, 4})
      .node("HardSigmoid", {"x"}, {"h"}, {}, "hsigmoid")
      .node("Mul", {"x", "h"}, {"y"}, {}, "mul");
  other.graph.outputs = {other.graph.find_value("y")};
  const auto two = check_against_reference(other.graph, {random_tensor({1, 3, 4, 4}, 57, 6.f)});
  check_fast(two, "HardSigmoid -> f32_vhsigmoid");
  CHECK(plan_has(two, "Mul -> f32_vmul"));
  // The Sigmoid's output also read elsewhere: no fusion, both still fast.
  test::OpGraph g;
  g.input("x", {1, 3, 2, 5})
      .node("Sigmoid", {"x"}, {"s"}, {}, "sigmoid")
      .node("Mul", {"x", "s"}, {"y"}, {}, "mul");
  g.graph.outputs = {g.graph.find_value("y"), g.graph.find_value("s")};
  const auto plan = check_against_reference(g.graph, {random_tensor({1, 3, 2, 5}, 6)});
  check_fast(plan, "Sigmoid -> f32_vsigmoid");
  CHECK(!plan_has(plan, "Swish"));
}

TEST_CASE("session: PRelu with a per-channel, a scalar and a full slope", "[session][lowermath]") {
  const Shape x = {2, 5, 3, 7};
  for (bool conv : {false, true})
    for (const Shape& slope : std::vector<Shape>{{5, 1, 1}, {1}, {1, 5, 1, 1}, {3, 7}}) {
      INFO("slope " << shape_to_string(slope) << (conv ? " after a conv" : ""));
      test::OpGraph g;
      const std::string src = add_source(g, x, conv, 7);
      g.tensor("slope", random_tensor(slope, 8))
          .node("PRelu", {src, "slope"}, {"y"}, {}, "prelu")
          .node("Relu", {src}, {"side"}, {}, "side");  // keeps PRelu out of the conv's epilogue
      g.graph.outputs = {g.graph.find_value("y"), g.graph.find_value("side")};
      check_fast(check_against_reference(g.graph, {random_tensor(x, 9)}), "PRelu -> f32_vprelu");
    }
}

// Conv (1x1, 3x3 or depthwise) or Gemm followed by `act` (one or two nodes
// reading the producer's output and nothing else): fused as an epilogue.
TEST_CASE("session: HardSwish, HardSigmoid, LeakyRelu, Sigmoid, Swish and PRelu fuse into conv, dwconv and gemm",
          "[session][lowermath]") {
  for (const char* act : {"HardSwish", "HardSigmoid", "LeakyRelu", "Tanh", "Swish", "PRelu"}) {
    for (const char* producer : {"conv1x1", "conv3x3", "dwconv", "gemm"}) {
      INFO(act << " after " << producer);
      test::OpGraph g;
      const bool gemm = std::string(producer) == "gemm";
      const int64_t c = 13;
      const Shape x = gemm ? Shape{5, 24} : Shape{2, c, 11, 7};
      g.input("x", x);
      if (gemm) {
        g.tensor("w", random_tensor({24, c}, 11, 0.5f)).node("MatMul", {"x", "w"}, {"p"}, {}, "producer");
      } else if (std::string(producer) == "dwconv") {
        g.tensor("w", random_tensor({c, 1, 3, 3}, 11, 0.5f))
            .tensor("b", random_tensor({c}, 12))
            .node("Conv", {"x", "w", "b"}, {"p"},
                  {{"group", Attribute::make_int(c)}, {"pads", Attribute::make_ints({1, 1, 1, 1})}}, "producer");
      } else {
        const int64_t k = std::string(producer) == "conv1x1" ? 1 : 3;
        g.tensor("w", random_tensor({c, c, k, k}, 11, 0.5f))
            .tensor("b", random_tensor({c}, 12))
            .node("Conv", {"x", "w", "b"}, {"p"}, {{"pads", Attribute::make_ints({k / 2, k / 2, k / 2, k / 2})}},
                  "producer");
      }
      const std::string a = act;
      if (a == "Swish") {
        g.node("Sigmoid", {"p"}, {"s"}, {}, "sigmoid").node("Mul", {"p", "s"}, {"y"}, {}, "mul");
      } else if (a == "PRelu") {
        g.tensor("slope", random_tensor(gemm ? Shape{c} : Shape{c, 1, 1}, 13)).node("PRelu", {"p", "slope"}, {"y"}, {}, "act");
      } else {
        AttributeMap attrs;
        if (a == "LeakyRelu") attrs["alpha"] = Attribute::make_float(0.15f);
        g.node(a, {"p"}, {"y"}, attrs, "act");
      }
      g.graph.outputs = {g.graph.find_value("y")};
      const auto plan = check_against_reference(g.graph, {random_tensor(x, 14, 3.f)});
      INFO(listing(plan));
      CHECK(plan_has(plan, "+" + a + " -> "));
      CHECK(!plan_has(plan, "reference"));
      // One step for the producer and its activation, plus the layout copies at the edges.
      CHECK(plan.size() == (gemm ? 1u : 3u));
    }
  }
}

TEST_CASE("session: a fused epilogue covers every strip of a large 1x1 conv and a grouped IGEMM conv", "[session][lowermath]") {
  // 37 x 29 = 1073 pixels: 16 full 64-pixel strips and a partial one.
  test::OpGraph g;
  g.input("x", {1, 8, 37, 29})
      .tensor("w", random_tensor({24, 8, 1, 1}, 15))
      .node("Conv", {"x", "w"}, {"p"}, {}, "conv")
      .node("HardSwish", {"p"}, {"y"}, {}, "hswish");
  g.graph.outputs = {g.graph.find_value("y")};
  check_fast(check_against_reference(g.graph, {random_tensor({1, 8, 37, 29}, 16, 4.f)}), "Conv+HardSwish -> f32 gemm (1x1)");
  // A grouped 3x3 IGEMM conv, batch 2, 13 x 11 = 143 pixels: strips of 64,
  // 64 and 15 in each image, every group written before the strip's epilogue.
  test::OpGraph h;
  h.input("x", {2, 6, 13, 11})
      .tensor("w", random_tensor({10, 3, 3, 3}, 17, 0.5f))
      .tensor("b", random_tensor({10}, 18))
      .node("Conv", {"x", "w", "b"}, {"p"},
            {{"group", Attribute::make_int(2)}, {"pads", Attribute::make_ints({1, 1, 1, 1})}}, "conv")
      .node("HardSigmoid", {"p"}, {"y"}, {}, "hsigmoid");
  h.graph.outputs = {h.graph.find_value("y")};
  check_fast(check_against_reference(h.graph, {random_tensor({2, 6, 13, 11}, 19, 3.f)}),
             "Conv+HardSigmoid -> f32 igemm");
}

// ReduceX of the source over `axes` (attribute or input by opset).
std::vector<std::string> check_reduce(const char* op, const Shape& x, const std::vector<int64_t>& axes, bool keepdims,
                                      bool through_conv, int64_t opset, uint64_t seed) {
  test::OpGraph g(opset);
  const std::string src = add_source(g, x, through_conv, seed);
  const bool axes_input = opset >= (std::string(op) == "ReduceSum" ? 13 : 18);
  AttributeMap attrs{{"keepdims", Attribute::make_int(keepdims ? 1 : 0)}};
  std::vector<std::string> inputs = {src};
  if (axes_input && !axes.empty()) {
    g.ints("axes", axes);
    inputs.push_back("axes");
  } else if (!axes.empty()) {
    attrs["axes"] = Attribute::make_ints(axes);
  }
  g.node(op, inputs, {"y"}, attrs, "reduce");
  g.graph.outputs = {g.graph.find_value("y")};
  INFO(op << " of " << shape_to_string(x) << " axes " << axes.size() << " keepdims " << keepdims
          << (through_conv ? " after a conv" : ""));
  return check_against_reference(g.graph, {random_tensor(x, seed + 1, 2.f)});
}

TEST_CASE("session: ReduceMean/Sum/Max/Min over channels, spatial axes and everything, in NHWC and NCHW",
          "[session][lowermath]") {
  const Shape x = {2, 13, 5, 3};
  for (bool conv : {true, false})
    for (bool keepdims : {true, false}) {
      // Over channels: contiguous runs in NHWC (rsum), rows in NCHW (rdsum).
      auto plan = check_reduce("ReduceMean", x, {1}, keepdims, conv, 13, 21);
      check_fast(plan, conv ? "ReduceMean -> f32_rsum" : "ReduceMean -> f32_rdsum");
      if (conv) CHECK(plan.size() == 3);  // input layout copy, conv, reduce: no copy around the reduce
      plan = check_reduce("ReduceMax", x, {-3}, keepdims, conv, 13, 23);
      check_fast(plan, "ReduceMax -> f32_r");
      // Over H and W (a global pool): rows of C in NHWC, contiguous in NCHW.
      plan = check_reduce("ReduceMean", x, {2, 3}, keepdims, conv, 13, 25);
      check_fast(plan, conv ? "ReduceMean -> f32_rdsum" : "ReduceMean -> f32_rsum");
      plan = check_reduce("ReduceSum", x, {-1, -2}, keepdims, conv, 13, 27);  // axes as an input (opset 13)
      check_fast(plan, "ReduceSum -> f32_r");
      // Everything (no axes), and the last axis only.
      check_fast(check_reduce("ReduceSum", x, {}, keepdims, conv, 11, 29), "ReduceSum -> f32_r");
      check_fast(check_reduce("ReduceMax", x, {3}, keepdims, conv, 18, 31), "ReduceMax -> f32_r");  // opset 18 input
      check_fast(check_reduce("ReduceMin", x, {1}, keepdims, conv, 13, 32), "ReduceMin -> f32_r");
      // W and C: contiguous in NHWC; in NCHW the axes are apart (reference).
      plan = check_reduce("ReduceMean", x, {1, 3}, keepdims, conv, 13, 33);
      if (conv) check_fast(plan, "ReduceMean -> f32_rsum");
      else CHECK(plan_has(plan, "reference"));
    }
  // Rank 2 and 3, odd sizes, and a big row (the 16-wide body).
  check_fast(check_reduce("ReduceMean", {3, 67}, {-1}, false, false, 13, 35), "ReduceMean -> f32_rsum");
  check_fast(check_reduce("ReduceMax", {5, 7, 9}, {0}, true, false, 13, 37), "ReduceMax -> f32_rdmax");
  check_fast(check_reduce("ReduceSum", {1, 1000}, {1}, true, false, 13, 39), "ReduceSum -> f32_rsum");
}

TEST_CASE("session: ReduceMean over channels keeps a downstream conv in NHWC (keepdims, H/W kept)",
          "[session][lowermath]") {
  // Reduce over C keepdims -> [N,1,H,W]: bytes in NHWC order; then a conv of 1 input channel.
  test::OpGraph g;
  g.input("x", {1, 5, 9, 7})
      .tensor("w1", random_tensor({5, 5, 3, 3}, 41, 0.4f))
      .tensor("w2", random_tensor({3, 1, 1, 1}, 42))
      .node("Conv", {"x", "w1"}, {"c1"}, {{"pads", Attribute::make_ints({1, 1, 1, 1})}}, "conv1")
      .node("ReduceMean", {"c1"}, {"m"}, {{"axes", Attribute::make_ints({1})}}, "mean")
      .node("Conv", {"m", "w2"}, {"y"}, {}, "conv2");
  g.graph.outputs = {g.graph.find_value("y")};
  check_fast(check_against_reference(g.graph, {random_tensor({1, 5, 9, 7}, 43)}), "ReduceMean -> f32_rsum");
}

TEST_CASE("session: a reduce axis out of range is an Error naming the node", "[session][lowermath]") {
  test::OpGraph g;
  g.input("x", {1, 3, 4, 4}).node("ReduceMean", {"x"}, {"y"}, {{"axes", Attribute::make_ints({4})}}, "bad_reduce");
  g.graph.outputs = {g.graph.find_value("y")};
  auto run = [&] {
    Session session(g.graph);
    session.run({{"x", random_tensor({1, 3, 4, 4}, 1)}});
  };
  CHECK_THROWS_AS(run(), Error);
  CHECK_THROWS_WITH(run(), Catch::Contains("bad_reduce") && Catch::Contains("axis"));
}

TEST_CASE("session: Greater -> Where -> Cast post-processing chains after a conv stay NHWC", "[session][lowermath]") {
  for (bool conv : {true, false}) {
    INFO((conv ? "after a conv" : "on a graph input"));
    test::OpGraph g;
    const Shape x = {2, 5, 3, 7};
    const std::string src = add_source(g, x, conv, 51);
    g.floats("threshold", {0.1f}, {})
        .floats("zero", {0.f}, {})
        .tensor("per_channel", random_tensor({5, 1, 1}, 52, 0.5f))
        .node("Greater", {src, "threshold"}, {"keep"}, {}, "greater")
        .node("Where", {"keep", src, "zero"}, {"kept"}, {}, "where")
        .node("Less", {"per_channel", src}, {"below"}, {}, "less")       // scalar-free broadcast, a first
        .node("Not", {"below"}, {"above"}, {}, "not")
        .node("Cast", {"above"}, {"above_f"}, {{"to", Attribute::make_int(1)}}, "cast_f")
        .node("Equal", {"kept", "zero"}, {"dropped"}, {}, "equal")
        .node("Cast", {"dropped"}, {"dropped_i"}, {{"to", Attribute::make_int(7)}}, "cast_i64")
        .node("Where", {"below", "per_channel", "kept"}, {"mixed"}, {}, "where_mixed");
    g.graph.outputs = {g.graph.find_value("kept"), g.graph.find_value("above_f"), g.graph.find_value("dropped_i"),
                       g.graph.find_value("mixed"), g.graph.find_value("keep")};
    const auto plan = check_against_reference(g.graph, {random_tensor(x, 53)});
    INFO(listing(plan));
    CHECK(plan_has(plan, "Greater -> f32_vcmpgt_ukernel__wasmsimd_x16"));
    CHECK(plan_has(plan, "Less -> f32_vcmplt_ukernel__wasmsimd_x16"));
    CHECK(plan_has(plan, "Equal -> f32_vcmpeq_ukernel__wasmsimd_x16"));
    CHECK(plan_has(plan, "Not -> b8_vnot_ukernel__wasmsimd_x16"));
    CHECK(plan_has(plan, "Where -> x32_vselect_ukernel__wasmsimd_x8"));
    CHECK(plan_has(plan, "Cast -> b8_f32_vcvt_ukernel__wasmsimd_x16"));
    CHECK(plan_has(plan, "Cast -> b8_s64_vcvt_ukernel__scalar_x1"));
    CHECK(!plan_has(plan, "reference"));
    if (conv) {
      // One copy of the input to NHWC, then only copies of the five graph outputs back to NCHW.
      size_t copies = 0;
      for (const auto& step : plan) copies += step.find("layout") != std::string::npos;
      CHECK(copies == 6);
    }
  }
}

TEST_CASE("session: a band test with GreaterOrEqual, LessOrEqual, And, Or, Xor after a conv", "[session][lowermath]") {
  for (bool conv : {true, false}) {
    test::OpGraph g;
    const Shape x = {1, 5, 7, 9};
    const std::string src = add_source(g, x, conv, 81);
    g.floats("lo", {-0.2f}, {})
        .tensor("hi", random_tensor({5, 1, 1}, 82, 0.5f))
        .node("GreaterOrEqual", {src, "lo"}, {"above"}, {}, "ge")
        .node("LessOrEqual", {src, "hi"}, {"below"}, {}, "le")
        .node("And", {"above", "below"}, {"band"}, {}, "and")
        .node("Not", {"band"}, {"outside"}, {}, "not")
        .node("Or", {"outside", "above"}, {"either"}, {}, "or")
        .node("Xor", {"either", "below"}, {"y"}, {}, "xor");
    g.graph.outputs = {g.graph.find_value("y"), g.graph.find_value("band")};
    const auto plan = check_against_reference(g.graph, {random_tensor(x, 83)});
    check_fast(plan, "GreaterOrEqual -> f32_vcmpge_ukernel__wasmsimd_x16");
    check_fast(plan, "LessOrEqual -> f32_vcmple_ukernel__wasmsimd_x16");
    check_fast(plan, "And -> b8_vand_ukernel__wasmsimd_x16");
    check_fast(plan, "Or -> b8_vor_ukernel__wasmsimd_x16");
    check_fast(plan, "Xor -> b8_vxor_ukernel__wasmsimd_x16");
  }
}

TEST_CASE("session: Where and comparisons broadcast every operand", "[session][lowermath]") {
  test::OpGraph g;
  // cond [2,1,5,1], a [5,1], b [2,3,1,4] -> [2,3,5,4]: each operand broadcasts on some axis.
  g.input("cond_src", {2, 1, 5, 1}).input("a", {5, 1}).input("b", {2, 3, 1, 4});
  g.floats("half", {0.5f}, {})
      .node("Greater", {"cond_src", "half"}, {"cond"}, {}, "greater")
      .node("Where", {"cond", "a", "b"}, {"y"}, {}, "where")
      .node("Less", {"a", "b"}, {"lt"}, {}, "less");
  g.graph.outputs = {g.graph.find_value("y"), g.graph.find_value("lt")};
  const auto plan = check_against_reference(
      g.graph, {random_tensor({2, 1, 5, 1}, 61), random_tensor({5, 1}, 62), random_tensor({2, 3, 1, 4}, 63)});
  check_fast(plan, "Where -> x32_vselect");
  check_fast(plan, "Less -> f32_vcmplt");
}

TEST_CASE("session: Cast between float32, int32, int64, uint8, int8 and bool", "[session][lowermath]") {
  const std::vector<std::pair<DType, DType>> pairs = {
      {DType::Float32, DType::Int32}, {DType::Int32, DType::Float32}, {DType::Float32, DType::Int64},
      {DType::Int64, DType::Float32}, {DType::Float32, DType::Bool},  {DType::Float32, DType::Uint8},
      {DType::Float32, DType::Int8},  {DType::Int64, DType::Int32},   {DType::Uint8, DType::Float32}};
  for (const auto& [from, to] : pairs) {
    INFO(dtype_name(from) << " -> " << dtype_name(to));
    test::OpGraph g;
    const Shape x = {3, 5, 7};
    g.input("x", x);
    std::string src = "x";
    if (from != DType::Float32) {
      g.node("Cast", {"x"}, {"xc"}, {{"to", Attribute::make_int(static_cast<int64_t>(from))}}, "to_source");
      src = "xc";
    }
    g.node("Cast", {src}, {"y"}, {{"to", Attribute::make_int(static_cast<int64_t>(to))}}, "cast");
    g.graph.outputs = {g.graph.find_value("y")};
    check_fast(check_against_reference(g.graph, {random_tensor(x, 71, 300.f)}), "Cast -> ");
  }
}

// Values 0..3 only: every ArgMax row has ties.
TensorPtr tie_tensor(const Shape& dims, uint64_t seed) {
  TensorPtr t = random_tensor(dims, seed, 2.f);
  for (int64_t i = 0; i < t->numel(); ++i) t->data<float>()[i] = std::floor(t->data<float>()[i]) + 2.f;
  return t;
}

// ArgMax of x (ties everywhere), through an identity 1x1 conv (NHWC producer,
// exact values) or straight from the graph input (NCHW).
std::vector<std::string> check_argmax(const Shape& x, int64_t axis, bool keepdims, bool last, bool through_conv) {
  test::OpGraph g;
  g.input("x", x);
  std::string src = "x";
  if (through_conv) {
    std::vector<float> identity(static_cast<size_t>(x[1] * x[1]), 0.f);
    for (int64_t c = 0; c < x[1]; ++c) identity[static_cast<size_t>(c * x[1] + c)] = 1.f;
    g.floats("eye", identity, {x[1], x[1], 1, 1}).node("Conv", {"x", "eye"}, {"src"}, {}, "conv_identity");
    src = "src";
  }
  g.node("ArgMax", {src}, {"y"},
         {{"axis", Attribute::make_int(axis)}, {"keepdims", Attribute::make_int(keepdims)},
          {"select_last_index", Attribute::make_int(last)}},
         "argmax");
  g.graph.outputs = {g.graph.find_value("y")};
  INFO("ArgMax " << shape_to_string(x) << " axis " << axis << " keepdims " << keepdims << " last " << last
                 << (through_conv ? " after a conv" : ""));
  return check_against_reference(g.graph, {tie_tensor(x, static_cast<uint64_t>(axis + 10))});
}

TEST_CASE("session: ArgMax over channels and spatial axes, first and last index, both layouts",
          "[session][lowermath]") {
  const Shape x = {2, 13, 5, 3};
  for (bool conv : {true, false})
    for (bool keepdims : {true, false})
      for (bool last : {false, true}) {
        check_fast(check_argmax(x, 1, keepdims, last, conv), conv ? "ArgMax -> f32_rargmax" : "ArgMax -> f32_rdargmax");
        check_fast(check_argmax(x, -1, keepdims, last, conv), "ArgMax -> f32_r");
        check_fast(check_argmax(x, 2, keepdims, last, conv), "ArgMax -> f32_rdargmax");
      }
  check_fast(check_argmax({3, 37}, -1, false, false, false), "ArgMax -> f32_rargmax");
  check_fast(check_argmax({1, 21, 7, 9}, 1, true, false, true), "ArgMax -> f32_rargmax");  // a segmentation head
}

TEST_CASE("session: an ArgMax axis out of range is an Error naming the node", "[session][lowermath]") {
  test::OpGraph g;
  g.input("x", {1, 3, 4}).node("ArgMax", {"x"}, {"y"}, {{"axis", Attribute::make_int(-4)}}, "bad_argmax");
  g.graph.outputs = {g.graph.find_value("y")};
  auto run = [&] {
    Session session(g.graph);
    session.run({{"x", random_tensor({1, 3, 4}, 1)}});
  };
  CHECK_THROWS_WITH(run(), Catch::Contains("bad_argmax") && Catch::Contains("axis"));
}

}  // namespace
}  // namespace nnslim
