// f32 per-channel affine with a clamp: y = clamp(x * scale + shift, min, max),
// the inference form of BatchNormalization (scale = gamma / sqrt(var + eps),
// shift = beta - mean * scale) with a fused Relu/Clip.
//   vaffinec  channels-last rows (NHWC): `rows` rows of `channels` values,
//             scale[c] / shift[c] broadcast to every row (SIMD over channels);
//   vaffines  one channel's plane (NCHW): `batch` BYTES of x, one scalar
//             scale and shift (SIMD over the plane).
// In-place (y == x) is allowed. The scalar kernels are the oracles. Unlike
// f32_clamp, the clamp keeps a NaN a NaN (BatchNormalization of a NaN is NaN).
#pragma once
#include <cstddef>

#include "kernels/microparams.h"

namespace nnslim::kernels {

using F32VaffinecUkernelFn = void (*)(size_t rows, size_t channels, const float* x, const float* scale,
                                      const float* shift, float* y, const F32MinMaxParams* params);
using F32VaffinesUkernelFn = void (*)(size_t batch, const float* x, float scale, float shift, float* y,
                                      const F32MinMaxParams* params);

// min(max(y, lo), hi) with a NaN y passed through.
float f32_clamp_keep_nan(float y, float lo, float hi);

void f32_vaffinec_ukernel__scalar_x1(size_t rows, size_t channels, const float* x, const float* scale,
                                     const float* shift, float* y, const F32MinMaxParams* params);
void f32_vaffinec_ukernel__wasmsimd_x8(size_t rows, size_t channels, const float* x, const float* scale,
                                       const float* shift, float* y, const F32MinMaxParams* params);
void f32_vaffines_ukernel__scalar_x1(size_t batch, const float* x, float scale, float shift, float* y,
                                     const F32MinMaxParams* params);
void f32_vaffines_ukernel__wasmsimd_x8(size_t batch, const float* x, float scale, float shift, float* y,
                                       const F32MinMaxParams* params);

}  // namespace nnslim::kernels
