// Why a step runs the kernel it runs, for model.explain(): every step gets a
// reason (StepWeightInfo::reason). Lowerings that decide between kernels on
// the weights (sparse or dense, int8 GEMM forms) write their own; this gives
// the rest theirs from what the lowering saw: int8 operands, a float kernel
// in a quantized graph (no int8 kernel for the op), the scalar reference.
#pragma once
#include <string>

#include "ir/graph.h"
#include "runtime/compiled_plan.h"

namespace nnslim {

// The reason for `step`, which lower_graph made for `node` of `graph`.
std::string default_step_reason(const Graph& graph, const Node& node, const Step& step);

// The reason for a layout copy the lowering inserted between two steps.
std::string layout_step_reason();

}  // namespace nnslim
