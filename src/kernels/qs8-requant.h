// Requantization shared by the int8 (qs8 = signed 8-bit, "quantized signed")
// microkernel families: int32 accumulators -> int8 outputs.
//
// Scheme: XNNPACK's "fp32" (docs/quantization.md says why):
//   y = clamp(round_half_even(float(acc) * scale) + zero_point, qmin, qmax)
// computed as
//   f = clamp(float(acc) * scale, qmin - zp, qmax - zp)           (exact bounds: integers)
//   y = bits(f + 0x1.8p23) - (bits(0x1.8p23) - zp)
// Adding 1.5 * 2^23 puts the integer part of |f| < 2^22 in the low mantissa
// bits with IEEE round-to-nearest-even, which is ONNX QuantizeLinear's
// rounding; the float bias's bits minus the zero point then subtract in int32.
// A fused Relu / Clip is a narrower [qmin, qmax].
//
// The SIMD kernels clamp after the bias instead (XNNPACK's "magic min"),
// with the same bits and fewer instructions:
//   b = bits(f + 0x1.8p23);  b = max_i32(b, bits(0x1.8p23 + qmin - zp));
//   y = min_i8(saturate_i8(b - (bits(0x1.8p23) - zp)), qmax)
// Positive floats order like their bits, and every float below 0 (f below
// -0x1.8p23, even -inf) has a negative int32 pattern, so the int32 max is
// the lower clamp for every f; above, f + 0x1.8p23 grows monotonically (also
// past 2^24, where its step is 2), the difference stays below 2^30, and the
// saturating narrows and the int8 min give qmax. In [qmin - zp, qmax - zp]
// (|f| < 2^22) the sum is exact up to the same rounding as before.
#pragma once
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace nnslim::kernels {

struct QS8RequantParams {
  float min_less_zero_point;                   // qmin - output zero point
  float max_less_zero_point;                   // qmax - output zero point
  float magic_bias;                            // 0x1.8p23 = 12582912.0f
  int32_t magic_bias_less_output_zero_point;   // bits(magic_bias) - output zero point
  int32_t magic_min;                           // bits(magic_bias + qmin - output zero point)
  int32_t output_max;                          // qmax (the SIMD kernels' int8 min)
};

inline QS8RequantParams qs8_requant_params(int32_t output_zero_point, int32_t qmin, int32_t qmax) {
  QS8RequantParams p;
  p.min_less_zero_point = static_cast<float>(qmin - output_zero_point);
  p.max_less_zero_point = static_cast<float>(qmax - output_zero_point);
  p.magic_bias = 12582912.0f;
  p.magic_bias_less_output_zero_point = INT32_C(0x4B400000) - output_zero_point;
  // magic_bias + (qmin - zp) is an integer in (2^23, 2^24): its bits are the
  // magic bias's plus that integer.
  p.magic_min = INT32_C(0x4B400000) + (qmin - output_zero_point);
  p.output_max = qmax;
  return p;
}

// Whether the clamp is [-128, 127], the saturating narrows' own range: then
// the *_i8sat kernels leave out every clamp instruction.
inline bool qs8_requant_full_range(const QS8RequantParams& p) {
  return p.magic_min - p.magic_bias_less_output_zero_point == -128 && p.output_max == 127;
}

// The oracle's formula, written plainly (no magic numbers): round half to
// even with nearbyint (default rounding mode), then the zero point, then the clamp.
inline int8_t qs8_requantize_reference(int32_t acc, float scale, int32_t output_zero_point, int32_t qmin,
                                       int32_t qmax) {
  const float scaled = static_cast<float>(acc) * scale;
  // Clamp in float first: values beyond int32 must not overflow the cast.
  const float lo = static_cast<float>(qmin - output_zero_point), hi = static_cast<float>(qmax - output_zero_point);
  const float clamped = scaled < lo ? lo : (scaled > hi ? hi : scaled);
  return static_cast<int8_t>(static_cast<int32_t>(std::nearbyint(clamped)) + output_zero_point);
}

}  // namespace nnslim::kernels
