// Parameters shared by the f32 microkernel families.
//
// Activation fusion is a clamp applied to every output before it is stored:
//   none  = [-inf, +inf]    relu = [0, +inf]    relu6 = [0, 6]
// Kernels clamp with wasm_f32x4_pmax(vmin, v) then wasm_f32x4_pmin(vmax, v)
// (one maxps/minps each on x86 hosts); the scalar references use the same
// comparisons, so results are identical for non-NaN data.
#pragma once
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
// pmax(lo, x) = lo < x ? x : lo, pmin(hi, x) = x < hi ? x : hi.
inline float f32_clamp(float x, float lo, float hi) {
  x = lo < x ? x : lo;
  return x < hi ? x : hi;
}

inline size_t round_up(size_t n, size_t q) { return (n + q - 1) / q * q; }
inline size_t divide_round_up(size_t n, size_t q) { return (n + q - 1) / q; }

}  // namespace nnslim::kernels
