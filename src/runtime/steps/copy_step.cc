#include "runtime/steps/copy_step.h"

#include <cstring>

namespace nnslim {
namespace {

class CopyStep : public Step {
 public:
  CopyStep(size_t bytes, std::string what) : bytes_(bytes), what_(std::move(what)) {}
  void run(CompiledPlan& plan) override {
    std::memcpy(plan.data<uint8_t>(outputs[0]), plan.data<const uint8_t>(inputs[0]), bytes_);
  }
  std::string describe() const override { return what_ + " -> memcpy"; }

 private:
  size_t bytes_;
  std::string what_;
};

}  // namespace

std::unique_ptr<Step> lower_reshape_copy(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  static const char* const kRelabelOps[] = {"Reshape", "Flatten", "Squeeze", "Unsqueeze", "Identity", "Dropout"};
  bool relabel = false;
  for (const char* op : kRelabelOps) relabel = relabel || node.op_type == op;
  if (!relabel || node.outputs.size() != 1 || node.inputs.empty() || node.inputs[0] < 0) return nullptr;
  const Value& x = ctx.graph.value(node.inputs[0]);
  if (x.constant) return nullptr;
  const Value& y = ctx.graph.value(node.outputs[0]);
  if (y.constant || y.dtype != x.dtype) return nullptr;
  const size_t bytes = static_cast<size_t>(shape_numel(y.shape)) * dtype_size(y.dtype);
  if (bytes == 0) return nullptr;
  const int input = ctx.need_nchw(node.inputs[0]);
  auto step = std::make_unique<CopyStep>(bytes, node.op_type);
  step->inputs = {input};
  step->outputs = {node.outputs[0]};
  step->layer = node.layer.empty() ? node.name : node.layer;
  return step;
}

std::unique_ptr<Step> lower_layout_transpose(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  if (node.op_type != "Transpose" || node.outputs.size() != 1) return nullptr;
  const Value x = ctx.graph.value(node.inputs[0]);
  if (x.constant || x.shape.size() != 4) return nullptr;
  const std::vector<int64_t> perm = node.attr_ints("perm");
  const bool to_nchw = perm == std::vector<int64_t>{0, 3, 1, 2};
  const bool to_nhwc = perm == std::vector<int64_t>{0, 2, 3, 1};
  if (!to_nchw && !to_nhwc) return nullptr;
  const size_t bytes = static_cast<size_t>(shape_numel(x.shape)) * dtype_size(x.dtype);
  if (bytes == 0) return nullptr;
  int input, output;
  if (to_nchw) {
    input = ctx.need_nchw(node.inputs[0]);
    output = ctx.produce_nhwc(node.outputs[0]);
  } else {
    // Reuses the NHWC copy a fast producer wrote; otherwise need_nhwc adds the
    // (SIMD-free but cache-friendly) layout conversion first.
    input = ctx.need_nhwc(node.inputs[0]);
    output = node.outputs[0];
  }
  auto step = std::make_unique<CopyStep>(bytes, to_nchw ? "Transpose(NHWC->NCHW) as layout" : "Transpose(NCHW->NHWC) as layout");
  step->inputs = {input};
  step->outputs = {output};
  step->layer = node.layer.empty() ? node.name : node.layer;
  return step;
}

}  // namespace nnslim
