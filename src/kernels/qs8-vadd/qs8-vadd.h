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

// Fixed-point twin ("rndnu": round to nearest, ties up), all in int32, with
// 30-bit multipliers split in two int16 halves:
//   m = round(mul * 2^30) = hi * 2^15 + lo   (0 <= lo < 2^15; mul < 1)
//   acc_hi = hi_a * (a - a_zp) + hi_b * (b - b_zp)
//   acc_lo = lo_a * (a - a_zp) + lo_b * (b - b_zp)
//   y = clamp((acc_hi + (acc_lo >> 15) + (y_zp << 15) + 2^14) >> 15, qmin, qmax)
// which is exactly floor((m_a*da + m_b*db + (y_zp << 30) + 2^29) / 2^30):
// acc_lo's dropped low bits are below one unit of the 2^15 steps the last
// shift removes. The SIMD kernel interleaves a and b as int16 pairs, so each
// sum above is one i32x4.dot_i16x8_s per 4 outputs. With 30-bit multipliers
// it differs from the fp32 formula only where the exact sum lies within
// ~2^-22 of a rounding boundary (the fp32 formula's own rounding error is
// larger than that). |acc_hi|, |acc_lo| < 2^24: no overflow.
// Multipliers of 1 or more (an output range narrower than an input's: a
// residual Add with its Relu folded in) take a shorter last shift: with
// both multipliers below 2^k, m = round(mul * 2^(30 - k)) and
//   y = clamp((acc_hi + (acc_lo >> 15) + (y_zp << shift) + 2^(shift - 1)) >> shift, qmin, qmax),
// shift = 15 - k: the same formula with (30 - k)-bit multipliers. Exact
// ties (a sum on x.5 exactly) round up here and to even in the fp32 formula
// and the reference, so those outputs may differ by one code; with
// multipliers >= 1 the sum has fewer fraction bits and such ties occur.
struct QS8AddRndnuParams {
  int16_t a_mul_hi, b_mul_hi, a_mul_lo, b_mul_lo;
  int16_t a_zero_point, b_zero_point;
  int32_t bias;  // (y_zp << shift) + 2^(shift - 1)
  int32_t qmin, qmax;
  uint32_t shift = 15;  // 15 - k
};

// The fixed-point parameters of `fp32`; false when a multiplier is >= 2^7
// (shift 8: 23-bit multipliers, the fp32 formula's own precision), negative
// or not finite: such an add runs the fp32 kernel.
bool qs8_add_rndnu_params(const QS8AddParams& fp32, QS8AddRndnuParams* out);

void qs8_vadd_minmax_rndnu_ukernel__scalar(size_t n, const int8_t* a, const int8_t* b, int8_t* y,
                                           const QS8AddRndnuParams* params);
// 16 outputs per iteration; n >= 1, any n.
void qs8_vadd_minmax_rndnu_ukernel__wasmsimd_dot16_x16(size_t n, const int8_t* a, const int8_t* b, int8_t* y,
                                                       const QS8AddRndnuParams* params);

}  // namespace nnslim::kernels
