// int8 elementwise add with requantization (QDQ Add of two int8 tensors):
//   y = clamp(round_half_even(a_mul * (a - a_zp) + b_mul * (b - b_zp)) + y_zp, qmin, qmax)
// with a_mul = s_a / s_y, b_mul = s_b / s_y, evaluated in float in exactly
// this order (two products, one sum) by every variant, then rounded with the
// fp32 magic bias (kernels/qs8-requant.h). Same-shape operands; n >= 1.
#pragma once
#include <cstddef>
#include <cstdint>

namespace nnslim::kernels {

struct QS8AddParams {
  float a_mul, b_mul;
  int32_t a_zero_point, b_zero_point, y_zero_point;
  int32_t qmin, qmax;
};

using QS8VaddUkernelFn = void (*)(size_t n, const int8_t* a, const int8_t* b, int8_t* y, const QS8AddParams* params);

void qs8_vadd_minmax_fp32_ukernel__scalar(size_t n, const int8_t* a, const int8_t* b, int8_t* y,
                                          const QS8AddParams* params);
void qs8_vadd_minmax_fp32_ukernel__wasmsimd_x8(size_t n, const int8_t* a, const int8_t* b, int8_t* y,
                                               const QS8AddParams* params);

}  // namespace nnslim::kernels
