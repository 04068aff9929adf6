// The reference graph executor: shape inference on a copy of the graph bound
// to the given inputs, one buffer per value, nodes run in order through their
// reference implementations.
#include <cstring>
#include <set>
#include <utility>

#include "core/error.h"
#include "ops/shape_inference.h"
#include "ops/reference/reference.h"

namespace nnslim {
namespace {


void bind_inputs(Graph& graph, const std::vector<TensorPtr>& inputs) {
  NNSLIM_CHECK(inputs.size() == graph.inputs.size(), "the model has ", graph.inputs.size(), " input(s), got ",
               inputs.size());
  const std::vector<int> deciding = shape_deciding_graph_inputs(graph);
  const std::set<int> shape_deciding(deciding.begin(), deciding.end());
  for (size_t i = 0; i < inputs.size(); ++i) {
    Value& v = graph.value(graph.inputs[i]);
    const TensorPtr& t = inputs[i];
    NNSLIM_CHECK(t != nullptr, "input '", v.name, "' is missing: expected ", describe_type(v));
    bool ok = v.dtype == DType::Undefined || t->dtype == v.dtype;
    if (v.has_shape) {
      ok = ok && t->dims.size() == v.shape.size();
      for (size_t d = 0; ok && d < v.shape.size(); ++d) ok = v.shape[d] < 0 || v.shape[d] == t->dims[d];
    }
    NNSLIM_CHECK(ok, "input '", v.name, "': expected ", describe_type(v), ", got ", dtype_name(t->dtype), " ",
                 shape_to_string(t->dims));
    NNSLIM_CHECK(t->materialized(), "input '", v.name, "' has no data");
    NNSLIM_CHECK(t->bytes.size() == t->byte_size(), "input '", v.name, "' holds ", t->bytes.size(),
                 " bytes, its dtype and shape need ", t->byte_size());
    v.dtype = t->dtype;
    v.shape = t->dims;
    v.has_shape = true;
    if (shape_deciding.count(graph.inputs[i])) v.constant = t;
  }
}

}  // namespace

std::vector<TensorPtr> run_reference(const Graph& source, const std::vector<TensorPtr>& inputs) {
  Graph graph = source;
  bind_inputs(graph, inputs);
  infer_shapes(graph);

  std::vector<TensorPtr> buffers(graph.values.size());
  for (size_t v = 0; v < graph.values.size(); ++v) {
    const TensorPtr& constant = graph.values[v].constant;
    if (!constant) continue;
    if (constant->materialized()) {
      buffers[v] = constant;
    } else {  // a builder weight with an init rule: materialize a private copy
      auto copy = std::make_shared<Tensor>(*constant);
      copy->materialize();
      buffers[v] = copy;
    }
  }
  for (size_t i = 0; i < graph.inputs.size(); ++i)
    if (!buffers[static_cast<size_t>(graph.inputs[i])]) buffers[static_cast<size_t>(graph.inputs[i])] = inputs[i];

  for (const Node& node : graph.nodes) {
    bool folded = !node.outputs.empty();
    for (int out : node.outputs) folded = folded && out >= 0 && buffers[static_cast<size_t>(out)] != nullptr;
    if (folded) continue;  // shape inference computed it already
    const ReferenceFn fn = find_reference(node.op_type);
    NNSLIM_CHECK(fn != nullptr, ErrorCode::UnsupportedOp, node.describe(), ": op ", node.op_type,
                 " has no reference implementation (not supported)");

    std::vector<const Tensor*> in_tensors(node.inputs.size(), nullptr);
    std::vector<const Value*> out_types(node.outputs.size(), nullptr);
    for (size_t i = 0; i < node.inputs.size(); ++i) {
      const int id = node.inputs[i];
      if (id < 0) continue;
      const TensorPtr& t = buffers[static_cast<size_t>(id)];
      NNSLIM_CHECK(t != nullptr, node.describe(), ": input '", graph.value(id).name, "' has not been computed");
      in_tensors[i] = t.get();
    }
    for (size_t i = 0; i < node.outputs.size(); ++i) {
      const int id = node.outputs[i];
      if (id < 0) continue;
      out_types[i] = &graph.value(id);
      NNSLIM_CHECK(out_types[i]->has_shape, node.describe(), ": output '", out_types[i]->name, "' has no inferred shape");
    }
    std::vector<TensorPtr> computed = run_reference_node(node, graph.opset, fn, in_tensors, out_types);
    for (size_t i = 0; i < node.outputs.size(); ++i)
      if (node.outputs[i] >= 0) buffers[static_cast<size_t>(node.outputs[i])] = std::move(computed[i]);
  }

  std::vector<TensorPtr> results;
  for (int out : graph.outputs) {
    NNSLIM_CHECK(buffers[static_cast<size_t>(out)] != nullptr, "graph output '", graph.value(out).name,
                 "' was not computed");
    results.push_back(buffers[static_cast<size_t>(out)]);
  }
  return results;
}

}  // namespace nnslim
