#include "passes/fold_constant_dequantize.h"

#include "ops/op_registry.h"
#include "ops/reference/reference.h"

namespace nnslim {

int fold_constant_dequantize(Graph& graph) {
  int folded = 0;
  const ReferenceFn dequantize = find_reference("DequantizeLinear");
  for (Node& node : graph.nodes) {
    if (node.op_type != "DequantizeLinear" || node.outputs.size() != 1) continue;
    std::vector<const Tensor*> inputs;
    bool constant = true;
    for (int in : node.inputs) {
      const Tensor* t = in >= 0 ? graph.value(in).constant.get() : nullptr;
      constant = constant && (in < 0 || (t && t->materialized()));
      inputs.push_back(t);
    }
    if (!constant) continue;
    Value& out = graph.value(node.outputs[0]);
    if (!out.has_shape) continue;
    out.constant = run_reference_node(node, graph.opset, dequantize, inputs, {&out})[0];
    node.op_type = "__dead__";
    ++folded;
  }
  if (folded) {
    std::vector<Node> kept;
    for (Node& node : graph.nodes)
      if (node.op_type != "__dead__") kept.push_back(std::move(node));
    graph.nodes = std::move(kept);
    graph.rebuild_producers();
  }
  return folded;
}

}  // namespace nnslim
