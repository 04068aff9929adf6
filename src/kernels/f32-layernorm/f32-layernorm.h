// Layer normalization of one row of n floats (ONNX LayerNormalization with
// stash_type = float32):
//   mean = sum_i x[i] / n
//   var  = sum_i (x[i] - mean)^2 / n          (biased; two passes, so no
//                                              cancellation of sum x^2 - n mean^2)
//   y[i] = (x[i] - mean) * inv_std * scale[i] + bias[i],  inv_std = 1 / sqrt(var + epsilon)
// Two microkernels per variant: `stats` (the two reductions) and `apply`
// (the affine map). bias may be null (zeros). y may alias x. n >= 1.
#pragma once
#include <cstddef>

namespace nnslim::kernels {

using F32LayernormStatsUkernelFn = void (*)(size_t n, const float* x, float* mean, float* variance);
using F32LayernormApplyUkernelFn = void (*)(size_t n, const float* x, float mean, float inv_std,
                                            const float* scale, const float* bias, float* y);

void f32_layernorm_stats_ukernel__scalar(size_t n, const float* x, float* mean, float* variance);
void f32_layernorm_stats_ukernel__wasmsimd(size_t n, const float* x, float* mean, float* variance);
void f32_layernorm_apply_ukernel__scalar(size_t n, const float* x, float mean, float inv_std, const float* scale,
                                         const float* bias, float* y);
void f32_layernorm_apply_ukernel__wasmsimd_x8(size_t n, const float* x, float mean, float inv_std,
                                              const float* scale, const float* bias, float* y);

// One row with the wasm SIMD kernels; writes the row's mean and inv_std when
// those pointers are not null.
void f32_layernorm_row(size_t n, const float* x, const float* scale, const float* bias, float epsilon, float* y,
                       float* mean_out, float* inv_std_out);

// The oracle: double precision.
void f32_layernorm_reference(size_t n, const float* x, const float* scale, const float* bias, float epsilon,
                             float* y, float* mean_out, float* inv_std_out);

}  // namespace nnslim::kernels
