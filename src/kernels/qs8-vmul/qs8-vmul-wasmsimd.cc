#include <cmath>
#include <cstring>

#include "core/simd.h"
#include "kernels/qs8-vmul/qs8-vmul.h"

namespace nnslim::kernels {

namespace {

// clamp_int8: the clamp after the narrows (the saturating narrows, then one
// i8x16.max and one i8x16.min per 16 outputs) instead of two float clamps
// per 4 (8 instructions per 16 outputs down to 2). The magic-bias rounding
// is exact for |f| <= 2^22 without the float clamp, and |f| <= 255^2 scale,
// so the caller takes it when 255^2 scale < 2^22; rounding is monotonic, so
// clamping the rounded code is the same as rounding the clamped float.
// One loop for both (a branch on a loop constant: one copy of the code in the
// size-budgeted module).
void vmul(size_t n, const int8_t* a, const int8_t* b, int8_t* y, const QS8MulParams* params, bool clamp_int8) {
  const QS8RequantParams r = qs8_requant_params(params->y_zero_point, params->qmin, params->qmax);
  const v128_t va_zero_point = wasm_i16x8_splat(static_cast<int16_t>(params->a_zero_point));
  const v128_t vb_zero_point = wasm_i16x8_splat(static_cast<int16_t>(params->b_zero_point));
  const v128_t vscale = wasm_f32x4_splat(params->scale);
  const v128_t vlo = wasm_f32x4_splat(r.min_less_zero_point), vhi = wasm_f32x4_splat(r.max_less_zero_point);
  const v128_t vqmin = wasm_i8x16_splat(static_cast<int8_t>(params->qmin));
  const v128_t vqmax = wasm_i8x16_splat(static_cast<int8_t>(params->qmax));
  const v128_t vmagic = wasm_f32x4_splat(r.magic_bias);
  const v128_t vmagic_less_zp = wasm_i32x4_splat(r.magic_bias_less_output_zero_point);
  int8_t buf[3][16] = {};  // the tail's copies (lanes past it discarded)
  // One body for the 16-element blocks and the tail (one copy of the code).
  for (size_t i = 0; i < n; i += 16) {
    const size_t block = n - i < 16 ? n - i : 16;
    const int8_t* pa = a + i;
    const int8_t* pb = b + i;
    if (block < 16) {
      pa = static_cast<const int8_t*>(std::memcpy(buf[0], pa, block));
      pb = static_cast<const int8_t*>(std::memcpy(buf[1], pb, block));
    }
    const v128_t va = wasm_v128_load(pa), vb = wasm_v128_load(pb);
    // Centred codes in [-255, 255]: int16; their product in int32, exact.
    const v128_t va_lo = wasm_i16x8_sub(wasm_i16x8_extend_low_i8x16(va), va_zero_point);
    const v128_t va_hi = wasm_i16x8_sub(wasm_i16x8_extend_high_i8x16(va), va_zero_point);
    const v128_t vb_lo = wasm_i16x8_sub(wasm_i16x8_extend_low_i8x16(vb), vb_zero_point);
    const v128_t vb_hi = wasm_i16x8_sub(wasm_i16x8_extend_high_i8x16(vb), vb_zero_point);
    v128_t acc[4] = {wasm_i32x4_extmul_low_i16x8(va_lo, vb_lo), wasm_i32x4_extmul_high_i16x8(va_lo, vb_lo),
                     wasm_i32x4_extmul_low_i16x8(va_hi, vb_hi), wasm_i32x4_extmul_high_i16x8(va_hi, vb_hi)};
    for (int k = 0; k < 4; k++) {
      v128_t f = wasm_f32x4_mul(wasm_f32x4_convert_i32x4(acc[k]), vscale);
      if (!clamp_int8) f = wasm_f32x4_pmin(wasm_f32x4_pmax(f, vlo), vhi);  // finite: products of codes
      acc[k] = wasm_i32x4_sub(wasm_f32x4_add(f, vmagic), vmagic_less_zp);
    }
    // Float-clamped: in [qmin, qmax] already, the saturating narrows are
    // exact; else they saturate to int8 and the int8 clamp follows.
    v128_t vy =
        wasm_i8x16_narrow_i16x8(wasm_i16x8_narrow_i32x4(acc[0], acc[1]), wasm_i16x8_narrow_i32x4(acc[2], acc[3]));
    if (clamp_int8) vy = wasm_i8x16_min(wasm_i8x16_max(vy, vqmin), vqmax);
    if (block == 16) {
      wasm_v128_store(y + i, vy);
    } else {
      wasm_v128_store(buf[2], vy);
      std::memcpy(y + i, buf[2], block);
    }
  }
}

}  // namespace

void qs8_vmul_minmax_fp32_ukernel__wasmsimd_x16(size_t n, const int8_t* a, const int8_t* b, int8_t* y,
                                                const QS8MulParams* params) {
  // 255^2 |scale| < 2^22 (false for NaN): the int8 clamp.
  vmul(n, a, b, y, params, std::fabs(params->scale) * 65025.0f < 4194304.0f);
}

}  // namespace nnslim::kernels
