#include "runtime/steps/qdq_step.h"

#include "core/quant_math.h"
#include "runtime/parallel.h"

namespace nnslim {
namespace {

template <typename Q>
class QuantizeStep : public Step {
 public:
  QuantizeStep(float scale, int32_t zero_point, size_t count) : scale_(scale), zero_point_(zero_point), count_(count) {}
  void run(CompiledPlan& plan) override {
    const float* x = static_cast<const float*>(plan.slots[static_cast<size_t>(inputs[0])]);
    Q* y = static_cast<Q*>(plan.slots[static_cast<size_t>(outputs[0])]);
    const QuantRange range = quant_range(sizeof(Q) == 1 && static_cast<Q>(-1) < 0 ? DType::Int8 : DType::Uint8);
    parallel_ranges(plan, count_, 16, double(count_), [&](size_t begin, size_t end) {
      for (size_t i = begin; i < end; ++i) y[i] = static_cast<Q>(quantize_value(x[i], scale_, zero_point_, range));
    });
  }
  std::string describe() const override { return "QuantizeLinear -> f32 scalar loop"; }

 private:
  float scale_;
  int32_t zero_point_;
  size_t count_;
};

template <typename Q>
class DequantizeStep : public Step {
 public:
  DequantizeStep(float scale, int32_t zero_point, size_t count) : scale_(scale), zero_point_(zero_point), count_(count) {}
  void run(CompiledPlan& plan) override {
    const Q* x = static_cast<const Q*>(plan.slots[static_cast<size_t>(inputs[0])]);
    float* y = static_cast<float*>(plan.slots[static_cast<size_t>(outputs[0])]);
    parallel_ranges(plan, count_, 16, double(count_), [&](size_t begin, size_t end) {
      for (size_t i = begin; i < end; ++i) y[i] = dequantize_value(x[i], scale_, zero_point_);
    });
  }
  std::string describe() const override { return "DequantizeLinear -> f32 scalar loop"; }

 private:
  float scale_;
  int32_t zero_point_;
  size_t count_;
};

// A constant one-element tensor's value, or false.
bool scalar_constant(const Graph& graph, const Node& node, size_t input, double* value) {
  if (input >= node.inputs.size() || node.inputs[input] < 0) return false;
  const Value& v = graph.value(node.inputs[input]);
  if (!v.constant || !v.constant->materialized() || v.constant->numel() != 1) return false;
  *value = v.constant->dtype == DType::Float32 ? v.constant->float_at(0) : static_cast<double>(v.constant->int_at(0));
  return true;
}

}  // namespace

std::unique_ptr<Step> lower_qdq_per_tensor(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  const bool quantize = node.op_type == "QuantizeLinear";
  if ((!quantize && node.op_type != "DequantizeLinear") || node.inputs.size() < 2 || node.outputs.size() != 1)
    return nullptr;
  const int x = node.inputs[0];
  if (x < 0 || ctx.graph.value(x).constant || !ctx.graph.value(x).has_shape) return nullptr;
  double scale = 0, zero_point = 0;
  if (ctx.graph.value(node.inputs[1]).dtype != DType::Float32 || !scalar_constant(ctx.graph, node, 1, &scale))
    return nullptr;
  if (node.inputs.size() > 2 && node.inputs[2] >= 0 && !scalar_constant(ctx.graph, node, 2, &zero_point)) return nullptr;
  const DType quantized = quantize ? ctx.graph.value(node.outputs[0]).dtype : ctx.graph.value(x).dtype;
  const DType real = quantize ? ctx.graph.value(x).dtype : ctx.graph.value(node.outputs[0]).dtype;
  if ((quantized != DType::Int8 && quantized != DType::Uint8) || real != DType::Float32) return nullptr;
  const size_t count = static_cast<size_t>(shape_numel(ctx.graph.value(x).shape));
  const float s = static_cast<float>(scale);
  const int32_t z = static_cast<int32_t>(zero_point);
  std::unique_ptr<Step> step;
  if (quantize)
    step = quantized == DType::Int8 ? std::unique_ptr<Step>(new QuantizeStep<int8_t>(s, z, count))
                                    : std::unique_ptr<Step>(new QuantizeStep<uint8_t>(s, z, count));
  else
    step = quantized == DType::Int8 ? std::unique_ptr<Step>(new DequantizeStep<int8_t>(s, z, count))
                                    : std::unique_ptr<Step>(new DequantizeStep<uint8_t>(s, z, count));
  const Value& vx = ctx.graph.value(x);
  const bool nhwc = vx.shape.size() == 4 && ctx.has_nhwc(x) && !ctx.has_nchw(x);
  step->inputs = {nhwc ? ctx.need_nhwc(x) : ctx.need_nchw(x)};
  step->outputs = {nhwc ? ctx.produce_nhwc(node.outputs[0]) : node.outputs[0]};
  step->layer = node.layer.empty() ? node.name : node.layer;
  return step;
}

}  // namespace nnslim
