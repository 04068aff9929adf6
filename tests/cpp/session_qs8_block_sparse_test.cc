// int8 + block sparsity: a float model block-pruned (8x1, prune()) and then
// quantized (quantize(): symmetric per-channel int8 weights) keeps every
// pruned weight exactly zero, and its 1x1 convs, Gemms and MatMuls run the
// int8 block-sparse step (qs8 bspmm) when the block sparsity reaches the
// measured crossover, the dense int8 steps below it; the outputs match the
// reference executor on the same QDQ graph (which computes in f32 on the
// dequantized values) within a few quantization steps of the output.
#include <catch2/catch.hpp>

#include <cmath>

#include "api/model.h"
#include "core/format.h"
#include "ops_test_util.h"
#include "runtime/session.h"
#include "runtime/steps/qs8_block_sparse_step.h"
#include "session_test_util.h"

namespace nnslim {
namespace {

using test::count_steps;
using test::listing;
using test::plan_has;
using test::random_tensor;

AttributeMap pointwise() {
  return {{"strides", Attribute::make_ints({1, 1})}, {"pads", Attribute::make_ints({0, 0, 0, 0})}};
}

// x [1, 21, 9, 7] (63 pixels: 15 groups of 4 and a tail; 21 input
// channels: not a multiple of the 8-channel transpose) -> Conv 1x1 (21 ->
// 40) -> Relu -> Conv 1x1 (40 -> 16) -> GlobalAveragePool -> Flatten -> Gemm
// (transB, 16 -> 24) and, from the same row, MatMul [16, 16] (batch 1: the
// GEMV path). Output counts are multiples of 8: block pruning cuts them.
Graph float_model() {
  test::OpGraph g;
  g.input("x", {1, 21, 9, 7})
      .tensor("pw1", random_tensor({40, 21, 1, 1}, 71, 0.3f))
      .tensor("b1", random_tensor({40}, 72, 0.1f))
      .tensor("pw2", random_tensor({16, 40, 1, 1}, 73, 0.3f))
      .tensor("fc", random_tensor({24, 16}, 74, 0.3f))
      .tensor("fc_b", random_tensor({24}, 75, 0.1f))
      .tensor("mm", random_tensor({16, 16}, 76, 0.3f))
      .node("Conv", {"x", "pw1", "b1"}, {"c1"}, pointwise(), "pw1")
      .node("Relu", {"c1"}, {"r1"}, {}, "relu")
      .node("Conv", {"r1", "pw2"}, {"c2"}, pointwise(), "pw2")
      .node("GlobalAveragePool", {"c2"}, {"gap"}, {}, "gap")
      .node("Flatten", {"gap"}, {"row"}, {}, "flatten")
      .node("Gemm", {"row", "fc", "fc_b"}, {"y"}, {{"transB", Attribute::make_int(1)}}, "fc")
      .node("MatMul", {"row", "mm"}, {"z"}, {}, "mm");
  g.graph.outputs = {g.graph.find_value("y"), g.graph.find_value("z"), g.graph.find_value("c2")};
  g.infer();
  return g.graph;
}

Graph block_pruned(const Graph& graph, double sparsity) {
  std::string report;
  return Model::from_graph(graph)
      ->prune(str(R"({"method": "block", "block": "8x1", "sparsity": )", sparsity, R"(, "skip": []})"), &report)
      ->graph();
}

Graph quantized(const Graph& graph, const Shape& dims) {
  std::unique_ptr<Model> model = Model::from_graph(graph);
  const std::string input = graph.value(graph.inputs[0]).name;
  model->begin_calibration(false);
  for (int pass = 0; pass < model->calibration_passes(); ++pass) {
    model->calibration_begin_pass(pass);
    for (int i = 0; i < 4; ++i) model->calibrate({{input, random_tensor(dims, 700 + static_cast<uint64_t>(i))}});
  }
  return model->quantize(QuantizeSettings{})->graph();
}

const Tensor* constant(const Graph& graph, int value) {
  return value >= 0 ? graph.value(value).constant.get() : nullptr;
}

// The scale of the DequantizeLinear that writes graph output `value`.
float output_scale(const Graph& graph, int value) {
  for (const Node& node : graph.nodes)
    if (node.op_type == "DequantizeLinear" && node.outputs[0] == value) {
      const Tensor* scale = constant(graph, node.inputs[1]);
      REQUIRE(scale != nullptr);
      return scale->data<float>()[0];
    }
  FAIL("no DequantizeLinear writes output " << graph.value(value).name);
  return 0.f;
}

}  // namespace

TEST_CASE("qs8 block-sparse: quantizing a block-pruned model keeps every pruned weight exactly zero",
          "[session][qdq][bspmm]") {
  const Graph pruned = block_pruned(float_model(), 0.75);
  const Graph q = quantized(pruned, {1, 21, 9, 7});
  // Each float weight (by name) against its int8 twin: the DQ of an int8 constant feeding the same layer.
  size_t layers = 0;
  for (const Node& node : q.nodes) {
    if (node.op_type != "DequantizeLinear") continue;
    const Tensor* w_q = constant(q, node.inputs[0]);
    if (!w_q || w_q->dtype != DType::Int8 || w_q->dims.size() < 2) continue;
    // The quantize pass names the int8 initializer after the float one.
    const std::string& name = q.value(node.inputs[0]).name;
    const Tensor* w_f = nullptr;
    for (const Value& v : pruned.values)
      if (v.constant && v.constant->dtype == DType::Float32 && name == v.name + "_quantized") w_f = v.constant.get();
    INFO("int8 weights " << name);
    REQUIRE(w_f != nullptr);
    REQUIRE(w_f->dims == w_q->dims);
    size_t zeros = 0;
    for (int64_t i = 0; i < w_f->numel(); ++i) {
      const bool zero_f = w_f->data<float>()[i] == 0.f, zero_q = w_q->data<int8_t>()[i] == 0;
      if (zero_f) {
        ++zeros;
        REQUIRE(zero_q);
      }
    }
    CHECK(zeros > 0);
    ++layers;
  }
  CHECK(layers == 4);
}

TEST_CASE("qs8 block-sparse: a block-pruned, quantized model runs the int8 block-sparse step and matches the reference",
          "[session][qdq][bspmm]") {
  const Shape dims{1, 21, 9, 7};
  for (const double sparsity : {0.9, 0.7, 0.3}) {
    INFO("8x1 block sparsity " << sparsity);
    const Graph q = quantized(block_pruned(float_model(), sparsity), dims);
    const TensorPtr x = random_tensor(dims, 9);
    const std::vector<TensorPtr> expected = run_reference(q, {x});
    Session session(q);
    const std::vector<NamedTensor> got = session.run({{"x", x}});
    REQUIRE(got.size() == expected.size());
    for (size_t i = 0; i < got.size(); ++i) {
      const float scale = output_scale(q, q.outputs[i]);
      INFO("output " << got[i].name << " scale " << scale);
      REQUIRE(got[i].tensor->dims == expected[i]->dims);
      // Off-by-one codes may carry from layer to layer (three int8 layers deep).
      CHECK(test::describe_mismatches(got[i].tensor->data<float>(), expected[i]->data<float>(),
                                      static_cast<size_t>(expected[i]->numel()),
                                      test::Tolerance{0.0, 3.0 * scale * 1.001}) == "");
    }
    const std::vector<std::string> plan = session.describe_plan();
    INFO(listing(plan));
    CHECK(!plan_has(plan, "reference"));
    // 0.7 is above both crossovers (many rows and the batch-1 GEMV), 0.3 below.
    REQUIRE(qs8_block_sparse_threshold(1) <= 0.7);
    REQUIRE(qs8_block_sparse_threshold(63) > 0.3);
    if (sparsity > 0.5) {
      CHECK(count_steps(plan, "qs8 bspmm 8x1 wasmsimd") == 4);
      CHECK(count_steps(plan, "Conv+Relu (QDQ) -> qs8 bspmm 8x1 wasmsimd (") == 1);
      CHECK(count_steps(plan, "Conv (QDQ) -> qs8 bspmm") == 1);
      CHECK(count_steps(plan, "Gemm (QDQ) -> qs8 bspmm") == 1);
      CHECK(count_steps(plan, "MatMul (QDQ) -> qs8 bspmm") == 1);
    } else {
      CHECK(count_steps(plan, "qs8 bspmm") == 0);
      CHECK(count_steps(plan, "qs8 gemm (1x1)") == 2);
      CHECK(count_steps(plan, "qs8 gemv") == 2);
    }
  }
}

}  // namespace nnslim
