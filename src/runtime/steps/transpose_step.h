// Fast lowering of a general Transpose of 4-byte elements (float32, int32;
// int8 through make_transpose_step):
// the permutation is first reduced (size-1 dims dropped, output dims that
// stay adjacent and in order in the input merged), then either
// - the innermost dim stays innermost: a contiguous run of the output is a
//   contiguous run of the input: one memcpy per run ([B, S, H, D] ->
//   [B, H, S, D], the attention head split and merge), or
// - it moves: one 2-D tile transpose (x32-transpose, 4x4 SIMD tiles) per
//   index of the remaining dims ([B, H, S, D] -> [B, H, D, S], K^T).
// NCHW<->NHWC perms of 4-D values are lower_layout_transpose's (earlier in
// the table); this takes every other perm.
#pragma once
#include <memory>

#include "runtime/lowering_context.h"

namespace nnslim {

std::unique_ptr<Step> lower_transpose(LoweringContext& ctx, int node_index);

// The step of the Transpose `node` (its perm attribute) of a tensor of
// `shape` with elements of 4 (float32, int32) or 1 byte (int8); inputs and
// outputs left for the caller to set. Null when it cannot (no such perm, an
// empty tensor, a loop deeper than the step's odometer).
std::unique_ptr<Step> make_transpose_step(const Node& node, const Shape& shape, size_t element_bytes);

}  // namespace nnslim
