#include "runtime/steps/concat_step.h"

#include "core/error.h"
#include "runtime/steps/move_step.h"

namespace nnslim {

std::unique_ptr<Step> lower_concat(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  if (node.op_type != "Concat" || node.outputs.size() != 1 || node.inputs.empty()) return nullptr;
  const Value& y = ctx.graph.value(node.outputs[0]);
  const int64_t rank = static_cast<int64_t>(y.shape.size());
  if (y.constant || rank == 0 || rank > static_cast<int64_t>(kMaxMoveRank)) return nullptr;
  for (int in : node.inputs)
    if (in < 0 || ctx.graph.value(in).shape.size() != y.shape.size()) return nullptr;
  // Shape inference checked the axis and the shapes; its default before opset 4 is 1.
  int64_t axis = node.attr_int("axis", 1);
  if (axis < 0) axis += rank;
  if (axis < 0 || axis >= rank) return nullptr;

  bool nhwc = false;
  for (int in : node.inputs) nhwc = nhwc || MoveStepBuilder::prefer_nhwc(ctx, in);
  MoveStepBuilder builder(ctx, node_index, nhwc);
  std::vector<Operand> sources;
  for (int in : node.inputs) sources.push_back(builder.read(in));
  const Operand out = builder.write(node.outputs[0]);
  const size_t a = static_cast<size_t>(axis);
  int64_t offset = 0;
  for (const Operand& src : sources) {
    builder.move(src, out, src.shape, 0, offset * out.strides[a]);
    offset += src.shape[a];
  }
  return builder.finish(str("Concat of ", node.inputs.size(), " on axis ", axis));
}

}  // namespace nnslim
