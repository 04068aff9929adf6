#include "ops/shape_inference.h"

#include <set>
#include <utility>

#include "ops/op_fold.h"
#include "ops/op_registry.h"

namespace nnslim {

std::vector<int> shape_deciding_graph_inputs(const Graph& graph) {
  std::set<int> deciding;
  for (const Node& node : graph.nodes) {
    const OpDef* def = find_op(node.domain, node.op_type);
    if (!def) continue;
    for (size_t i = 0; i < node.inputs.size() && i < 32; ++i)
      if (node.inputs[i] >= 0 && (def->shape_inputs >> i & 1u)) deciding.insert(node.inputs[i]);
  }
  std::vector<int> result;
  for (int in : graph.inputs)
    if (deciding.count(in)) result.push_back(in);
  return result;
}

std::vector<std::string> unsupported_ops(const Graph& graph, int64_t model_opset) {
  std::vector<std::string> missing;
  for (const Node& node : graph.nodes) {
    const OpDef* def = find_op(node.domain, node.op_type);
    if (!def)
      missing.push_back(str(node.domain.empty() ? "" : node.domain + "::", node.op_type,
                            " (node '", node.name, "')"));
    else if (model_opset > 0 && model_opset < def->since_opset)
      missing.push_back(str(node.op_type, " (node '", node.name, "'): defined from opset ", def->since_opset,
                            ", the model imports opset ", model_opset));
  }
  return missing;
}

void infer_shapes(Graph& graph) {
  std::vector<std::string> missing = unsupported_ops(graph);
  if (!missing.empty()) {
    std::string list;
    for (const std::string& m : missing) list += "\n  " + m;
    fail(ErrorCode::UnsupportedOp, missing.size(), " node(s) use ops nnslim does not support:", list);
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
    fold_with_reference(graph, node, *def);
  }
}

}  // namespace nnslim
