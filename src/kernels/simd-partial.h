// Loads and stores of the last 1..3 floats of a row, so channel tails never
// touch memory past the end of a buffer (natively that would trip ASan; in
// wasm it could cross the end of linear memory).
#pragma once
#include <cstddef>

#include "core/simd.h"

namespace nnslim::kernels {

// Lanes n..3 are zero. n in 1..3.
static inline v128_t f32x4_load_partial(const float* p, size_t n) {
  if (n & 2) {
    v128_t v = wasm_v128_load64_zero(p);
    if (n & 1) v = wasm_v128_load32_lane(p + 2, v, 2);
    return v;
  }
  return wasm_v128_load32_zero(p);
}

// Stores lanes 0..n-1. n in 1..3.
static inline void f32x4_store_partial(float* p, v128_t v, size_t n) {
  if (n & 2) {
    wasm_v128_store64_lane(p, v, 0);
    v = wasm_i64x2_shuffle(v, v, 1, 1);
    p += 2;
  }
  if (n & 1) wasm_v128_store32_lane(p, v, 0);
}

}  // namespace nnslim::kernels
