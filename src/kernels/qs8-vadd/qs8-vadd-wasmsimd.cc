#include <cstring>

#include "core/simd.h"
#include "kernels/qs8-vadd/qs8-vadd.h"
#include "kernels/small-int-to-float.h"

namespace nnslim::kernels {

void qs8_vadd_minmax_fp32_ukernel__wasmsimd_x8(size_t n, const int8_t* a, const int8_t* b, int8_t* y,
                                               const QS8AddParams* params) {
  const v128_t va_zp = wasm_i16x8_splat(static_cast<int16_t>(params->a_zero_point));
  const v128_t vb_zp = wasm_i16x8_splat(static_cast<int16_t>(params->b_zero_point));
  const v128_t va_mul = wasm_f32x4_splat(params->a_mul), vb_mul = wasm_f32x4_splat(params->b_mul);
  const v128_t vlo = wasm_f32x4_splat(static_cast<float>(params->qmin - params->y_zero_point));
  const v128_t vhi = wasm_f32x4_splat(static_cast<float>(params->qmax - params->y_zero_point));
  const v128_t vmagic = wasm_f32x4_splat(12582912.0f);
  const v128_t vmagic_less_zp = wasm_i32x4_splat(INT32_C(0x4B400000) - params->y_zero_point);
  // 4 lanes: a_mul * (a - za) + b_mul * (b - zb), clamped, rounded by the
  // magic bias; |a - za| <= 255 converted exactly (small-int-to-float.h).
  auto lanes = [&](v128_t da, v128_t db) {
    v128_t v = wasm_f32x4_add(wasm_f32x4_mul(va_mul, i32x4_small_to_f32x4(da)),
                              wasm_f32x4_mul(vb_mul, i32x4_small_to_f32x4(db)));
    v = wasm_f32x4_pmax(vlo, v);
    v = wasm_f32x4_pmin(vhi, v);
    return wasm_i32x4_sub(wasm_f32x4_add(v, vmagic), vmagic_less_zp);
  };
  auto eight = [&](v128_t a16, v128_t b16) {
    const v128_t da = wasm_i16x8_sub(a16, va_zp), db = wasm_i16x8_sub(b16, vb_zp);
    const v128_t lo = lanes(wasm_i32x4_extend_low_i16x8(da), wasm_i32x4_extend_low_i16x8(db));
    const v128_t hi = lanes(wasm_i32x4_extend_high_i16x8(da), wasm_i32x4_extend_high_i16x8(db));
    const v128_t h = wasm_i16x8_narrow_i32x4(lo, hi);
    return wasm_i8x16_narrow_i16x8(h, h);
  };
  for (; n >= 8; n -= 8) {
    wasm_v128_store64_lane(y, eight(wasm_i16x8_load8x8(a), wasm_i16x8_load8x8(b)), 0);
    a += 8;
    b += 8;
    y += 8;
  }
  if (n != 0) {
    int64_t ta = 0, tb = 0;
    std::memcpy(&ta, a, n);
    std::memcpy(&tb, b, n);
    int8_t out[16];
    wasm_v128_store(out, eight(wasm_i16x8_extend_low_i8x16(wasm_i64x2_splat(ta)),
                               wasm_i16x8_extend_low_i8x16(wasm_i64x2_splat(tb))));
    std::memcpy(y, out, n);
  }
}

}  // namespace nnslim::kernels
