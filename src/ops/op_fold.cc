#include "ops/op_fold.h"

namespace nnslim {
namespace {

bool foldable_constant(const Value& v) {
  const TensorPtr& t = v.constant;
  return t && t->materialized() && dtype_size(t->dtype) != 0 && t->numel() <= kMaxFoldElements &&
         t->bytes.size() == t->byte_size();  // a malformed payload is left to the kernels' checks
}

bool foldable_output(const Value& v) {
  if (!v.has_shape || dtype_size(v.dtype) == 0) return false;
  for (int64_t d : v.shape)
    if (d < 0) return false;
  return shape_numel(v.shape) <= kMaxFoldElements;
}

}  // namespace

bool fold_with_reference(Graph& graph, const Node& node, const OpDef& def) {
  if (!def.folds) return false;
  // Before opset 7 binary ops broadcast the legacy way, which the reference
  // does not implement (the importer rewrites such nodes to opset 7).
  if (graph.opset < 7) return false;
  bool any_to_compute = false;
  for (int out : node.outputs) {
    if (out < 0) continue;
    const Value& v = graph.value(out);
    if (!foldable_output(v)) return false;
    any_to_compute = any_to_compute || !v.constant;
  }
  if (!any_to_compute) return false;
  for (int in : node.inputs)
    if (in >= 0 && !foldable_constant(graph.value(in))) return false;

  std::vector<const Tensor*> inputs(node.inputs.size(), nullptr);
  std::vector<const Value*> outputs(node.outputs.size(), nullptr);
  for (size_t i = 0; i < node.inputs.size(); ++i)
    if (node.inputs[i] >= 0) inputs[i] = graph.value(node.inputs[i]).constant.get();
  for (size_t i = 0; i < node.outputs.size(); ++i)
    if (node.outputs[i] >= 0) outputs[i] = &graph.value(node.outputs[i]);
  std::vector<TensorPtr> results = run_reference_node(node, graph.opset, def.reference, inputs, outputs);
  for (size_t i = 0; i < node.outputs.size(); ++i) {
    if (node.outputs[i] < 0) continue;
    Value& v = graph.value(node.outputs[i]);
    if (!v.constant) v.constant = std::move(results[i]);
  }
  return true;
}

}  // namespace nnslim
