// Shapes with the batch left symbolic. Shape rules need static dims, so the
// graph is inferred twice, with its symbolic input dims bound to 1 and to 2:
// an output dim that differs between the two depends on the batch and is
// reported as kSymbolicDim (-1), the others are static. (Keras prints such a
// dim as None.)
#pragma once
#include <vector>

#include "ir/graph.h"

namespace nnslim {

// One entry per value id: its dtype and shape with batch-dependent dims = -1.
struct SymbolicShape {
  bool known = false;
  DType dtype = DType::Undefined;
  Shape shape;
};
std::vector<SymbolicShape> infer_symbolic_shapes(const Graph& graph);

// Writes infer_symbolic_shapes' result into the graph's non-constant values.
void apply_symbolic_shapes(Graph& graph);

}  // namespace nnslim
