// int8 -> f32 widening for the f32 x int8 kernels: i16x8.load8x8_s, then
// i32x4.extend_{low,high}_i16x8_s and f32x4.convert_i32x4_s per 4 lanes.
//
// clang 14 (em++ 3.1.6) folds convert(sign-extend(i16 lanes)) into a
// convert from i16, which wasm SIMD does not have, and then scalarizes it:
// 4 extract_lane + f32.convert + replace_lane per vector (a 5x slower GEMV,
// measured). An empty asm on the extended vector hides the extension from
// that fold. clang 19 (the relaxed build) keeps the vector ops without it,
// and its backend cannot lower a v128 asm operand with -mcpu=mvp, so the
// barrier is for clang < 19 only (and wasm only: the native tests' SIMD
// emulation needs none).
#pragma once
#include <cstdint>

#include "core/simd.h"
#include "kernels/kernel_macros.h"

namespace nnslim::kernels {

NNSLIM_ALWAYS_INLINE inline v128_t f32x4_from_i32x4_opaque(v128_t v) {
#if defined(__wasm__) && defined(__clang_major__) && __clang_major__ < 19
  __asm__("" : "+r"(v));
#endif
  return wasm_f32x4_convert_i32x4(v);
}

// 8 int8 values at q as two f32x4 (lanes 0-3, 4-7).
NNSLIM_ALWAYS_INLINE inline void load_int8x8_as_f32(const int8_t* q, v128_t* lo, v128_t* hi) {
  const v128_t w16 = wasm_i16x8_load8x8(q);
  *lo = f32x4_from_i32x4_opaque(wasm_i32x4_extend_low_i16x8(w16));
  *hi = f32x4_from_i32x4_opaque(wasm_i32x4_extend_high_i16x8(w16));
}

}  // namespace nnslim::kernels
