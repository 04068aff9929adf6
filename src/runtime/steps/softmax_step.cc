#include "runtime/steps/softmax_step.h"

#include "kernels/f32-softmax/f32-softmax.h"

namespace nnslim {
namespace {

class SoftmaxStep : public Step {
 public:
  SoftmaxStep(size_t rows, size_t row_length) : rows_(rows), row_length_(row_length) {}
  void run(CompiledPlan& plan) override {
    const float* x = plan.data<const float>(inputs[0]);
    float* y = plan.data<float>(outputs[0]);
    for (size_t r = 0; r < rows_; ++r) kernels::f32_softmax_row(row_length_, x + r * row_length_, y + r * row_length_);
  }
  std::string describe() const override { return "Softmax -> f32 softmax row (rmax, raddstoreexpminusmax, vmulc)"; }

 private:
  size_t rows_, row_length_;
};

}  // namespace

std::unique_ptr<Step> lower_softmax_last_axis(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  if (node.op_type != "Softmax" || node.outputs.size() != 1) return nullptr;
  const Value x = ctx.graph.value(node.inputs[0]);
  if (x.dtype != DType::Float32 || x.constant || x.shape.empty()) return nullptr;
  const int64_t rank = static_cast<int64_t>(x.shape.size());
  int64_t axis = node.attr_int("axis", ctx.graph.opset < 13 ? 1 : -1);
  if (axis < 0) axis += rank;
  if (axis != rank - 1) return nullptr;
  const int64_t row_length = x.shape.back();
  if (row_length <= 0) return nullptr;
  const int input = ctx.need_nchw(node.inputs[0]);
  auto step = std::make_unique<SoftmaxStep>(static_cast<size_t>(shape_numel(x.shape) / row_length),
                                            static_cast<size_t>(row_length));
  step->inputs = {input};
  step->outputs = {node.outputs[0]};
  step->layer = node.layer.empty() ? node.name : node.layer;
  return step;
}

}  // namespace nnslim
