// The ONNX linear quantization formulas, shared by the QuantizeLinear /
// DequantizeLinear reference kernels, the quantize pass and the runtime:
//   quantize:    q = saturate(round_half_to_even(x / s) + z)
//   dequantize:  x^ = (q - z) * s
// Both compute in float32 (the division x / s too), as ONNX's reference
// implementation (numpy on float32 arrays) and onnxruntime do: computing the
// quotient in double could round a different way at a .5 boundary.
#pragma once
#include <cmath>
#include <cstdint>

#include "core/dtype.h"

namespace nnslim {

// Range of a quantized integer type: int8 [-128, 127], uint8 [0, 255],
// int32 its full range. Other dtypes: {0, 0}.
struct QuantRange {
  int64_t min, max;
};
inline QuantRange quant_range(DType t) {
  switch (t) {
    case DType::Int8: return {-128, 127};
    case DType::Uint8: return {0, 255};
    case DType::Int32: return {INT32_MIN, INT32_MAX};
    default: return {0, 0};
  }
}

// round_half_to_even(x / scale) + zero_point, saturated to [qmin, qmax].
// NaN maps to qmin (-128 for int8, 0 for uint8), as onnxruntime's MLAS
// kernels write it: they clamp x / s to [qmin - z, qmax - z] with x86 MAXPS /
// ARM FMAXNM, which both return the bound for a NaN, before adding z.
inline int64_t quantize_value(float x, float scale, int64_t zero_point, QuantRange range) {
  const float quotient = x / scale;
  if (std::isnan(quotient)) return range.min;
  // std::nearbyint rounds half to even in the default rounding mode; clamp in
  // float first so huge quotients do not overflow the integer conversion.
  float rounded = std::nearbyint(quotient);
  if (rounded < -2147483648.f) rounded = -2147483648.f;
  if (rounded > 2147483520.f) rounded = 2147483520.f;
  int64_t q = static_cast<int64_t>(rounded) + zero_point;
  if (q < range.min) q = range.min;
  if (q > range.max) q = range.max;
  return q;
}

inline float dequantize_value(int64_t q, float scale, int64_t zero_point) {
  return static_cast<float>(q - zero_point) * scale;
}

}  // namespace nnslim
