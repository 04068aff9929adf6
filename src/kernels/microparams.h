// Parameters shared by the f32 microkernel families.
//
// Activation fusion is a clamp applied to every output before it is stored:
//   none  = [-inf, +inf]    relu = [0, +inf]    relu6 = [0, 6]
// Kernels clamp with wasm_f32x4_pmax(v, vmin) then wasm_f32x4_pmin(v, vmax)
// (one maxps/minps each on x86 hosts); the scalar references use the same
// comparisons, so results are identical for non-NaN data.
#pragma once
#include <cmath>
#include <cstddef>
#include <limits>

namespace nnslim::kernels {

struct F32MinMaxParams {
  float min;
  float max;
};

// Global average pooling / softmax scaling: y = clamp(scale * x).
struct F32ScaleMinMaxParams {
  float scale;
  float min;
  float max;
};

inline F32MinMaxParams f32_minmax(float min, float max) { return F32MinMaxParams{min, max}; }
inline F32MinMaxParams f32_minmax_none() {
  return F32MinMaxParams{-std::numeric_limits<float>::infinity(), std::numeric_limits<float>::infinity()};
}
inline F32MinMaxParams f32_minmax_relu() { return F32MinMaxParams{0.0f, std::numeric_limits<float>::infinity()}; }
inline F32MinMaxParams f32_minmax_relu6() { return F32MinMaxParams{0.0f, 6.0f}; }

// Scalar clamp with the same semantics as the SIMD pmax/pmin pair:
// pmax(x, lo) = x < lo ? lo : x, pmin(x, hi) = hi < x ? hi : x (NaN -> NaN).
inline float f32_clamp(float x, float lo, float hi) {
  x = x < lo ? lo : x;
  return hi < x ? hi : x;
}

// IEEE 754-2019 maximum / minimum, the rule of wasm f32x4.max / f32x4.min
// and of numpy's np.maximum / np.minimum (the ONNX reference): NaN when
// either operand is NaN, and -0 < +0. Max/Min, MaxPool and ReduceMax/Min
// use these, so a NaN anywhere in a window or a row makes the result NaN.
inline float f32_maximum(float a, float b) {
  if (a != a || b != b) return a + b;
  if (a == b) return std::signbit(a) ? b : a;
  return a < b ? b : a;
}
inline float f32_minimum(float a, float b) {
  if (a != a || b != b) return a + b;
  if (a == b) return std::signbit(a) ? a : b;
  return b < a ? b : a;
}

inline size_t round_up(size_t n, size_t q) { return (n + q - 1) / q * q; }
inline size_t divide_round_up(size_t n, size_t q) { return (n + q - 1) / q; }

}  // namespace nnslim::kernels
