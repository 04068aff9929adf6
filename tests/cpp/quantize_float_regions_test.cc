// Where the quantize pass (passes/quantize_qdq.h) leaves activations float
// and how it keeps int32 biases in range: a LayerNorm written out as
// ReduceMean / Sub / Pow / Sqrt / Div, attention's Softmax, a graph output
// behind a Softmax get no Q/DQ pair between float ops; a channel whose
// weights are all but zero keeps its bias and its int8 kernel.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "api/model.h"
#include "ops_test_util.h"
#include "passes/quantize_qdq.h"
#include "session_test_util.h"

using namespace nnslim;
using namespace nnslim::test;

namespace {

std::unique_ptr<Model> calibrated(const Graph& graph, const std::string& input, const Shape& dims, int count,
                                  uint64_t seed) {
  auto model = Model::from_graph(graph);
  model->begin_calibration(false);
  for (int pass = 0; pass < model->calibration_passes(); ++pass) {
    model->calibration_begin_pass(pass);
    for (int i = 0; i < count; ++i) model->calibrate({{input, random_tensor(dims, seed + static_cast<uint64_t>(i))}});
  }
  return model;
}

// Whether a QuantizeLinear reads the value named `name`.
bool quantized(const Graph& g, const std::string& name) {
  for (const Node& n : g.nodes)
    if (n.op_type == "QuantizeLinear" && g.value(n.inputs[0]).name == name) return true;
  return false;
}

TensorPtr scalar(float v) { return Tensor::from_float({v}, {}); }

// x [1, 6, 16] -> MatMul -> LayerNorm (written out, as paddle2onnx does) ->
// MatMul -> Add(bias) -> Softmax -> y.
Graph layer_norm_head() {
  OpGraph g;
  g.input("x", {1, 6, 16})
      .tensor("w1", random_tensor({16, 16}, 31, 0.4f))
      .tensor("two", scalar(2.f))
      .tensor("eps", scalar(1e-5f))
      .tensor("gamma", random_tensor({16}, 32, 1.f))
      .tensor("beta", random_tensor({16}, 33, 0.3f))
      .tensor("w2", random_tensor({16, 10}, 34, 0.4f))
      .tensor("b2", random_tensor({10}, 35, 0.3f))
      .node("MatMul", {"x", "w1"}, {"h"}, {}, "fc1")
      .node("ReduceMean", {"h"}, {"mean"}, {{"axes", ints_attr({-1})}}, "mean")
      .node("Sub", {"h", "mean"}, {"centered"}, {}, "sub")
      .node("Pow", {"centered", "two"}, {"squared"}, {}, "pow")
      .node("ReduceMean", {"squared"}, {"var"}, {{"axes", ints_attr({-1})}}, "var")
      .node("Add", {"var", "eps"}, {"var_eps"}, {}, "add_eps")
      .node("Sqrt", {"var_eps"}, {"std"}, {}, "sqrt")
      .node("Div", {"centered", "std"}, {"normed"}, {}, "div")
      .node("Mul", {"normed", "gamma"}, {"scaled"}, {}, "gamma")
      .node("Add", {"scaled", "beta"}, {"ln"}, {}, "beta")
      .node("MatMul", {"ln", "w2"}, {"logits"}, {}, "fc2")
      .node("Add", {"logits", "b2"}, {"biased"}, {}, "bias2")
      .node("Softmax", {"biased"}, {"y"}, {{"axis", Attribute::make_int(-1)}}, "softmax");
  g.graph.outputs = {g.graph.find_value("y")};
  g.infer();
  return g.graph;
}

}  // namespace

TEST_CASE("quantize pass: a LayerNorm's inner values and a Softmax output stay float", "[quantize]") {
  const Graph graph = layer_norm_head();
  auto model = calibrated(graph, "x", {1, 6, 16}, 8, 500);
  std::unique_ptr<Model> q8 = model->quantize(QuantizeSettings{});
  const Graph& q = q8->graph();
  // Between float-only ops: no Q/DQ pair; nor between fc2 and its bias Add
  // (one int8 MatMul with an int32 bias).
  for (const char* name : {"mean", "centered", "squared", "var", "var_eps", "std", "normed", "scaled", "logits", "y"}) {
    INFO(name);
    CHECK(!quantized(q, name));
  }
  // Read by the int8 MatMuls (or written by them): quantized.
  for (const char* name : {"x", "h", "ln", "biased"}) {
    INFO(name);
    CHECK(quantized(q, name));
  }
  // The float LayerNorm path costs no fidelity: the quantized model against
  // the float one (int8 activations around two MatMuls keep ~30+ dB here;
  // the LayerNorm's variance through int8 tables lost ~15 dB of it).
  const TensorPtr x = random_tensor({1, 6, 16}, 900);
  const std::vector<TensorPtr> reference = run_reference(graph, {x});
  const std::vector<NamedTensor> got = q8->run({{"x", x}});
  CHECK(sqnr_db(*reference[0], *got[0].tensor) > 30.0);
}

TEST_CASE("quantize pass: an activation after a bias Add stays an int8 table", "[quantize]") {
  // x -> MatMul -> Add(bias [8]) -> Mul(1.702) -> Sigmoid -> Mul(x', .) -> MatMul -> y:
  // the bias Add runs float, but the swish after it is int8 (one table).
  OpGraph g;
  g.input("x", {1, 4, 8})
      .tensor("w1", random_tensor({8, 8}, 41, 0.4f))
      .tensor("b1", random_tensor({8}, 42, 0.3f))
      .tensor("k", scalar(1.702f))
      .tensor("w2", random_tensor({8, 5}, 43, 0.4f))
      .node("MatMul", {"x", "w1"}, {"h"}, {}, "fc1")
      .node("Add", {"h", "b1"}, {"hb"}, {}, "bias1")
      .node("Mul", {"hb", "k"}, {"hk"}, {}, "scale")
      .node("Sigmoid", {"hk"}, {"gate"}, {}, "sigmoid")
      .node("Mul", {"hb", "gate"}, {"swish"}, {}, "swish")
      .node("MatMul", {"swish", "w2"}, {"y"}, {}, "fc2");
  g.graph.outputs = {g.graph.find_value("y")};
  g.infer();
  auto model = calibrated(g.graph, "x", {1, 4, 8}, 8, 600);
  std::unique_ptr<Model> q8 = model->quantize(QuantizeSettings{});
  for (const char* name : {"hb", "hk", "gate", "swish"}) {
    INFO(name);
    CHECK(quantized(q8->graph(), name));
  }
}

TEST_CASE("quantize pass: a channel of near-zero weights keeps its bias and the int8 depthwise kernel", "[quantize]") {
  // Depthwise 5x5 over 16 channels; channel 3's weights are ~1e-15 (a dead
  // channel, as in PP-OCRv4's recognizer): its output is its bias, 0.7.
  // With s_w = amax / 127 ~ 1e-17 its bias code would pass 2^31 (saturated:
  // the channel loses its bias; the int8 kernel refuses it, so the layer ran
  // in float). The pass raises that channel's scale until the code fits.
  const size_t channels = 16;
  TensorPtr w = random_tensor({16, 1, 5, 5}, 51, 0.3f);
  for (size_t i = 0; i < 25; ++i) w->data<float>()[3 * 25 + i] *= 1e-14f;
  TensorPtr b = random_tensor({16}, 52, 0.2f);
  b->data<float>()[3] = 0.7f;
  OpGraph g;
  g.input("x", {1, 16, 7, 9})
      .tensor("w", w)
      .tensor("b", b)
      .node("Conv", {"x", "w", "b"}, {"y"},
            {{"pads", ints_attr({2, 2, 2, 2})}, {"group", Attribute::make_int(16)}}, "dw");
  g.graph.outputs = {g.graph.find_value("y")};
  g.infer();
  auto model = calibrated(g.graph, "x", {1, 16, 7, 9}, 8, 700);
  std::unique_ptr<Model> q8 = model->quantize(QuantizeSettings{});
  const Graph& q = q8->graph();
  const Tensor* codes = nullptr;
  for (const Node& n : q.nodes)
    if (n.op_type == "DequantizeLinear" && q.value(n.inputs[0]).constant &&
        q.value(n.inputs[0]).constant->dtype == DType::Int32)
      codes = q.value(n.inputs[0]).constant.get();
  REQUIRE(codes);
  REQUIRE(static_cast<size_t>(codes->numel()) == channels);
  for (size_t c = 0; c < channels; ++c) CHECK(std::abs(codes->data<int32_t>()[c]) <= (1 << 30));

  const TensorPtr x = random_tensor({1, 16, 7, 9}, 800);
  const std::vector<TensorPtr> reference = run_reference(g.graph, {x});
  Session session(q);
  const std::vector<NamedTensor> got = session.run({{"x", x}});
  const std::vector<std::string> plan = session.describe_plan();
  INFO(test::listing(plan));
  CHECK(test::plan_has(plan, "qs8 dwconv"));
  CHECK(!test::plan_has(plan, "f32 dwconv"));
  // Channel 3 (NCHW plane 3) is its bias within one output step.
  float y_scale = 0;
  for (const Node& n : q.nodes)
    if (n.op_type == "QuantizeLinear" && q.value(n.inputs[0]).name == "y_float")
      y_scale = q.value(n.inputs[1]).constant->data<float>()[0];
  REQUIRE(y_scale > 0.f);
  const size_t plane = 7 * 9;
  CHECK(test::describe_mismatches(got[0].tensor->data<float>() + 3 * plane, reference[0]->data<float>() + 3 * plane,
                                  plane, test::Tolerance{0.0, y_scale * 1.001}) == "");
  CHECK(sqnr_db(*reference[0], *got[0].tensor) > 25.0);
}

TEST_CASE("quantize pass + int8 runtime: MatMul -> Add(bias) is one int8 MatMul with an int32 bias", "[quantize]") {
  // x W + b as exporters write a Linear layer, over 5 rows (the GEMM) and
  // one row (the GEMV), 13 -> 7 (tails): the MatMul's output gets no Q/DQ
  // pair, b becomes int32 codes at s_x * s_w[c], and the plan runs the pair
  // as one int8 MatMul within one output step of the QDQ graph's reference
  // evaluation (the only difference: b added to the integer sum, not in float).
  for (const Shape& dims : {Shape{1, 5, 13}, Shape{1, 13}}) {
    OpGraph g;
    g.input("x", dims)
        .tensor("w", random_tensor({13, 7}, 61, 0.4f))
        .tensor("b", random_tensor({7}, 62, 0.5f))
        .node("MatMul", {"x", "w"}, {"h"}, {}, "fc")
        .node("Add", {"h", "b"}, {"y"}, {}, "bias")
        .node("Relu", {"y"}, {"r"}, {}, "relu")
        .node("Neg", {"r"}, {"out"}, {}, "neg");  // a consumer, so that y is no graph output
    g.graph.outputs = {g.graph.find_value("out")};
    g.infer();
    auto model = calibrated(g.graph, "x", dims, 8, 1000);
    std::unique_ptr<Model> q8 = model->quantize(QuantizeSettings{});
    const Graph& q = q8->graph();
    CHECK(!quantized(q, "h"));
    const Node* add = nullptr;
    for (const Node& n : q.nodes)
      if (n.op_type == "Add") add = &n;
    REQUIRE(add);
    const Value& bias = q.value(add->inputs[1]);
    REQUIRE(bias.producer >= 0);
    const Node& bias_dq = q.nodes[static_cast<size_t>(bias.producer)];
    CHECK(bias_dq.op_type == "DequantizeLinear");
    CHECK(q.value(bias_dq.inputs[0]).constant->dtype == DType::Int32);

    const TensorPtr x = random_tensor(dims, 1100);
    const std::vector<TensorPtr> expected = run_reference(q, {x});
    {
      Session session(q);
      const std::vector<NamedTensor> got = session.run({{"x", x}});
      const std::vector<std::string> plan = session.describe_plan();
      INFO(test::listing(plan));
      CHECK(test::plan_has(plan, "MatMul+Add+Relu (QDQ) -> qs8 gem"));
      float sy = 0;
      for (const Node& n : q.nodes)
        if (n.op_type == "QuantizeLinear" && q.value(n.inputs[0]).name == "r")
          sy = q.value(n.inputs[1]).constant->data<float>()[0];
      REQUIRE(sy > 0.f);
      CHECK(test::describe_mismatches(got[0].tensor->data<float>(), expected[0]->data<float>(),
                                      static_cast<size_t>(expected[0]->numel()), test::Tolerance{0.0, sy * 1.001}) ==
            "");
    }
  }
}

TEST_CASE("quantize pass + int8 runtime: a Slice copies int8 codes, bit-exact", "[quantize]") {
  // Conv -> Slice -> output: the plan copies the codes (strided and
  // negative steps, odd sizes, NCHW and NHWC inputs), then requantizes them
  // to the Slice's own grid through a table; the output equals the QDQ
  // graph's reference evaluation exactly.
  struct Case {
    std::vector<int64_t> starts, ends, axes, steps;
  };
  const Case cases[] = {{{1}, {8}, {3}, {2}}, {{-1, 0}, {0, 2}, {2, 1}, {-1, 1}}, {{0}, {1}, {0}, {1}}};
  for (const Case& c : cases) {
    OpGraph g;
    g.input("x", {1, 3, 5, 11})
        .tensor("w", random_tensor({6, 3, 3, 3}, 71, 0.4f))
        .tensor("starts", Tensor::from_int64(c.starts, {static_cast<int64_t>(c.starts.size())}))
        .tensor("ends", Tensor::from_int64(c.ends, {static_cast<int64_t>(c.ends.size())}))
        .tensor("axes", Tensor::from_int64(c.axes, {static_cast<int64_t>(c.axes.size())}))
        .tensor("steps", Tensor::from_int64(c.steps, {static_cast<int64_t>(c.steps.size())}))
        .node("Conv", {"x", "w"}, {"conv"}, {{"pads", ints_attr({1, 1, 1, 1})}}, "conv")
        .node("Slice", {"conv", "starts", "ends", "axes", "steps"}, {"y"}, {}, "slice");
    g.graph.outputs = {g.graph.find_value("y")};
    g.infer();
    auto model = calibrated(g.graph, "x", {1, 3, 5, 11}, 6, 1200);
    std::unique_ptr<Model> q8 = model->quantize(QuantizeSettings{});
    const Graph& q = q8->graph();
    const TensorPtr x = random_tensor({1, 3, 5, 11}, 1300);
    const std::vector<TensorPtr> expected = run_reference(q, {x});
    {
      Session session(q);
      const std::vector<NamedTensor> got = session.run({{"x", x}});
      const std::vector<std::string> plan = session.describe_plan();
      INFO(test::listing(plan));
      CHECK(test::plan_has(plan, "Slice (QDQ) -> qs8 copy (memcpy rows"));
      REQUIRE(got[0].tensor->dims == expected[0]->dims);
      CHECK(test::describe_mismatches(got[0].tensor->data<float>(), expected[0]->data<float>(),
                                      static_cast<size_t>(expected[0]->numel()), test::Tolerance{0.0, 0.0}) == "");
    }
  }
}
