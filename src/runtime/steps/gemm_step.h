// Fast lowering of Gemm (transA = 0) and MatMul whose B is a constant:
// B (times alpha) and bias (beta * C) are packed once at compile time for the
// f32 GEMM microkernels (one row, M = 1: the f32 GEMV kernel); a following
// Relu/Clip is fused as the clamp.
#pragma once
#include <memory>

#include "runtime/lowering_context.h"

namespace nnslim {

std::unique_ptr<Step> lower_gemm(LoweringContext& ctx, int node_index);

}  // namespace nnslim
