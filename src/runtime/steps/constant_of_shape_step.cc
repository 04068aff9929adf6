#include "runtime/steps/constant_of_shape_step.h"

#include "runtime/steps/move_step.h"

namespace nnslim {

std::unique_ptr<Step> lower_constant_of_shape(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  if (node.op_type != "ConstantOfShape" || node.outputs.size() != 1 || node.outputs[0] < 0) return nullptr;
  const Value y = ctx.graph.value(node.outputs[0]);
  const std::vector<uint8_t> element = constant_of_shape_element(node);
  if (y.constant || y.shape.size() > kMaxMoveRank || element.size() != dtype_size(y.dtype)) return nullptr;
  MoveStepBuilder builder(ctx, node_index, /*nhwc=*/false);
  const Operand fill = builder.splat(element, y.shape);
  const Operand out = builder.write(node.outputs[0]);
  builder.move(fill, out, y.shape, 0, 0);
  return builder.finish("ConstantOfShape");
}

}  // namespace nnslim
