// acc + a * b on four floats: the multiply-add every f32 kernel's hot loop is
// made of, written once so that one source gives both builds.
//
// Plain SIMD128 build: f32x4.mul then f32x4.add (two roundings), exactly the
// instructions the kernels had before this helper.
// Relaxed-SIMD build (the kernels compiled by clang 19 with -mrelaxed-simd,
// which defines __wasm_relaxed_simd__; docs/toolchain.md, "Relaxed SIMD"): one
// f32x4.relaxed_madd. The engine may fuse it (one rounding: V8 emits vfmadd on
// x64 CPUs with FMA3) or not (mul then add), so results may differ from the
// plain build in the last bits and between CPUs: tests compare both against
// the scalar reference with a tolerance.
#pragma once

#include "core/simd.h"
#include "kernels/kernel_macros.h"

namespace nnslim::kernels {

// Whether f32x4_madd is one instruction here. Fused, the whole multiply-add
// (4-cycle latency for an FMA on current x64, against 3 for the add of
// mul + add, whose mul is off the accumulator's chain) is on the dependency
// chain of the accumulator: latency-bound loops split their sums into more
// chains in the relaxed build.
#if defined(__wasm_relaxed_simd__)
constexpr bool kF32x4MaddFused = true;
#else
constexpr bool kF32x4MaddFused = false;
#endif

NNSLIM_ALWAYS_INLINE static inline v128_t f32x4_madd(v128_t a, v128_t b, v128_t acc) {
#if defined(__wasm_relaxed_simd__)
  return wasm_f32x4_relaxed_madd(a, b, acc);
#else
  return wasm_f32x4_add(acc, wasm_f32x4_mul(a, b));
#endif
}

}  // namespace nnslim::kernels
