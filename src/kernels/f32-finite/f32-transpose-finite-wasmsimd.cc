#include <cstdint>
#include <cstring>

#include "core/simd.h"
#include "kernels/f32-finite/f32-transpose-finite.h"
#include "kernels/x32-transpose/x32-transpose-tile.h"

namespace nnslim::kernels {

namespace {

// The largest magnitude bits seen (signed max is right: with the sign bit
// cleared every value is a non-negative int32).
inline v128_t max_magnitude(v128_t seen, v128_t v, v128_t magnitude_mask) {
  return wasm_i32x4_max(seen, wasm_v128_and(v, magnitude_mask));
}

inline uint32_t copy_word(const float* from, float* to) {
  uint32_t bits;
  std::memcpy(&bits, from, sizeof bits);
  std::memcpy(to, &bits, sizeof bits);
  return bits & 0x7fffffffu;
}

}  // namespace

bool f32_transpose_all_finite__wasmsimd(size_t rows, size_t cols, const float* in, size_t in_stride, float* out,
                                        size_t out_stride) {
  const v128_t magnitude_mask = wasm_i32x4_splat(0x7fffffff);
  v128_t seen0 = wasm_i32x4_splat(0), seen1 = seen0, seen2 = seen0, seen3 = seen0;
  uint32_t seen_scalar = 0;
  size_t i = 0;
  for (; i + 4 <= rows; i += 4) {
    const float* r0 = in + i * in_stride;
    const float* r1 = r0 + in_stride;
    const float* r2 = r1 + in_stride;
    const float* r3 = r2 + in_stride;
    size_t j = 0;
    for (; j + 4 <= cols; j += 4) {
      const v128_t va = wasm_v128_load(r0 + j), vb = wasm_v128_load(r1 + j);
      const v128_t vc = wasm_v128_load(r2 + j), vd = wasm_v128_load(r3 + j);
      seen0 = max_magnitude(seen0, va, magnitude_mask);
      seen1 = max_magnitude(seen1, vb, magnitude_mask);
      seen2 = max_magnitude(seen2, vc, magnitude_mask);
      seen3 = max_magnitude(seen3, vd, magnitude_mask);
      x32_transpose_store_4x4(va, vb, vc, vd, out + j * out_stride + i, out_stride);
    }
    for (; j < cols; j++) {
      float* o = out + j * out_stride + i;
      for (size_t k = 0; k < 4; ++k) {
        const uint32_t magnitude = copy_word(r0 + k * in_stride + j, o + k);
        seen_scalar = magnitude > seen_scalar ? magnitude : seen_scalar;
      }
    }
  }
  for (; i < rows; i++)
    for (size_t j = 0; j < cols; j++) {
      const uint32_t magnitude = copy_word(in + i * in_stride + j, out + j * out_stride + i);
      seen_scalar = magnitude > seen_scalar ? magnitude : seen_scalar;
    }
  const v128_t seen = wasm_i32x4_max(wasm_i32x4_max(seen0, seen1), wasm_i32x4_max(seen2, seen3));
  return !wasm_v128_any_true(wasm_i32x4_gt(seen, wasm_i32x4_splat(0x7f7fffff))) && seen_scalar < 0x7f800000u;
}

}  // namespace nnslim::kernels
