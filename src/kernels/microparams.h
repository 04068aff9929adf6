// Parameters shared by the f32 microkernel families.
//
// Activation fusion is a clamp applied to every output before it is stored:
//   none  = [-inf, +inf]    relu = [0, +inf]    relu6 = [0, 6]
// Kernels clamp with wasm_f32x4_pmax(v, vmin) then wasm_f32x4_pmin(v, vmax)
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
// pmax(x, lo) = x < lo ? lo : x, pmin(x, hi) = hi < x ? hi : x (NaN -> NaN).
inline float f32_clamp(float x, float lo, float hi) {
  x = x < lo ? lo : x;
  return hi < x ? hi : x;
}

// Max / min that propagate a NaN from either operand, as numpy's np.maximum /
// np.minimum (the ONNX reference) do: Max/Min, MaxPool and ReduceMax/Min use
// them, so a NaN anywhere in a window or a row makes the result NaN. They are
// wasm pmax(a, b) / pmin(a, b), which keep a NaN `a`, with a NaN `b` passed
// through too; equal operands (+0 and -0 included) give `a`. The SIMD forms
// (kernels/f32-minmax-keepnan.h) cost two more cheap ops than pmax, where
// f32x4.max (the IEEE maximum) costs 2-3x pmax in V8 on x86.
inline float f32_max_keep_nan(float a, float b) { return b != b ? b : a < b ? b : a; }
inline float f32_min_keep_nan(float a, float b) { return b != b ? b : b < a ? b : a; }

inline size_t round_up(size_t n, size_t q) { return (n + q - 1) / q * q; }
inline size_t divide_round_up(size_t n, size_t q) { return (n + q - 1) / q; }

}  // namespace nnslim::kernels
