#include "runtime/steps/pow_step.h"

#include <algorithm>
#include <cstring>

#include "core/format.h"
#include "kernels/f32-vpowc/f32-vpowc.h"

namespace nnslim {
namespace {

// x^e over `count` floats: a vpowc kernel, or (e = 1, e = 0) a copy / a fill.
class PowConstantStep : public Step {
 public:
  PowConstantStep(float exponent, size_t count, std::string what)
      : exponent_(exponent), count_(count), what_(std::move(what)) {
    if (exponent != 0.0f && exponent != 1.0f) ukernel_ = &kernels::f32_vpowc_select(exponent);
  }
  void run(CompiledPlan& plan) override {
    const float* x = plan.data<const float>(inputs[0]);
    float* y = plan.data<float>(outputs[0]);
    if (ukernel_) {
      const kernels::F32PowcParams params{exponent_};
      ukernel_->fn(count_ * sizeof(float), x, y, &params);
    } else if (exponent_ == 1.0f) {
      if (x != y) std::memcpy(y, x, count_ * sizeof(float));
    } else {
      std::fill(y, y + count_, 1.0f);  // pow(x, 0) = 1, NaN included
    }
  }
  std::string describe() const override {
    return what_ + " -> " + (ukernel_ ? ukernel_->name : exponent_ == 1.0f ? "copy" : "fill 1");
  }

 private:
  float exponent_;
  size_t count_;
  std::string what_;
  const kernels::F32VpowcUkernelInfo* ukernel_ = nullptr;
};

// The exponent as a float, if `v` is a one-element numeric constant whose
// value a float holds exactly (the reference computes pow in double with it).
bool scalar_exponent(const Value& v, float* exponent) {
  if (!v.constant || !v.constant->materialized() || v.constant->numel() != 1) return false;
  const Tensor& t = *v.constant;
  double e;
  switch (t.dtype) {
    case DType::Float32: e = t.data<float>()[0]; break;
    case DType::Float64: e = t.data<double>()[0]; break;
    case DType::Int32: e = t.data<int32_t>()[0]; break;
    case DType::Int64: e = static_cast<double>(t.data<int64_t>()[0]); break;
    default: return false;
  }
  *exponent = static_cast<float>(e);
  return static_cast<double>(*exponent) == e;
}

}  // namespace

std::unique_ptr<Step> lower_pow(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  if (node.op_type != "Pow" || node.inputs.size() != 2 || node.outputs.size() != 1) return nullptr;
  if (node.inputs[0] < 0 || node.inputs[1] < 0) return nullptr;
  const int x = node.inputs[0];
  const Value& vx = ctx.graph.value(x);
  if (vx.dtype != DType::Float32 || vx.constant || !vx.has_shape) return nullptr;
  float exponent;
  if (!scalar_exponent(ctx.graph.value(node.inputs[1]), &exponent)) return nullptr;
  // A scalar exponent of higher rank would broadcast x to a larger shape.
  if (ctx.graph.value(node.outputs[0]).shape != vx.shape) return nullptr;
  const size_t elements = static_cast<size_t>(shape_numel(vx.shape));
  if (elements == 0) return nullptr;

  const bool nhwc = vx.shape.size() == 4 && ctx.has_nhwc(x) && !ctx.has_nchw(x);
  auto step = std::make_unique<PowConstantStep>(exponent, elements, str("Pow (x^", exponent, ")"));
  step->inputs = {nhwc ? ctx.need_nhwc(x) : ctx.need_nchw(x)};
  step->outputs = {nhwc ? ctx.produce_nhwc(node.outputs[0]) : node.outputs[0]};
  step->layer = node.layer.empty() ? node.name : node.layer;
  return step;
}

}  // namespace nnslim
