#include "ir/shape_inference.h"

#include "ops/op_registry.h"

namespace nnslim {

std::vector<std::string> unsupported_ops(const Graph& graph) {
  std::vector<std::string> missing;
  for (const Node& node : graph.nodes)
    if (!find_op(node.domain, node.op_type))
      missing.push_back(str(node.domain.empty() ? "" : node.domain + "::", node.op_type,
                            " (node '", node.name, "')"));
  return missing;
}

void infer_shapes(Graph& graph) {
  std::vector<std::string> missing = unsupported_ops(graph);
  if (!missing.empty()) {
    std::string list;
    for (const std::string& m : missing) list += "\n  " + m;
    fail(missing.size(), " node(s) use ops nnslim does not support:", list);
  }
  for (int in : graph.inputs) {
    const Value& v = graph.value(in);
    NNSLIM_CHECK(v.has_shape, "graph input '", v.name, "' has no shape");
    for (int64_t d : v.shape)
      NNSLIM_CHECK(d >= 0, "graph input '", v.name, "' has a symbolic dim: bind the batch size first");
  }
  for (Node& node : graph.nodes) {
    const OpDef* def = find_op(node.domain, node.op_type);
    const int inputs = static_cast<int>(node.inputs.size());
    const int outputs = static_cast<int>(node.outputs.size());
    NNSLIM_CHECK(inputs >= def->min_inputs && (def->max_inputs < 0 || inputs <= def->max_inputs),
                 node.describe(), ": has ", inputs, " inputs, expected ", def->min_inputs,
                 def->max_inputs == def->min_inputs ? std::string() : str("..", def->max_inputs));
    NNSLIM_CHECK(outputs >= def->min_outputs && outputs <= def->max_outputs, node.describe(),
                 ": has ", outputs, " outputs, expected ", def->min_outputs, "..", def->max_outputs);
    for (int in : node.inputs)
      if (in >= 0)
        NNSLIM_CHECK(graph.value(in).has_shape, node.describe(), ": input '", graph.value(in).name,
                     "' has no known shape");
    InferContext ctx(graph, node);
    def->infer(ctx);
  }
}

}  // namespace nnslim
