// Fast lowering of LayerNormalization (float32, stash_type float32) over the
// dims [axis, rank): the tensor is a row view, rows = prod(dims before axis),
// row length = prod(dims from axis), and each row runs the SIMD layer-norm
// kernels (two-pass mean and variance, then the affine map with Scale and B).
// Scale and B must hold one value per row element (their shape is X[axis:],
// leading 1s allowed); other broadcasts run on the reference. The optional
// Mean and InvStdDev outputs are written per row. Nothing is fused.
#pragma once
#include <memory>
#include <string>

#include "runtime/lowering_context.h"

namespace nnslim {

std::unique_ptr<Step> lower_layer_normalization(LoweringContext& ctx, int node_index);

// The step alone (inputs X, Scale, B; output Y), described as `what`: for
// lowerings of other spellings of a LayerNorm (layernorm_pattern.h).
std::unique_ptr<Step> make_layernorm_step(size_t rows, size_t row_length, float epsilon, std::string what);

}  // namespace nnslim
