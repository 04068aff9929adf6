// int8 Gemm / MatMul with constant weights for the QDQ pattern
//   DQ(a_q) -> Gemm|MatMul(DQ(W_q) [, DQ(b_q)]) -> [Relu | Clip] -> Q -> y_q
// (qdq_match.h): y_q[M, N] = requant(a_q[M, K] * W), the qs8 GEMM kernels
// (the 1-row kernel for batch 1: GEMV on int16-widened int8 weights).
#pragma once
#include <memory>

#include "runtime/lowering_context.h"

namespace nnslim {

std::unique_ptr<Step> lower_qs8_gemm(LoweringContext& ctx, int node_index);
bool qs8_gemm_matches(LoweringContext& ctx, int node_index);

}  // namespace nnslim
