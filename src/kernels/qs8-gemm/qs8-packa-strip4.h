// One step of packing A for the 4-row interleaved ppmm kernels: four rows'
// 8 widened K values (int16), their 32-bit K pairs transposed so that each
// K pair's four rows lie side by side (the layout of
// qs8_packa_int16_interleaved; the stem's qs8_packa_conv_rows writes it too).
#pragma once

#include <cstdint>

#include "core/simd.h"
#include "kernels/kernel_macros.h"

namespace nnslim::kernels {

// x0..x3: rows 0..3, K values k..k+7 each; writes 32 int16 at dst:
// (row 0..3 of pair k/2), (row 0..3 of pair k/2 + 1), ...
NNSLIM_ALWAYS_INLINE inline void qs8_store_strip4_k8(v128_t x0, v128_t x1, v128_t x2, v128_t x3, int16_t* dst) {
  const v128_t t01_lo = wasm_i32x4_shuffle(x0, x1, 0, 4, 1, 5), t23_lo = wasm_i32x4_shuffle(x2, x3, 0, 4, 1, 5);
  const v128_t t01_hi = wasm_i32x4_shuffle(x0, x1, 2, 6, 3, 7), t23_hi = wasm_i32x4_shuffle(x2, x3, 2, 6, 3, 7);
  wasm_v128_store(dst, wasm_i64x2_shuffle(t01_lo, t23_lo, 0, 2));
  wasm_v128_store(dst + 8, wasm_i64x2_shuffle(t01_lo, t23_lo, 1, 3));
  wasm_v128_store(dst + 16, wasm_i64x2_shuffle(t01_hi, t23_hi, 0, 2));
  wasm_v128_store(dst + 24, wasm_i64x2_shuffle(t01_hi, t23_hi, 1, 3));
}

}  // namespace nnslim::kernels
