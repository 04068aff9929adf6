// Lowering: each node of a compiled graph becomes a Step.
//
// Fast lowerings (SIMD kernels, NHWC, fused activations) are tried first, in
// the order of the table in lowering.cc; a node none of them takes runs its
// reference implementation (NCHW, src/ops/reference). Layout conversions
// between the two are inserted where a value is produced in one layout and
// consumed in the other; graph outputs are always NCHW (ONNX layout).
#pragma once
#include "runtime/compiled_plan.h"

namespace nnslim {

void lower_graph(CompiledPlan& plan);

}  // namespace nnslim
