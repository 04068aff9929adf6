// acc + dot4(w, a) per 32-bit lane: lane j += sum_{t<4} w[4j+t] * a[4j+t]
// over signed bytes w and 7-bit bytes a (0..127), written once so that one
// source gives both builds (as f32-madd.h does for f32).
//
// Relaxed-SIMD build (__wasm_relaxed_simd__, docs/toolchain.md "Relaxed
// SIMD"): i16x8.relaxed_dot_i8x16_i7x16_s(w, a) then
// i32x4.extadd_pairwise_i16x8_s and i32x4.add. The relaxed dot is
// deterministic only while every byte of its SECOND operand is in 0..127:
// x86 engines (pmaddubsw) read that operand as unsigned, ARM ones (sdot /
// smull) as signed, and both agree exactly on 0..127. pmaddubsw also
// saturates its pair sums to int16: |w0 a0 + w1 a1| <= 2 * 128 * 127 =
// 32512 < 32767, so no saturation either. Hence: exact, the same on every
// engine, for a in 0..127 (docs/quantization.md, "Relaxed SIMD int8").
// Not i32x4.relaxed_dot_i8x16_i7x16_add_s: Node 20's Liftoff computes it wrong.
//
// Plain SIMD128 build: the same sums from two extending multiplies (exact:
// |w a| <= 16256) and pairwise adds: a slow stand-in that exists so both
// builds define the same kernels and run the same tests; the runtime only
// picks these kernels where the relaxed form is native (qs8_dot7_native()).
#pragma once

#include "core/simd.h"
#include "kernels/kernel_macros.h"

namespace nnslim::kernels {

#if defined(__wasm_relaxed_simd__)
constexpr bool kI8Dot7Native = true;
#else
constexpr bool kI8Dot7Native = false;
#endif

NNSLIM_ALWAYS_INLINE static inline v128_t i32x4_dot_i8x16_i7x16_add(v128_t w, v128_t a, v128_t acc) {
#if defined(__wasm_relaxed_simd__)
  return wasm_i32x4_add(acc, wasm_i32x4_extadd_pairwise_i16x8(wasm_i16x8_relaxed_dot_i8x16_i7x16(w, a)));
#else
  const v128_t lo = wasm_i32x4_extadd_pairwise_i16x8(wasm_i16x8_extmul_low_i8x16(w, a));   // pairs of bytes 0..7
  const v128_t hi = wasm_i32x4_extadd_pairwise_i16x8(wasm_i16x8_extmul_high_i8x16(w, a));  // pairs of bytes 8..15
  const v128_t quads = wasm_i32x4_add(wasm_i32x4_shuffle(lo, hi, 0, 2, 4, 6), wasm_i32x4_shuffle(lo, hi, 1, 3, 5, 7));
  return wasm_i32x4_add(acc, quads);
#endif
}

}  // namespace nnslim::kernels
