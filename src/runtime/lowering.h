// Lowering: each node of a compiled graph becomes a Step.
//
// Fast lowerings (SIMD kernels, NHWC, fused activations) are tried first, in
// the order of the table in lowering.cc; a node none of them takes runs its
// reference implementation (NCHW, src/ops/reference). Layout conversions
// between the two are inserted where a value is produced in one layout and
// consumed in the other; graph outputs are always NCHW (ONNX layout).
#pragma once
#include <cstdint>
#include <vector>

#include "runtime/compiled_plan.h"

namespace nnslim {

// `observed`: value ids (all valid) to hand to an observer
// (plan.observations, see ObservationPoint); graph outputs from index `real_outputs` on are
// observe-only (compile_plan): they keep their steps but get no NCHW copy,
// and lower_graph drops them from plan.graph.outputs.
void lower_graph(CompiledPlan& plan, const std::vector<int>& observed = {}, size_t real_outputs = SIZE_MAX);

}  // namespace nnslim
