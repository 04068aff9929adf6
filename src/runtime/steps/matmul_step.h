// Fast lowering of MatMul whose B is not a 2-D constant (attention's
// Q x K^T and P x V: [B, H, S, D] x [B, H, D, S], numpy batch broadcasting).
//
// At run time each distinct B matrix of the broadcast batch is packed once
// into the f32 GEMM microkernels' panel layout (f32_packw_gemm_gio), in arena
// scratch owned by the step, then every batch entry is one f32_gemm call on
// its A matrix and its packed B. When B has a single matrix (no batch, or all
// batch dims 1) and A's batch is contiguous, A's batch folds into the rows:
// one GEMM of batch * M rows. A constant batched B is packed once at compile
// time instead. A 1-D A is a row [1, K], a 1-D B a column
// [K, 1] (ONNX/numpy). A following Relu/Clip is fused as the clamp.
#pragma once
#include <memory>

#include "runtime/lowering_context.h"

namespace nnslim {

std::unique_ptr<Step> lower_matmul_dynamic(LoweringContext& ctx, int node_index);

}  // namespace nnslim
