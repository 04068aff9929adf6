// int8 bilinear resizing of NHWC images, one output row per call: the int8
// twin of f32-ibilinear (same tables: per output row the top and bottom
// input rows and the vertical weight alpha_v, per output pixel the element
// offsets of its left and right input pixels in a row and the horizontal
// weight alpha_h). For every channel c, in float on the int8 codes:
//   t = tl + alpha_h * (tr - tl),  b = bl + alpha_h * (br - bl),  v = t + alpha_v * (b - t)
//   y = clamp(round_half_even((v - x_zero_point) * scale) + y_zero_point, qmin, qmax)
// with scale = s_x / s_y (the output may be on another grid; a fused Relu /
// Clip narrows [qmin, qmax]), rounded with the fp32 magic bias of
// kernels/qs8-requant.h. Every variant evaluates exactly these float
// operations in this order, so they agree bit for bit; the reference
// executor (dequantize, interpolate, quantize) rounds in another order and
// can land on the other side of a .5 tie: within one step of it.
// Kernels never allocate; pixels, channels >= 1; output is contiguous.
#pragma once
#include <cstddef>
#include <cstdint>

#include "kernels/qs8-requant.h"

namespace nnslim::kernels {

struct QS8IbilinearParams {
  float x_zero_point;
  float scale;
  QS8RequantParams requant;
};

inline QS8IbilinearParams qs8_ibilinear_params(int32_t x_zero_point, float scale, int32_t y_zero_point, int32_t qmin,
                                               int32_t qmax) {
  return {static_cast<float>(x_zero_point), scale, qs8_requant_params(y_zero_point, qmin, qmax)};
}

using QS8IbilinearRowUkernelFn = void (*)(size_t pixels, size_t channels, const int8_t* top, const int8_t* bottom,
                                          const size_t* offsets, const float* weights, float alpha_v, int8_t* output,
                                          const QS8IbilinearParams* params);

void qs8_ibilinear_row_ukernel__scalar_c1(size_t pixels, size_t channels, const int8_t* top, const int8_t* bottom,
                                          const size_t* offsets, const float* weights, float alpha_v, int8_t* output,
                                          const QS8IbilinearParams* params);
void qs8_ibilinear_row_ukernel__wasmsimd_c16(size_t pixels, size_t channels, const int8_t* top, const int8_t* bottom,
                                             const size_t* offsets, const float* weights, float alpha_v,
                                             int8_t* output, const QS8IbilinearParams* params);

}  // namespace nnslim::kernels
