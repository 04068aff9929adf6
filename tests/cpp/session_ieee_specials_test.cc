// NaN and infinities through every f32 fast-step family: GEMM, IGEMM (conv),
// GEMV, depthwise conv, pooling, elementwise binary ops, activations (also
// fused as a clamp), softmax, reductions, BatchNormalization and the sparse
// steps. Inputs carry NaN, +inf and -inf at scattered positions; the fast
// plan's outputs must be NaN exactly where the reference executor's are, the
// same infinity where it has one, and close elsewhere (numeric_match.h). The
// reference follows numpy (ONNX's reference): max/min/clamps propagate NaN.
// Each case also checks that the fast kernel ran (no reference step) and that
// the reference output holds a NaN and a finite value, so a kernel that
// turns NaN into a bound (or everything into NaN) fails.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "ops_test_util.h"
#include "ops/reference/reference.h"
#include "session_test_util.h"

namespace nnslim {
namespace {

using test::check_session_matches_reference;
using test::listing;
using test::plan_has;
using test::random_tensor;

// t with NaN, +inf, -inf (in turn) at every `every`-th element from `first`.
TensorPtr with_specials(TensorPtr t, int64_t every, int64_t first = 0) {
  const float specials[] = {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(),
                            -std::numeric_limits<float>::infinity()};
  int k = 0;
  for (int64_t i = first; i < t->numel(); i += every) t->data<float>()[i] = specials[k++ % 3];
  return t;
}

// Runs graph (one float input x) against the reference; the plan must hold
// `kernel` and no reference step, and the reference output must mix NaN and
// finite values.
void check_specials(test::OpGraph& g, const TensorPtr& x, const std::string& kernel) {
  const std::vector<TensorPtr> expected = run_reference(g.graph, {x});
  bool has_nan = false, has_finite = false;
  for (const TensorPtr& e : expected)
    for (int64_t i = 0; i < e->numel(); ++i) {
      has_nan = has_nan || std::isnan(e->data<float>()[i]);
      has_finite = has_finite || std::isfinite(e->data<float>()[i]);
    }
  CHECK(has_nan);
  CHECK(has_finite);
  const std::vector<std::string> plan = check_session_matches_reference(g.graph, {x});
  INFO(listing(plan));
  CHECK(plan_has(plan, kernel));
  CHECK(!plan_has(plan, "reference"));
}

// p -> `act` ("", "Relu" or "Clip6": Clip to [0, 6]) -> y.
void add_activation(test::OpGraph& g, const std::string& act) {
  if (act.empty()) g.node("Identity", {"p"}, {"y"}, {}, "act");
  if (act == "Relu") g.node("Relu", {"p"}, {"y"}, {}, "act");
  if (act == "Clip6") g.floats("lo", {0.f}, {}).floats("hi", {6.f}, {}).node("Clip", {"p", "lo", "hi"}, {"y"}, {}, "act");
  g.graph.outputs = {g.graph.find_value("y")};
}

TEST_CASE("ieee: GEMM and GEMV with a fused clamp keep NaN and infinities", "[session][ieee]") {
  const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
  for (const char* act : {"", "Relu", "Clip6"}) {
    INFO("activation " << act);
    // GEMM: one special per row at most (a NaN poisons its row), other rows finite.
    test::OpGraph g;
    g.input("x", {5, 24}).tensor("w", random_tensor({24, 13}, 3)).tensor("b", random_tensor({13}, 4));
    g.node("Gemm", {"x", "w", "b"}, {"p"}, {}, "gemm");
    add_activation(g, act);
    TensorPtr x = random_tensor({5, 24}, 5, 2.f);
    x->data<float>()[3] = nan;
    x->data<float>()[2 * 24 + 7] = inf;
    x->data<float>()[4 * 24 + 1] = -inf;
    check_specials(g, x, "gemm");

    // GEMV: a NaN weight column and an infinite weight, so other outputs stay finite.
    TensorPtr w = random_tensor({24, 13}, 3);
    for (int64_t k = 0; k < 24; ++k) w->data<float>()[k * 13 + 2] = nan;
    w->data<float>()[5 * 13 + 6] = inf;
    w->data<float>()[7 * 13 + 9] = -inf;
    test::OpGraph h;
    h.input("x", {1, 24}).tensor("w", w).node("MatMul", {"x", "w"}, {"p"}, {}, "gemv");
    add_activation(h, act);
    check_specials(h, random_tensor({1, 24}, 6), "gemv");
  }
}

TEST_CASE("ieee: convolutions (IGEMM, 1x1 GEMM, depthwise) with a fused Relu keep NaN and infinities",
          "[session][ieee]") {
  struct Case { const char* name; int64_t k; bool depthwise; const char* kernel; };
  for (const Case& c : {Case{"conv3x3", 3, false, "igemm"}, Case{"conv1x1", 1, false, "gemm"},
                        Case{"dwconv", 3, true, "dwconv"}}) {
    for (bool relu : {false, true}) {
      INFO(c.name << (relu ? " + Relu" : ""));
      const int64_t ch = 13;
      test::OpGraph g;
      AttributeMap attrs = {{"pads", Attribute::make_ints({c.k / 2, c.k / 2, c.k / 2, c.k / 2})}};
      if (c.depthwise) attrs["group"] = Attribute::make_int(ch);
      g.input("x", {1, ch, 9, 11})
          .tensor("w", random_tensor({ch, c.depthwise ? 1 : ch, c.k, c.k}, 7, 0.5f))
          .tensor("b", random_tensor({ch}, 8))
          .node("Conv", {"x", "w", "b"}, {relu ? "p" : "y"}, attrs, "conv");
      if (relu) g.node("Relu", {"p"}, {"y"}, {}, "relu");
      g.graph.outputs = {g.graph.find_value("y")};
      check_specials(g, with_specials(random_tensor({1, ch, 9, 11}, 9), 97, 5), c.kernel);
    }
  }
}

TEST_CASE("ieee: max/average/global pooling keep NaN and infinities", "[session][ieee]") {
  struct Case { const char* op; AttributeMap attrs; const char* kernel; };
  const std::vector<Case> cases = {
      {"MaxPool", {{"kernel_shape", Attribute::make_ints({3, 3})}, {"pads", Attribute::make_ints({1, 1, 1, 1})}},
       "maxpool"},
      {"AveragePool", {{"kernel_shape", Attribute::make_ints({3, 3})}, {"strides", Attribute::make_ints({2, 2})}},
       "avgpool"},
      {"GlobalAveragePool", {}, "gavgpool"},
  };
  for (const Case& c : cases)
    for (bool nhwc : {false, true}) {
      INFO(c.op << (nhwc ? " after a depthwise 1x1 conv (NHWC)" : " on a graph input (NCHW)"));
      if (c.op == std::string("GlobalAveragePool") && !nhwc) continue;  // fast only on NHWC
      test::OpGraph g;
      g.input("x", {2, 13, 7, 9});
      std::string src = "x";
      if (nhwc) {
        // Per channel (group = channels), so a special stays in its channel.
        g.tensor("w_dw", random_tensor({13, 1, 1, 1}, 30))
            .node("Conv", {"x", "w_dw"}, {"dw"}, {{"group", Attribute::make_int(13)}}, "dw");
        src = "dw";
      }
      g.node(c.op, {src}, {"y"}, c.attrs, "pool");
      g.graph.outputs = {g.graph.find_value("y")};
      // Global pools: a special in some channels only.
      check_specials(g, with_specials(random_tensor({2, 13, 7, 9}, 10), 211, 17), c.kernel);
    }
}

TEST_CASE("ieee: elementwise Add/Sub/Mul/Div/Max/Min keep NaN and infinities", "[session][ieee]") {
  for (const char* op : {"Add", "Sub", "Mul", "Div", "Max", "Min"}) {
    for (bool broadcast : {false, true}) {
      INFO(op << (broadcast ? " broadcast" : ""));
      const Shape other = broadcast ? Shape{13, 1, 1} : Shape{2, 13, 3, 5};
      test::OpGraph g;
      g.input("x", {2, 13, 3, 5})
          .tensor("z", with_specials(random_tensor(other, 11), 4, 2))
          .node(op, {"x", "z"}, {"y"}, {}, "op");
      g.graph.outputs = {g.graph.find_value("y")};
      check_specials(g, with_specials(random_tensor({2, 13, 3, 5}, 12), 7), std::string("f32_v"));
    }
  }
}

TEST_CASE("ieee: activations and BatchNormalization keep NaN and infinities", "[session][ieee]") {
  struct Case { const char* op; AttributeMap attrs; const char* kernel; };
  const std::vector<Case> cases = {
      {"Relu", {}, "clamp"},
      {"Sigmoid", {}, "vsigmoid"},
      {"Tanh", {}, "vtanh"},
      {"Exp", {}, "vexp"},
      {"Abs", {}, "vabs"},
      {"Neg", {}, "vneg"},
      {"Sqrt", {}, "vsqrt"},
      {"LeakyRelu", {{"alpha", Attribute::make_float(0.2f)}}, "vlrelu"},
      {"HardSigmoid", {}, "vhsigmoid"},
      {"HardSwish", {}, "vhswish"},
  };
  for (const Case& c : cases) {
    INFO(c.op);
    test::OpGraph g;
    g.input("x", {2, 13, 3, 5}).node(c.op, {"x"}, {"y"}, c.attrs, "act");
    g.graph.outputs = {g.graph.find_value("y")};
    check_specials(g, with_specials(random_tensor({2, 13, 3, 5}, 13, 4.f), 5, 1), c.kernel);
  }
  test::OpGraph clip;
  clip.input("x", {2, 13, 3, 5})
      .floats("lo", {-0.5f}, {})
      .floats("hi", {0.75f}, {})
      .node("Clip", {"x", "lo", "hi"}, {"y"}, {}, "clip");
  clip.graph.outputs = {clip.graph.find_value("y")};
  check_specials(clip, with_specials(random_tensor({2, 13, 3, 5}, 14), 5, 1), "clamp");

  test::OpGraph bn;
  bn.input("x", {2, 13, 3, 5})
      .tensor("scale", random_tensor({13}, 15))
      .tensor("bias", random_tensor({13}, 16))
      .tensor("mean", random_tensor({13}, 17))
      .tensor("var", random_tensor({13}, 18, 0.1f))
      .node("Abs", {"var"}, {"var_pos"}, {}, "abs");
  bn.node("BatchNormalization", {"x", "scale", "bias", "mean", "var_pos"}, {"y"}, {}, "bn");
  bn.graph.outputs = {bn.graph.find_value("y")};
  check_specials(bn, with_specials(random_tensor({2, 13, 3, 5}, 19), 5, 1), "vaffine");
}

TEST_CASE("ieee: softmax and reductions keep NaN and infinities", "[session][ieee]") {
  // Softmax: a row with a NaN or an infinity is NaN throughout (x - max(x));
  // the other rows are finite.
  test::OpGraph soft;
  soft.input("x", {6, 21}).node("Softmax", {"x"}, {"y"}, {{"axis", Attribute::make_int(-1)}}, "softmax");
  soft.graph.outputs = {soft.graph.find_value("y")};
  TensorPtr x = random_tensor({6, 21}, 20, 3.f);
  x->data<float>()[0 * 21 + 4] = std::numeric_limits<float>::quiet_NaN();
  x->data<float>()[2 * 21 + 20] = std::numeric_limits<float>::infinity();
  x->data<float>()[3 * 21 + 9] = -std::numeric_limits<float>::infinity();
  check_specials(soft, x, "softmax");

  for (const char* op : {"ReduceMax", "ReduceMin", "ReduceMean", "ReduceSum"}) {
    for (int64_t axis : {1, 3}) {
      INFO(op << " axis " << axis);
      test::OpGraph g;
      g.input("x", {2, 13, 3, 17});
      if (op == std::string("ReduceSum")) {
        g.ints("axes", {axis}).node(op, {"x", "axes"}, {"y"}, {}, "reduce");  // an input from opset 13
      } else {
        g.node(op, {"x"}, {"y"}, {{"axes", Attribute::make_ints({axis})}}, "reduce");
      }
      g.graph.outputs = {g.graph.find_value("y")};
      check_specials(g, with_specials(random_tensor({2, 13, 3, 17}, 21), 151, 3), "f32_r");
    }
  }
}

TEST_CASE("ieee: sparse SpMM and sparse GEMV keep NaN and infinities", "[session][ieee]") {
  for (int64_t m : {1, 40}) {
    INFO("m " << m);
    TensorPtr w = random_tensor({48, 16}, 22);
    // 90% zeros: the sparse steps take it.
    for (int64_t i = 0; i < w->numel(); ++i)
      if (i % 10 != 0) w->data<float>()[i] = 0.f;
    if (m == 1) {
      // GEMV: NaN and infinite weights, kept by the packing as nonzeros.
      w->data<float>()[5 * 16 + 3] = std::numeric_limits<float>::quiet_NaN();
      w->data<float>()[9 * 16 + 7] = std::numeric_limits<float>::infinity();
    }
    test::OpGraph g;
    g.input("x", {m, 48}).tensor("w", w).tensor("b", random_tensor({16}, 23));
    g.node("MatMul", {"x", "w"}, {"p"}, {}, "matmul").node("Add", {"p", "b"}, {"q"}, {}, "bias");
    g.node("Relu", {"q"}, {"y"}, {}, "relu");
    g.graph.outputs = {g.graph.find_value("y")};
    TensorPtr x = random_tensor({m, 48}, 24);
    if (m == 1) {
      check_specials(g, x, "spgemv");
      // One row: a non-finite input element meets a skipped zero weight in
      // every output, so the reference is NaN throughout.
      x->data<float>()[17] = -std::numeric_limits<float>::infinity();
      const auto plan = check_session_matches_reference(g.graph, {x});
      CHECK(plan_has(plan, "spgemv"));
      continue;
    }
    // NaN and infinities in three rows; a zero weight (skipped by the sparse
    // kernel) times any of them is NaN, as in the dense product.
    x->data<float>()[48 * 0 + 2] = std::numeric_limits<float>::quiet_NaN();
    x->data<float>()[48 * 3 + 20] = std::numeric_limits<float>::infinity();
    x->data<float>()[48 * 7 + 30] = -std::numeric_limits<float>::infinity();
    check_specials(g, x, "spmm");
  }
}

TEST_CASE("ieee: block-sparse steps (8x1 blocks) keep NaN and infinities", "[session][ieee]") {
  for (int64_t m : {1, 40}) {
    INFO("m " << m);
    // [K=48, N=16]: blocks of 8 consecutive output channels at one input;
    // 90% of the blocks all zero, the rest random: the block-sparse step.
    TensorPtr w = random_tensor({48, 16}, 25);
    for (int64_t k = 0; k < 48; ++k)
      for (int64_t n = 0; n < 16; ++n)
        if ((k + n / 8) % 10 != 0) w->data<float>()[k * 16 + n] = 0.f;
    test::OpGraph g;
    g.input("x", {m, 48}).tensor("w", w).tensor("b", random_tensor({16}, 26));
    g.node("MatMul", {"x", "w"}, {"p"}, {}, "matmul").node("Add", {"p", "b"}, {"q"}, {}, "bias");
    g.node("Relu", {"q"}, {"y"}, {}, "relu");
    g.graph.outputs = {g.graph.find_value("y")};
    TensorPtr x = random_tensor({m, 48}, 27);
    // A NaN at an input whose blocks are stored (k = 10: k + 0 = 10) and an
    // infinity at one whose blocks are all zero (k = 3): the first reaches
    // the sums, the second only the skipped zeros (NaN by IEEE all the same).
    x->data<float>()[10] = std::numeric_limits<float>::quiet_NaN();
    if (m > 1) x->data<float>()[48 * 5 + 3] = std::numeric_limits<float>::infinity();
    if (m == 1) {
      const auto plan = check_session_matches_reference(g.graph, {x});
      INFO(listing(plan));
      CHECK(plan_has(plan, "bspmm"));
      continue;
    }
    check_specials(g, x, "bspmm");
  }
}

}  // namespace
}  // namespace nnslim
