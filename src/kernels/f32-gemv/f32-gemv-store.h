// Clamp and store of a GEMV panel's accumulators (shared by the wasm SIMD
// f32 and f32 x int8-weight GEMV kernels): a full panel stores NR floats, the last one nc % NR.
#pragma once
#include <cstddef>

#include "core/simd.h"

namespace nnslim::kernels {

// Stores clamp(v0..v3) to c[0..columns-1], columns in [1, 16].
inline void f32_gemv_store_x16(float* c, size_t columns, v128_t v0, v128_t v1, v128_t v2, v128_t v3, v128_t vmin,
                               v128_t vmax) {
  v0 = wasm_f32x4_pmin(wasm_f32x4_pmax(v0, vmin), vmax);
  v1 = wasm_f32x4_pmin(wasm_f32x4_pmax(v1, vmin), vmax);
  v2 = wasm_f32x4_pmin(wasm_f32x4_pmax(v2, vmin), vmax);
  v3 = wasm_f32x4_pmin(wasm_f32x4_pmax(v3, vmin), vmax);
  if (columns >= 16) {
    wasm_v128_store(c + 0, v0);
    wasm_v128_store(c + 4, v1);
    wasm_v128_store(c + 8, v2);
    wasm_v128_store(c + 12, v3);
    return;
  }
  if (columns & 8) {
    wasm_v128_store(c + 0, v0);
    wasm_v128_store(c + 4, v1);
    v0 = v2;
    v1 = v3;
    c += 8;
  }
  if (columns & 4) {
    wasm_v128_store(c, v0);
    v0 = v1;
    c += 4;
  }
  if (columns & 2) {
    wasm_v128_store64_lane(c, v0, 0);
    v0 = wasm_i64x2_shuffle(v0, v0, 1, 1);
    c += 2;
  }
  if (columns & 1) wasm_v128_store32_lane(c, v0, 0);
}

}  // namespace nnslim::kernels
