// Fast lowering of Gemm (transA = 0) and MatMul whose B is a constant:
// B (times alpha) and bias (beta * C) are packed once at compile time for the
// f32 GEMM microkernels (one row, M = 1: the f32 GEMV kernel); a following
// Relu/Clip is fused as the clamp.
#pragma once
#include <memory>
#include <vector>

#include "runtime/lowering_context.h"

namespace nnslim {

std::unique_ptr<Step> lower_gemm(LoweringContext& ctx, int node_index);

// The product a Gemm (transA = 0) or MatMul node computes with a constant 2-D
// B of dims `b_dims`: C[M, N] = alpha * A[M, K] * B + bias. Shared by the f32
// lowering above and the weight-only int8 one (weight_only_gemm_step.h).
struct GemmOperands {
  size_t m = 0, n = 0, k = 0;
  bool trans_b = false;  // B is [N, K]
  float alpha = 1.0f;
  std::vector<float> bias;  // N values: beta * C, plus a fused constant row Add
  int output = -1;          // the value the step writes (the fused Add's output, if any)
  bool fused_add = false;
};
// False (nothing taken) if the node is not such a product: A not a float
// activation of rank >= 2, shapes that disagree, a C that is not a constant
// row or scalar. On success a following Add of a constant row is taken
// (marked done in ctx), so call it last, when the lowering is sure to succeed.
bool take_gemm_operands(LoweringContext& ctx, int node_index, const Shape& b_dims, GemmOperands* out);

}  // namespace nnslim
