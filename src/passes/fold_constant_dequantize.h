// fold_constant_dequantize: a DequantizeLinear whose inputs are all constants
// (a QDQ model's int8 weights and int32 biases) becomes the float constant it
// computes, so the float kernels that consume it pack it at compile time like
// any float weight. The runtime runs this after its int8 lowerings had their
// chance at the pattern; the graph a model keeps (and exports) is unchanged.
// Returns the number of nodes folded.
#pragma once
#include "ir/graph.h"

namespace nnslim {

int fold_constant_dequantize(Graph& graph);

}  // namespace nnslim
