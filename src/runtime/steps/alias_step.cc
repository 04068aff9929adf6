#include "runtime/steps/alias_step.h"

#include <cstring>

#include "runtime/steps/move_step.h"

namespace nnslim {
namespace {

bool passes_input_through(const LoweringContext& ctx, const Node& node) {
  if (node.op_type == "Identity") return true;
  if (node.op_type == "Cast") return node.attr_int("to", 0) == static_cast<int64_t>(ctx.graph.value(node.inputs[0]).dtype);
  if (node.op_type == "Dropout") {
    // Inference Dropout (shape inference refused training mode); its mask
    // output, if anything reads it, needs a step that writes it.
    for (size_t i = 1; i < node.outputs.size(); ++i)
      if (node.outputs[i] >= 0 && ctx.consumers[static_cast<size_t>(node.outputs[i])] > 0) return false;
    return true;
  }
  return false;
}

}  // namespace

bool lower_as_alias(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  if (node.inputs.empty() || node.inputs[0] < 0 || node.outputs.empty() || node.outputs[0] < 0) return false;
  if (!passes_input_through(ctx, node)) return false;
  const Value& x = ctx.graph.value(node.inputs[0]);
  const Value& y = ctx.graph.value(node.outputs[0]);
  if (y.constant || x.dtype != y.dtype || x.shape != y.shape) return false;
  ctx.alias(node.outputs[0], node.inputs[0]);
  return true;
}

std::unique_ptr<Step> lower_dropout_with_mask(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  if (node.op_type != "Dropout" || node.inputs.empty() || node.inputs[0] < 0 || node.outputs.size() != 2) return nullptr;
  if (node.outputs[0] < 0 || node.outputs[1] < 0) return nullptr;
  const Value x = ctx.graph.value(node.inputs[0]);
  const Value y = ctx.graph.value(node.outputs[0]);
  const Value mask = ctx.graph.value(node.outputs[1]);
  if (y.constant || mask.constant || x.dtype != y.dtype || x.shape != y.shape || mask.shape.size() > kMaxMoveRank)
    return nullptr;
  std::vector<uint8_t> one;
  if (mask.dtype == DType::Bool) {
    one = {1};
  } else if (mask.dtype == DType::Float32) {
    const float value = 1.f;
    one.resize(sizeof value);
    std::memcpy(one.data(), &value, sizeof value);
  } else {
    return nullptr;
  }
  ctx.alias(node.outputs[0], node.inputs[0]);
  MoveStepBuilder builder(ctx, node_index, /*nhwc=*/false, std::make_unique<MoveStep>(one.size()));
  const Operand ones = builder.splat(one, mask.shape);
  const Operand out = builder.write(node.outputs[1]);
  builder.move(ones, out, mask.shape, 0, 0);
  return builder.finish("Dropout mask");
}

}  // namespace nnslim
