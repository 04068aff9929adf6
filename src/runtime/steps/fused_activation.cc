#include "runtime/steps/fused_activation.h"

#include <limits>

namespace nnslim {

std::string FusedActivation::name() const {
  if (epilogue.active()) return "+" + epilogue.op();
  return node < 0 ? "" : clamp.min == 0 && clamp.max == std::numeric_limits<float>::infinity() ? "+Relu" : "+Clip";
}

bool activation_clamp(const Graph& graph, const Node& node, kernels::F32MinMaxParams* clamp) {
  if (node.op_type == "Relu") {
    *clamp = kernels::f32_minmax_relu();
    return true;
  }
  if (node.op_type != "Clip") return false;
  float lo = -std::numeric_limits<float>::infinity(), hi = std::numeric_limits<float>::infinity();
  if (graph.opset < 11) {
    lo = node.attr_float("min", lo);
    hi = node.attr_float("max", hi);
  } else {
    // Opset 11+: optional scalar inputs; they must be constants to fuse.
    for (size_t i = 1; i < node.inputs.size() && i <= 2; ++i) {
      if (node.inputs[i] < 0) continue;
      const Value& bound = graph.value(node.inputs[i]);
      if (!bound.constant || !bound.constant->materialized() || bound.constant->numel() != 1 ||
          bound.constant->dtype != DType::Float32)
        return false;
      (i == 1 ? lo : hi) = bound.constant->data<float>()[0];
    }
  }
  *clamp = kernels::f32_minmax(lo, hi);
  return true;
}

FusedActivation take_fused_activation(LoweringContext& ctx, int value, size_t epilogue_channels,
                                      size_t channel_axis) {
  FusedActivation result;
  result.output = value;
  if (epilogue_channels > 0 &&
      take_activation_epilogue(ctx, value, epilogue_channels, channel_axis, &result.epilogue, &result.output))
    return result;
  if (ctx.consumers[static_cast<size_t>(value)] != 1) return result;  // also excludes graph outputs read elsewhere
  for (int out : ctx.graph.outputs)
    if (out == value) return result;
  std::vector<int> users = ctx.consumer_nodes(value);
  if (users.size() != 1) return result;
  const Node& act = ctx.graph.nodes[static_cast<size_t>(users[0])];
  if (act.inputs.empty() || act.inputs[0] != value || act.outputs.size() != 1) return result;
  kernels::F32MinMaxParams clamp;
  if (!activation_clamp(ctx.graph, act, &clamp)) return result;
  ctx.node_done[static_cast<size_t>(users[0])] = true;
  result.clamp = clamp;
  result.node = users[0];
  result.output = act.outputs[0];
  return result;
}

}  // namespace nnslim
