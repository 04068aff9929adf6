// int8 elementwise multiply with requantization (QDQ Mul of two int8
// tensors; a squeeze-excite gate is a row of channels per pixel):
//   y = clamp(round_half_even(scale * (a - a_zp) * (b - b_zp)) + y_zp, qmin, qmax),  scale = s_a s_b / s_y
// The product of the two centred codes is exact in int32 (|.| <= 255^2); it
// is converted to float, multiplied by `scale` and rounded with the fp32
// magic bias (kernels/qs8-requant.h): exactly qs8_requantize_reference, so
// every variant agrees bit for bit. (The reference executor multiplies the
// dequantized floats and divides by s_y: within one step.) n >= 1; y may
// equal a or b.
#pragma once
#include <cstddef>
#include <cstdint>

#include "kernels/qs8-requant.h"

namespace nnslim::kernels {

struct QS8MulParams {
  int32_t a_zero_point, b_zero_point;
  float scale;
  int32_t y_zero_point, qmin, qmax;
};

using QS8VmulUkernelFn = void (*)(size_t n, const int8_t* a, const int8_t* b, int8_t* y, const QS8MulParams* params);

void qs8_vmul_minmax_fp32_ukernel__scalar(size_t n, const int8_t* a, const int8_t* b, int8_t* y,
                                          const QS8MulParams* params);
void qs8_vmul_minmax_fp32_ukernel__wasmsimd_x16(size_t n, const int8_t* a, const int8_t* b, int8_t* y,
                                                const QS8MulParams* params);

}  // namespace nnslim::kernels
