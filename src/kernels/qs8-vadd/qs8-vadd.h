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

// Fixed-point twin ("rndnu": round to nearest, ties up), all in int32:
//   y = clamp((a_mul_q * a + b_mul_q * b + bias) >> shift, qmin, qmax)
//   a_mul_q = round(a_mul * 2^shift), b_mul_q = round(b_mul * 2^shift)   (int16)
//   bias = (y_zp << shift) - a_mul_q * a_zp - b_mul_q * b_zp + 2^(shift-1)
// The zero points and the rounding half live in the bias, so the SIMD
// kernel interleaves a and b as int16 pairs and does both products and
// their sum with one i32x4.dot_i16x8_s per 4 outputs. Against the fp32
// formula the result moves only where the exact sum lies within
// 2^(7-shift) = 1/256 LSB of a rounding boundary: |a|, |b| <= 255 times the
// multipliers' rounding error 2^-(shift+1) each.
// Overflow: |a_mul_q * a| < 2^22, so with shift <= 15 every term and the
// sum stay far inside int32.
struct QS8AddRndnuParams {
  int16_t a_mul, b_mul;
  int32_t bias;
  uint32_t shift;  // 15: the SIMD kernel's compile-time shift (a run-time
                   // shift count costs V8 extra instructions per shift)
  int32_t qmin, qmax;
};

// The fixed-point parameters of `fp32`; false when a multiplier is >= 1 (or
// not finite): such an add (its output range narrower than an input's, rare
// for a residual sum) runs the fp32 kernel.
bool qs8_add_rndnu_params(const QS8AddParams& fp32, QS8AddRndnuParams* out);

void qs8_vadd_minmax_rndnu_ukernel__scalar(size_t n, const int8_t* a, const int8_t* b, int8_t* y,
                                           const QS8AddRndnuParams* params);
// 16 outputs per iteration; n >= 1, any n.
void qs8_vadd_minmax_rndnu_ukernel__wasmsimd_dot16_x16(size_t n, const int8_t* a, const int8_t* b, int8_t* y,
                                                       const QS8AddRndnuParams* params);

}  // namespace nnslim::kernels
