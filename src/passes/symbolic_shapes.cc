#include "passes/symbolic_shapes.h"

#include "ops/shape_inference.h"

namespace nnslim {
namespace {

Graph inferred_copy(const Graph& graph, int64_t batch) {
  Graph copy = graph;
  copy.bind_symbolic_dims(batch);
  infer_shapes(copy);
  return copy;
}

}  // namespace

std::vector<SymbolicShape> infer_symbolic_shapes(const Graph& graph) {
  const Graph one = inferred_copy(graph, 1);
  const bool symbolic = graph.has_symbolic_dims();
  const Graph two = symbolic ? inferred_copy(graph, 2) : Graph();
  std::vector<SymbolicShape> out(graph.values.size());
  for (size_t v = 0; v < out.size(); ++v) {
    const Value& a = one.values[v];
    if (!a.has_shape) continue;
    out[v].known = true;
    out[v].dtype = a.dtype;
    out[v].shape = a.shape;
    if (!symbolic) continue;
    const Value& b = two.values[v];
    if (b.shape.size() != a.shape.size()) {
      // The rank itself depends on the batch: nothing static to report.
      out[v].shape.assign(a.shape.size(), kSymbolicDim);
      continue;
    }
    for (size_t d = 0; d < a.shape.size(); ++d)
      if (a.shape[d] != b.shape[d]) out[v].shape[d] = kSymbolicDim;
  }
  return out;
}

void apply_symbolic_shapes(Graph& graph) {
  const std::vector<SymbolicShape> shapes = infer_symbolic_shapes(graph);
  for (size_t v = 0; v < shapes.size(); ++v) {
    Value& value = graph.values[v];
    if (value.constant || !shapes[v].known) continue;
    value.dtype = shapes[v].dtype;
    value.shape = shapes[v].shape;
    value.has_shape = true;
  }
}

}  // namespace nnslim
