// Weight-only int8 (model.quantize({activations: 'float32'})): the pattern
//   W_q (int8 constant) -> DequantizeLinear(per-channel along the output
//   channels, or per-tensor; zero point 0) -> W -> MatMul | Gemm | Conv 1x1
// with f32 activations runs on the int8 weights (kernels/f32-qc8w-gemm): the
// plan keeps them packed as int8 (plus an f32 scale and bias per column),
// 4x less weight memory than f32, and they are dequantized inside the kernel.
//   M = 1 (a batch-1 dense layer): the row is quantized to int16 per run
//     (steps of 2^-13 of its max: in the outputs ~10x below the int8
//     weights' rounding error) and the GEMV sums int16 x int8 products
//     exactly with i32x4.dot_i16x8_s -- 4x less weight traffic than f32 and
//     half its instructions. (Widening the int8 weights
//     to f32 in registers instead, kernels' 1x16 x2tree, costs more
//     instructions than the f32 GEMV saves in traffic while the f32 weights
//     fit in L3: 1.35-1.56x f32 on the MLP.)
//   M > 1 (small batches, 1x1 convs): tiles of rows x a block of columns; each
//     tile dequantizes its block of packed columns into a per-thread f32
//     buffer (f32 GEMM layout, ~256 KiB) and runs the f32 GEMM on it.
// A following Relu/Clip (and the activations take_fused_activation knows)
// is fused like on the f32 path; so is a constant row Add after a MatMul.
#pragma once
#include <memory>

#include "runtime/lowering_context.h"

namespace nnslim {

std::unique_ptr<Step> lower_weight_only_gemm(LoweringContext& ctx, int node_index);
std::unique_ptr<Step> lower_weight_only_conv1x1(LoweringContext& ctx, int node_index);
// Whether one of the two lowerings above takes node `node_index` (for
// dequantize_constant_weights, which leaves such weights int8).
bool weight_only_matches(LoweringContext& ctx, int node_index);

}  // namespace nnslim
