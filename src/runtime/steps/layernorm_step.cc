#include "runtime/steps/layernorm_step.h"

#include "kernels/f32-layernorm/f32-layernorm.h"

namespace nnslim {
namespace {

class LayerNormStep : public Step {
 public:
  LayerNormStep(size_t rows, size_t row_length, float epsilon, bool has_bias, bool has_mean, bool has_inv_std,
                std::string what = "LayerNormalization")
      : rows_(rows), row_length_(row_length), epsilon_(epsilon), has_bias_(has_bias), has_mean_(has_mean),
        has_inv_std_(has_inv_std), what_(std::move(what)) {}
  // inputs: X, Scale[, B]; outputs: Y[, Mean[, InvStdDev]].
  void run(CompiledPlan& plan) override {
    const float* x = plan.data<const float>(inputs[0]);
    const float* scale = plan.data<const float>(inputs[1]);
    const float* bias = has_bias_ ? plan.data<const float>(inputs[2]) : nullptr;
    float* y = plan.data<float>(outputs[0]);
    float* mean = has_mean_ ? plan.data<float>(outputs[1]) : nullptr;
    float* inv_std = has_inv_std_ ? plan.data<float>(outputs[2]) : nullptr;
    for (size_t r = 0; r < rows_; ++r)
      kernels::f32_layernorm_row(row_length_, x + r * row_length_, scale, bias, epsilon_, y + r * row_length_,
                                 mean ? mean + r : nullptr, inv_std ? inv_std + r : nullptr);
  }
  std::string describe() const override { return what_ + " -> f32 layernorm row (stats, apply x8)"; }

 private:
  size_t rows_, row_length_;
  float epsilon_;
  bool has_bias_, has_mean_, has_inv_std_;
  std::string what_;
};

Shape without_leading_ones(Shape s) {
  size_t lead = 0;
  while (lead < s.size() && s[lead] == 1) ++lead;
  return Shape(s.begin() + static_cast<std::ptrdiff_t>(lead), s.end());
}

// `param` holds exactly one value per element of X[axis:], in that order.
bool one_value_per_row_element(const Value& param, const Shape& x, size_t axis) {
  if (param.dtype != DType::Float32 || !param.has_shape) return false;
  if (param.constant && !param.constant->materialized()) return false;
  return without_leading_ones(param.shape) ==
         without_leading_ones(Shape(x.begin() + static_cast<std::ptrdiff_t>(axis), x.end()));
}

}  // namespace

std::unique_ptr<Step> make_layernorm_step(size_t rows, size_t row_length, float epsilon, std::string what) {
  return std::make_unique<LayerNormStep>(rows, row_length, epsilon, true, false, false, std::move(what));
}

std::unique_ptr<Step> lower_layer_normalization(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  if (node.op_type != "LayerNormalization" || node.inputs.size() < 2 || node.outputs.empty()) return nullptr;
  const Value x = ctx.graph.value(node.inputs[0]);
  if (x.dtype != DType::Float32 || x.constant || x.shape.empty()) return nullptr;
  if (node.attr_int("stash_type", 1) != static_cast<int64_t>(DType::Float32)) return nullptr;
  const int64_t rank = static_cast<int64_t>(x.shape.size());
  int64_t axis = node.attr_int("axis", -1);
  if (axis < 0) axis += rank;
  if (axis < 0 || axis >= rank) return nullptr;  // the reference reports the error
  const size_t ax = static_cast<size_t>(axis);
  if (node.inputs[1] < 0 || !one_value_per_row_element(ctx.graph.value(node.inputs[1]), x.shape, ax)) return nullptr;
  const bool has_bias = node.inputs.size() > 2 && node.inputs[2] >= 0;
  if (has_bias && !one_value_per_row_element(ctx.graph.value(node.inputs[2]), x.shape, ax)) return nullptr;
  for (int out : node.outputs)
    if (ctx.graph.value(out).dtype != DType::Float32) return nullptr;
  int64_t rows = 1, row_length = 1;
  for (size_t d = 0; d < ax; ++d) rows *= x.shape[d];
  for (size_t d = ax; d < x.shape.size(); ++d) row_length *= x.shape[d];
  if (rows <= 0 || row_length <= 0) return nullptr;

  auto step = std::make_unique<LayerNormStep>(static_cast<size_t>(rows), static_cast<size_t>(row_length),
                                              node.attr_float("epsilon", 1e-5f), has_bias, node.outputs.size() > 1,
                                              node.outputs.size() > 2);
  step->inputs = {ctx.need_nchw(node.inputs[0]), ctx.need_nchw(node.inputs[1])};
  if (has_bias) step->inputs.push_back(ctx.need_nchw(node.inputs[2]));
  step->outputs.assign(node.outputs.begin(), node.outputs.begin() + std::min<size_t>(node.outputs.size(), 3));
  step->layer = node.layer.empty() ? node.name : node.layer;
  return step;
}

}  // namespace nnslim
