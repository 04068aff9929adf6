#include "runtime/steps/batch_norm_step.h"

#include <cmath>
#include <vector>

#include "kernels/f32-vaffine/f32-vaffine.h"
#include "runtime/steps/fused_activation.h"

namespace nnslim {
namespace {

class ChannelAffineStep : public Step {
 public:
  // x is `outer` blocks of `channels` planes of `plane` floats (NCHW), or,
  // with plane = 1, `outer` rows of `channels` floats (NHWC, or a rank-2 BN).
  ChannelAffineStep(size_t outer, size_t channels, size_t plane, std::vector<float> scale, std::vector<float> shift,
                    kernels::F32MinMaxParams clamp, std::string what)
      : outer_(outer), channels_(channels), plane_(plane), scale_(std::move(scale)), shift_(std::move(shift)),
        clamp_(clamp), what_(std::move(what)) {}
  void run(CompiledPlan& plan) override {
    const float* x = plan.data<const float>(inputs[0]);
    float* y = plan.data<float>(outputs[0]);
    if (plane_ == 1) {
      kernels::f32_vaffinec_ukernel__wasmsimd_x8(outer_, channels_, x, scale_.data(), shift_.data(), y, &clamp_);
      return;
    }
    for (size_t n = 0; n < outer_; ++n)
      for (size_t c = 0; c < channels_; ++c) {
        kernels::f32_vaffines_ukernel__wasmsimd_x8(plane_ * sizeof(float), x, scale_[c], shift_[c], y, &clamp_);
        x += plane_;
        y += plane_;
      }
  }
  std::string describe() const override {
    return what_ + (plane_ == 1 ? " -> f32_vaffinec_ukernel__wasmsimd_x8" : " -> f32_vaffines_ukernel__wasmsimd_x8");
  }

 private:
  size_t outer_, channels_, plane_;
  std::vector<float> scale_, shift_;
  kernels::F32MinMaxParams clamp_;
  std::string what_;
};

const Tensor* channel_constant(const Graph& graph, int value, int64_t channels) {
  if (value < 0) return nullptr;
  const Value& v = graph.value(value);
  if (!v.constant || !v.constant->materialized() || v.constant->dtype != DType::Float32) return nullptr;
  return v.constant->numel() == channels ? v.constant.get() : nullptr;
}

}  // namespace

std::unique_ptr<Step> lower_batch_normalization(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  if (node.op_type != "BatchNormalization" || node.inputs.size() != 5 || node.outputs.empty()) return nullptr;
  for (size_t i = 1; i < node.outputs.size(); ++i)
    if (node.outputs[i] >= 0) return nullptr;  // training outputs (running mean/var)
  if (node.attr_int("training_mode", 0) != 0 || node.attr_int("spatial", 1) != 1) return nullptr;
  const int x = node.inputs[0];
  if (x < 0) return nullptr;
  const Value& vx = ctx.graph.value(x);
  if (vx.dtype != DType::Float32 || vx.constant || !vx.has_shape || vx.shape.size() < 2) return nullptr;
  const Shape shape = vx.shape;
  const int64_t channels = shape[1];
  if (shape_numel(shape) == 0) return nullptr;
  const Tensor* gamma = channel_constant(ctx.graph, node.inputs[1], channels);
  const Tensor* beta = channel_constant(ctx.graph, node.inputs[2], channels);
  const Tensor* mean = channel_constant(ctx.graph, node.inputs[3], channels);
  const Tensor* var = channel_constant(ctx.graph, node.inputs[4], channels);
  if (!gamma || !beta || !mean || !var) return nullptr;

  const double epsilon = node.attr_float("epsilon", 1e-5f);
  std::vector<float> scale(static_cast<size_t>(channels)), shift(static_cast<size_t>(channels));
  for (int64_t c = 0; c < channels; ++c) {
    const double k = gamma->data<float>()[c] / std::sqrt(static_cast<double>(var->data<float>()[c]) + epsilon);
    scale[static_cast<size_t>(c)] = static_cast<float>(k);
    shift[static_cast<size_t>(c)] = static_cast<float>(beta->data<float>()[c] - mean->data<float>()[c] * k);
  }

  const bool nhwc = shape.size() == 4 && ctx.has_nhwc(x);
  const size_t plane = static_cast<size_t>(shape_numel(shape) / (shape[0] * channels));
  FusedActivation act = take_fused_activation(ctx, node.outputs[0]);
  std::unique_ptr<ChannelAffineStep> step;
  const std::string what = "BatchNormalization" + act.name();
  if (nhwc || plane == 1) {
    const size_t rows = static_cast<size_t>(shape_numel(shape) / channels);
    step = std::make_unique<ChannelAffineStep>(rows, static_cast<size_t>(channels), 1, std::move(scale),
                                               std::move(shift), act.clamp, what);
  } else {
    step = std::make_unique<ChannelAffineStep>(static_cast<size_t>(shape[0]), static_cast<size_t>(channels), plane,
                                               std::move(scale), std::move(shift), act.clamp, what);
  }
  step->inputs = {nhwc ? ctx.need_nhwc(x) : ctx.need_nchw(x)};
  step->outputs = {nhwc ? ctx.produce_nhwc(act.output) : act.output};
  step->layer = node.layer.empty() ? node.name : node.layer;
  return step;
}

}  // namespace nnslim
