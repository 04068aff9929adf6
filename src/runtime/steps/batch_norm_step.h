// Fast lowering of a BatchNormalization that fold_batch_norm could not fold
// into a conv (it follows an Add, a Concat, a Resize...): inference form with
// constant parameters, as the per-channel affine y = x * scale' + shift',
//   scale' = gamma / sqrt(var + eps),  shift' = beta - mean * scale'
// (computed at compile time in double, rounded once), with a following
// Relu/Clip fused as the clamp (kernels/f32-vaffine). NHWC input: one
// channel-vector kernel call over all pixels; NCHW: one scalar-affine call
// per (n, c) plane (rank 2 [N, C]: channel-vector rows).
#pragma once
#include <memory>

#include "runtime/lowering_context.h"

namespace nnslim {

std::unique_ptr<Step> lower_batch_normalization(LoweringContext& ctx, int node_index);

}  // namespace nnslim
