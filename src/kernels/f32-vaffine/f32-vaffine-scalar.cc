// Scalar per-channel affine kernels: the oracles of the SIMD ones (same
// float operations in the same order: x * scale, + shift, then the clamp).
#include <cassert>

#include "kernels/f32-vaffine/f32-vaffine.h"

namespace nnslim::kernels {

float f32_clamp_keep_nan(float y, float lo, float hi) {
  y = y < lo ? lo : y;
  return hi < y ? hi : y;
}

void f32_vaffinec_ukernel__scalar_x1(size_t rows, size_t channels, const float* x, const float* scale,
                                     const float* shift, float* y, const F32MinMaxParams* params) {
  assert(rows != 0 && channels != 0);
  for (size_t r = 0; r < rows; ++r)
    for (size_t c = 0; c < channels; ++c, ++x, ++y) *y = f32_clamp_keep_nan(*x * scale[c] + shift[c], params->min, params->max);
}

void f32_vaffines_ukernel__scalar_x1(size_t batch, const float* x, float scale, float shift, float* y,
                                     const F32MinMaxParams* params) {
  assert(batch != 0 && batch % sizeof(float) == 0);
  for (size_t i = 0; i < batch / sizeof(float); ++i) y[i] = f32_clamp_keep_nan(x[i] * scale + shift, params->min, params->max);
}

}  // namespace nnslim::kernels
