// f32 power by a constant exponent: y[i] = pow(x[i], e), batch in BYTES
// (n * sizeof(float), n >= 1). In-place (y == x) is allowed.
// pow follows C99 Annex F (= numpy, = ONNX Pow on floats): a negative base
// with an integer exponent keeps its sign for odd exponents, with any other
// exponent it gives NaN; pow(x, 0) = 1 even for NaN; pow(-inf, 0.5) = +inf.
// Exponents with a cheap exact form get their own kernel:
//   sqr   e = 2    x * x          (bit-exact with the reference)
//   cube  e = 3    x * x * x      (two roundings: within 2 ulp)
//   rcp   e = -1   1 / x          (bit-exact)
//   sqrt  e = 0.5  sqrt(x) + 0, -inf -> +inf (pow's rules at -0 and -inf; bit-exact)
//   powc  any e    powf(x, e), one element at a time
// (e = 1 and e = 0 need no kernel: a copy and a fill of 1.)
#pragma once
#include <cstddef>

namespace nnslim::kernels {

enum class F32PowcOp { kSquare, kCube, kReciprocal, kSqrt, kAny };

struct F32PowcParams {
  float exponent;  // used by kAny only
};

using F32VpowcUkernelFn = void (*)(size_t batch, const float* x, float* y, const F32PowcParams* params);

#define NNSLIM_F32_VPOWC_UKERNEL(op, fn) void fn(size_t batch, const float* x, float* y, const F32PowcParams* params);
#include "kernels/f32-vpowc/f32-vpowc.inc"
#undef NNSLIM_F32_VPOWC_UKERNEL

struct F32VpowcUkernelInfo {
  const char* name;
  F32PowcOp op;
  F32VpowcUkernelFn fn;
};
const F32VpowcUkernelInfo* f32_vpowc_ukernels(size_t* count);

// The kernel that computes x^exponent, the wasm SIMD one where one exists
// (never nullptr: kAny takes every exponent, scalar). Picks from the wasm
// SIMD kernels and the kAny one only, so the runtime does not link the other
// scalar oracles.
const F32VpowcUkernelInfo& f32_vpowc_select(float exponent);

// The oracle for one element: the C library's pow in double, rounded to float
// (what the reference executor computes).
float f32_powc_reference(float x, float exponent);

}  // namespace nnslim::kernels
