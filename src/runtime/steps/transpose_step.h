// Fast lowering of a general Transpose of 4-byte elements (float32, int32):
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

}  // namespace nnslim
