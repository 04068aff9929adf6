#include <cstring>

#include "core/simd.h"
#include "kernels/qs8-vcvt/qs8-vcvt.h"
#include "kernels/small-int-to-float.h"

namespace nnslim::kernels {

namespace {

// 4 floats -> 4 int32 codes: x / s clamped to [-128 - z, 127 - z] (the
// lower bound first in pmax: pmax(a, b) = a < b ? b : a keeps `a` for a NaN
// b, so a NaN becomes -128 - z, then -128: onnxruntime's result,
// core/quant_math.h), then rounded half to even and converted by the magic
// bias: for |v| <= 255, v + 1.5 * 2^23 lies in [2^23, 2^24), where the
// float spacing is 1, so the addition itself rounds v half to even and the
// sum's bits are 0x4B400000 + round(v). Clamping before rounding gives the
// same codes (the bounds are integers). The zero point is folded into the
// integer subtraction. Two instructions where f32x4.nearest and
// i32x4.trunc_sat_f32x4_s (NaN and range fix-ups on x64) took about nine.
struct QuantizeConstants {
  v128_t scale, lo, hi, magic, magic_minus_zp;
};

inline v128_t quantize4(v128_t vx, const QuantizeConstants& k) {
  v128_t vq = wasm_f32x4_pmax(k.lo, wasm_f32x4_div(vx, k.scale));
  vq = wasm_f32x4_pmin(vq, k.hi);
  return wasm_i32x4_sub(wasm_f32x4_add(vq, k.magic), k.magic_minus_zp);
}

}  // namespace

void f32_qs8_vcvt_ukernel__wasmsimd_x8(size_t n, const float* x, int8_t* y, const QS8CvtParams* params) {
  constexpr int32_t kMagicBits = 0x4B400000;  // 1.5 * 2^23
  const QuantizeConstants k{wasm_f32x4_splat(params->scale),
                            wasm_f32x4_splat(static_cast<float>(-128 - params->zero_point)),
                            wasm_f32x4_splat(static_cast<float>(127 - params->zero_point)),
                            wasm_f32x4_splat(12582912.0f), wasm_i32x4_splat(kMagicBits - params->zero_point)};
  for (; n >= 8; n -= 8) {
    const v128_t q0 = quantize4(wasm_v128_load(x), k);
    const v128_t q1 = quantize4(wasm_v128_load(x + 4), k);
    x += 8;
    const v128_t h = wasm_i16x8_narrow_i32x4(q0, q1);
    wasm_v128_store64_lane(y, wasm_i8x16_narrow_i16x8(h, h), 0);
    y += 8;
  }
  if (n != 0) {
    float tail[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    std::memcpy(tail, x, n * sizeof(float));
    const v128_t q0 = quantize4(wasm_v128_load(tail), k);
    const v128_t q1 = quantize4(wasm_v128_load(tail + 4), k);
    const v128_t h = wasm_i16x8_narrow_i32x4(q0, q1);
    int8_t out[16];
    wasm_v128_store(out, wasm_i8x16_narrow_i16x8(h, h));
    std::memcpy(y, out, n);
  }
}

void qs8_f32_vcvt_ukernel__wasmsimd_x8(size_t n, const int8_t* x, float* y, const QS8CvtParams* params) {
  const v128_t vscale = wasm_f32x4_splat(params->scale);
  const v128_t vzp = wasm_i16x8_splat(static_cast<int16_t>(params->zero_point));
  auto convert8 = [&](v128_t v16, float* out) {
    // x - z fits int16 (|x - z| <= 255); converted exactly (small-int-to-float.h).
    const v128_t d = wasm_i16x8_sub(v16, vzp);
    wasm_v128_store(out, wasm_f32x4_mul(i32x4_small_to_f32x4(wasm_i32x4_extend_low_i16x8(d)), vscale));
    wasm_v128_store(out + 4, wasm_f32x4_mul(i32x4_small_to_f32x4(wasm_i32x4_extend_high_i16x8(d)), vscale));
  };
  for (; n >= 8; n -= 8) {
    convert8(wasm_i16x8_load8x8(x), y);
    x += 8;
    y += 8;
  }
  if (n != 0) {
    int64_t bytes = 0;
    std::memcpy(&bytes, x, n);
    float out[8];
    convert8(wasm_i16x8_extend_low_i8x16(wasm_i64x2_splat(bytes)), out);
    std::memcpy(y, out, n * sizeof(float));
  }
}

}  // namespace nnslim::kernels
