#include "runtime/steps/alias_step.h"

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

}  // namespace nnslim
