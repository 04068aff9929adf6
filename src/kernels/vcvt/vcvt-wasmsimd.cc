// wasm SIMD128 conversions of the common Cast pairs; the tail (and, for
// f32 -> s32, any group of 8 with a value outside int32, where truncating
// to int64 and wrapping differs from the saturating SIMD truncation) runs
// the scalar kernel.
#include <cassert>

#include "core/simd.h"
#include "kernels/vcvt/vcvt.h"

namespace nnslim::kernels {

void f32_s32_vcvt_ukernel__wasmsimd_x8(size_t n, const void* x, void* y) {
  assert(n != 0);
  const float* px = static_cast<const float*>(x);
  int32_t* py = static_cast<int32_t*>(y);
  // |x| < 2^31 (NaN fails the test and falls to the scalar path, which gives 0 as trunc_sat would).
  const v128_t vlimit = wasm_f32x4_splat(2147483648.0f);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const v128_t vx0 = wasm_v128_load(px + i), vx1 = wasm_v128_load(px + i + 4);
    const v128_t in_range = wasm_v128_and(wasm_f32x4_lt(wasm_f32x4_abs(vx0), vlimit),
                                          wasm_f32x4_lt(wasm_f32x4_abs(vx1), vlimit));
    if (!wasm_i32x4_all_true(in_range)) {
      f32_s32_vcvt_ukernel__scalar_x1(8, px + i, py + i);
      continue;
    }
    wasm_v128_store(py + i, wasm_i32x4_trunc_sat_f32x4(vx0));
    wasm_v128_store(py + i + 4, wasm_i32x4_trunc_sat_f32x4(vx1));
  }
  if (i != n) f32_s32_vcvt_ukernel__scalar_x1(n - i, px + i, py + i);
}

void s32_f32_vcvt_ukernel__wasmsimd_x8(size_t n, const void* x, void* y) {
  assert(n != 0);
  const int32_t* px = static_cast<const int32_t*>(x);
  float* py = static_cast<float*>(y);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    wasm_v128_store(py + i, wasm_f32x4_convert_i32x4(wasm_v128_load(px + i)));
    wasm_v128_store(py + i + 4, wasm_f32x4_convert_i32x4(wasm_v128_load(px + i + 4)));
  }
  if (i != n) s32_f32_vcvt_ukernel__scalar_x1(n - i, px + i, py + i);
}

// x != 0 per lane (NaN != 0), narrowed i32 -> i16 -> i8 masks, then & 1.
void f32_b8_vcvt_ukernel__wasmsimd_x16(size_t n, const void* x, void* y) {
  assert(n != 0);
  const float* px = static_cast<const float*>(x);
  uint8_t* py = static_cast<uint8_t*>(y);
  const v128_t vzero = wasm_f32x4_splat(0.0f);
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const v128_t m0 = wasm_f32x4_ne(wasm_v128_load(px + i), vzero);
    const v128_t m1 = wasm_f32x4_ne(wasm_v128_load(px + i + 4), vzero);
    const v128_t m2 = wasm_f32x4_ne(wasm_v128_load(px + i + 8), vzero);
    const v128_t m3 = wasm_f32x4_ne(wasm_v128_load(px + i + 12), vzero);
    const v128_t m = wasm_i8x16_narrow_i16x8(wasm_i16x8_narrow_i32x4(m0, m1), wasm_i16x8_narrow_i32x4(m2, m3));
    wasm_v128_store(py + i, wasm_v128_and(m, wasm_i8x16_splat(1)));
  }
  if (i != n) f32_b8_vcvt_ukernel__scalar_x1(n - i, px + i, py + i);
}

namespace {
// 16 bytes (already 0..255 values) widened to 16 floats.
inline void u8x16_to_f32(v128_t bytes, float* py) {
  const v128_t lo = wasm_u16x8_extend_low_u8x16(bytes), hi = wasm_u16x8_extend_high_u8x16(bytes);
  wasm_v128_store(py, wasm_f32x4_convert_i32x4(wasm_u32x4_extend_low_u16x8(lo)));
  wasm_v128_store(py + 4, wasm_f32x4_convert_i32x4(wasm_u32x4_extend_high_u16x8(lo)));
  wasm_v128_store(py + 8, wasm_f32x4_convert_i32x4(wasm_u32x4_extend_low_u16x8(hi)));
  wasm_v128_store(py + 12, wasm_f32x4_convert_i32x4(wasm_u32x4_extend_high_u16x8(hi)));
}
}  // namespace

void b8_f32_vcvt_ukernel__wasmsimd_x16(size_t n, const void* x, void* y) {
  assert(n != 0);
  const uint8_t* px = static_cast<const uint8_t*>(x);
  float* py = static_cast<float*>(y);
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const v128_t ones = wasm_v128_and(wasm_i8x16_ne(wasm_v128_load(px + i), wasm_i8x16_splat(0)), wasm_i8x16_splat(1));
    u8x16_to_f32(ones, py + i);
  }
  if (i != n) b8_f32_vcvt_ukernel__scalar_x1(n - i, px + i, py + i);
}

void u8_f32_vcvt_ukernel__wasmsimd_x16(size_t n, const void* x, void* y) {
  assert(n != 0);
  const uint8_t* px = static_cast<const uint8_t*>(x);
  float* py = static_cast<float*>(y);
  size_t i = 0;
  for (; i + 16 <= n; i += 16) u8x16_to_f32(wasm_v128_load(px + i), py + i);
  if (i != n) u8_f32_vcvt_ukernel__scalar_x1(n - i, px + i, py + i);
}

}  // namespace nnslim::kernels
