// int8 Gemm / MatMul with constant weights for the QDQ pattern
//   DQ(a_q) -> Gemm|MatMul(DQ(W_q) [, DQ(b_q)]) -> [Relu | Clip] -> Q -> y_q
// (qdq_match.h): y_q[M, N] = requant(a_q[M, K] * W), the qs8 GEMM kernels
// (batch 1: the qs8 GEMV kernel on weights packed as int8).
#pragma once
#include <memory>

#include "runtime/lowering_context.h"

namespace nnslim {

std::unique_ptr<Step> lower_qs8_gemm(LoweringContext& ctx, int node_index);
bool qs8_gemm_matches(LoweringContext& ctx, int node_index);

}  // namespace nnslim
