// int8 block-sparse execution of quantized matrix products whose int8
// weights were block-pruned (prune({method: 'block'}) then quantize(): the
// symmetric weight quantization keeps every zero a zero), for the QDQ
// patterns of qdq_match.h:
//   DQ(x_q) -> Conv 1x1 (stride 1, no pads, group 1) | Gemm | MatMul (DQ(W_q) [, DQ(b_q)]) -> [Relu | Clip] -> Q
// When the weights' zeros lie in whole 8x1 blocks (8 consecutive output
// channels at one input channel) and the block sparsity reaches the
// measured crossover, the weights are packed as int8 block-CSR pairs
// (kernels/qs8-bspmm) and the step runs on the int8 tensors (NHWC pixels, or
// a Gemm's rows), with the qs8 GEMM's requantization: same integer sums, so
// the same bits as the dense int8 step. Otherwise it declines and the dense
// int8 lowerings (qs8_conv_step.h, qs8_gemm_step.h) take the node.
#pragma once
#include <cstddef>
#include <memory>

#include "runtime/lowering_context.h"

namespace nnslim {

std::unique_ptr<Step> lower_qs8_block_sparse(LoweringContext& ctx, int node_index);

// The 8x1 block sparsity from which the int8 block-sparse kernel runs for a
// product of `rows` rows (the measured crossover against the dense int8
// GEMM, or the int8 GEMV at one row), for tests and docs.
double qs8_block_sparse_threshold(size_t rows);

}  // namespace nnslim
