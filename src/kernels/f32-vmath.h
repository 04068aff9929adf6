// Vector math for wasm SIMD128 (f32x4), accurate to a few ulp against the
// C library (tested to 1e-6 relative in tests/cpp/kernels/f32_vunary_test.cc).
//
// exp(x) = 2^n * e^r, n = round(x / ln2), r = x - n * ln2 (Cody-Waite: ln2
// split in a 16-bit head and a tail so n * head is exact), |r| <= ln2 / 2;
// e^r - 1 by its Taylor series to r^8 (truncation < 6e-10 relative).
// 2^n is applied as two factors 2^(n/2) * 2^(n - n/2) so that results in the
// subnormal range and overflow to +inf come out right.
#pragma once
#include "core/simd.h"
#include "kernels/f32-madd.h"

namespace nnslim::kernels {

// e^r - 1 for |r| <= ln2/2: r + r^2 (1/2 + r (1/6 + ... + r / 8!)).
static inline v128_t f32x4_expm1_reduced(v128_t vr) {
  v128_t vp = wasm_f32x4_splat(1.0f / 40320.0f);
  vp = f32x4_madd(vp, vr, wasm_f32x4_splat(1.0f / 5040.0f));
  vp = f32x4_madd(vp, vr, wasm_f32x4_splat(1.0f / 720.0f));
  vp = f32x4_madd(vp, vr, wasm_f32x4_splat(1.0f / 120.0f));
  vp = f32x4_madd(vp, vr, wasm_f32x4_splat(1.0f / 24.0f));
  vp = f32x4_madd(vp, vr, wasm_f32x4_splat(1.0f / 6.0f));
  vp = f32x4_madd(vp, vr, wasm_f32x4_splat(0.5f));
  return wasm_f32x4_add(vr, wasm_f32x4_mul(wasm_f32x4_mul(vr, vr), vp));
}

// n = round(x / ln2) (as float and int) and r = x - n * ln2.
static inline v128_t f32x4_reduce_ln2(v128_t vx, v128_t* vn_out) {
  const v128_t vn = wasm_f32x4_nearest(wasm_f32x4_mul(vx, wasm_f32x4_splat(1.44269504088896341f)));
  v128_t vr = wasm_f32x4_sub(vx, wasm_f32x4_mul(vn, wasm_f32x4_splat(0.693145751953125f)));
  vr = wasm_f32x4_sub(vr, wasm_f32x4_mul(vn, wasm_f32x4_splat(1.428606820309417232e-6f)));
  *vn_out = vn;
  return vr;
}

// 2^n for integer n in [-126, 127].
static inline v128_t f32x4_exp2_int(v128_t vn_int) {
  return wasm_i32x4_shl(wasm_i32x4_add(vn_int, wasm_i32x4_splat(127)), 23);
}

static inline v128_t f32x4_exp(v128_t vx) {
  // Below -104 the result rounds to 0, above 89 to +inf: clamp so n stays small
  // (x first in pmax/pmin: a NaN passes through, and exp(NaN) is NaN).
  vx = wasm_f32x4_pmin(wasm_f32x4_pmax(vx, wasm_f32x4_splat(-104.0f)), wasm_f32x4_splat(89.0f));
  v128_t vn;
  const v128_t vr = f32x4_reduce_ln2(vx, &vn);
  const v128_t vp = f32x4_expm1_reduced(vr);
  const v128_t vni = wasm_i32x4_trunc_sat_f32x4(vn);
  const v128_t vn1 = wasm_i32x4_shr(vni, 1);
  const v128_t vn2 = wasm_i32x4_sub(vni, vn1);
  const v128_t ver = wasm_f32x4_add(wasm_f32x4_splat(1.0f), vp);
  return wasm_f32x4_mul(wasm_f32x4_mul(ver, f32x4_exp2_int(vn1)), f32x4_exp2_int(vn2));
}

// e^x - 1, accurate (relative) near 0: 2^n * p + (2^n - 1) with p = e^r - 1.
static inline v128_t f32x4_expm1(v128_t vx) {
  vx = wasm_f32x4_pmin(wasm_f32x4_pmax(vx, wasm_f32x4_splat(-30.0f)), wasm_f32x4_splat(88.0f));
  v128_t vn;
  const v128_t vr = f32x4_reduce_ln2(vx, &vn);
  const v128_t vp = f32x4_expm1_reduced(vr);
  const v128_t vs = f32x4_exp2_int(wasm_i32x4_trunc_sat_f32x4(vn));
  return wasm_f32x4_add(wasm_f32x4_mul(vp, vs), wasm_f32x4_sub(vs, wasm_f32x4_splat(1.0f)));
}

// sigmoid(x) = 1 / (1 + e^-|x|) for x > 0, e^-|x| / (1 + e^-|x|) otherwise
// (no cancellation on either side).
static inline v128_t f32x4_sigmoid(v128_t vx) {
  const v128_t ve = f32x4_exp(wasm_f32x4_neg(wasm_f32x4_abs(vx)));
  const v128_t vd = wasm_f32x4_add(wasm_f32x4_splat(1.0f), ve);
  const v128_t vpos = wasm_f32x4_div(wasm_f32x4_splat(1.0f), vd);
  const v128_t vneg = wasm_f32x4_div(ve, vd);
  return wasm_v128_bitselect(vpos, vneg, wasm_f32x4_gt(vx, wasm_f32x4_splat(0.0f)));
}

// tanh|x| = -t / (2 + t) with t = expm1(-2|x|); sign copied from x.
static inline v128_t f32x4_tanh(v128_t vx) {
  const v128_t vt = f32x4_expm1(wasm_f32x4_mul(wasm_f32x4_abs(vx), wasm_f32x4_splat(-2.0f)));
  const v128_t vabs = wasm_f32x4_div(wasm_f32x4_neg(vt), wasm_f32x4_add(wasm_f32x4_splat(2.0f), vt));
  const v128_t vsign = wasm_v128_and(vx, wasm_i32x4_splat(static_cast<int32_t>(0x80000000u)));
  return wasm_v128_or(vabs, vsign);
}

// erfc(|x| / sqrt2) for x >= 0 (Numerical Recipes' erfcc, fractional error
// < 1.2e-7): with z = x / sqrt2, t = 1 / (1 + z/2), erfc = t * exp(-z^2 + P(t)).
// z^2 = x^2 / 2 is computed without rounding the argument: x = xh + xl with
// xh = x rounded to 12 bits, x^2 = xh^2 (exact) + (x - xh)(x + xh), and the
// exponential as exp(-xh^2 / 2) * exp(P(t) - (x - xh)(x + xh) / 2): one
// rounding of z or of a large argument would cost ~2 z^2 ulps.
static inline v128_t f32x4_erfc_scaled_nonneg(v128_t vx) {
  // erfc(16 / sqrt2) < 1e-56 rounds to 0 anyway; the bound keeps +inf from
  // making (x - xh)(x + xh) a NaN (inf - inf). x first: a NaN stays NaN.
  vx = wasm_f32x4_pmin(vx, wasm_f32x4_splat(16.0f));
  const v128_t vz = wasm_f32x4_mul(vx, wasm_f32x4_splat(0.707106781186547524f));
  const v128_t vt = wasm_f32x4_div(wasm_f32x4_splat(1.0f),
                                   wasm_f32x4_add(wasm_f32x4_splat(1.0f), wasm_f32x4_mul(vz, wasm_f32x4_splat(0.5f))));
  v128_t vp = wasm_f32x4_splat(0.17087277f);
  vp = f32x4_madd(vp, vt, wasm_f32x4_splat(-0.82215223f));
  vp = f32x4_madd(vp, vt, wasm_f32x4_splat(1.48851587f));
  vp = f32x4_madd(vp, vt, wasm_f32x4_splat(-1.13520398f));
  vp = f32x4_madd(vp, vt, wasm_f32x4_splat(0.27886807f));
  vp = f32x4_madd(vp, vt, wasm_f32x4_splat(-0.18628806f));
  vp = f32x4_madd(vp, vt, wasm_f32x4_splat(0.09678418f));
  vp = f32x4_madd(vp, vt, wasm_f32x4_splat(0.37409196f));
  vp = f32x4_madd(vp, vt, wasm_f32x4_splat(1.00002368f));
  vp = f32x4_madd(vp, vt, wasm_f32x4_splat(-1.26551223f));
  const v128_t vhalf = wasm_f32x4_splat(0.5f);
  const v128_t vxh = wasm_v128_and(vx, wasm_i32x4_splat(static_cast<int32_t>(0xFFFFF000u)));
  const v128_t vxl2 = wasm_f32x4_mul(wasm_f32x4_mul(wasm_f32x4_sub(vx, vxh), wasm_f32x4_add(vx, vxh)), vhalf);
  const v128_t vhead = f32x4_exp(wasm_f32x4_neg(wasm_f32x4_mul(wasm_f32x4_mul(vxh, vxh), vhalf)));
  const v128_t vtail = f32x4_exp(wasm_f32x4_sub(vp, vxl2));
  return wasm_f32x4_mul(vt, wasm_f32x4_mul(vhead, vtail));
}

// GELU with erf: 0.5 x (1 + erf(x / sqrt2)) = 0.5 x erfc(-x / sqrt2):
// x >= 0: x (1 - erfc(z) / 2); x < 0: x erfc(z) / 2, z = |x| / sqrt2.
static inline v128_t f32x4_gelu(v128_t vx) {
  const v128_t vhalf_erfc = wasm_f32x4_mul(f32x4_erfc_scaled_nonneg(wasm_f32x4_abs(vx)), wasm_f32x4_splat(0.5f));
  const v128_t vpos = wasm_f32x4_sub(wasm_f32x4_splat(1.0f), vhalf_erfc);
  return wasm_f32x4_mul(vx, wasm_v128_bitselect(vpos, vhalf_erfc, wasm_f32x4_ge(vx, wasm_f32x4_splat(0.0f))));
}

}  // namespace nnslim::kernels
