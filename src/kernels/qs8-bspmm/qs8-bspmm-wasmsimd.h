// The wasm SIMD pieces of the int8 block-sparse kernels (qs8-bspmm.h), R = 8:
// two int32 accumulators (outputs o0..o3, o4..o7) per pixel, one
// i32x4.dot_i16x8_s per accumulator and pair of blocks.
//
// Two ways to broadcast a pair (x[i], x[i']) of one pixel as int32 lanes:
// - one pixel (`one_widened_pixel`): its row widened to int16 once (scratch),
//   then a 32-bit load of x[i], a 16-bit lane insert of x[i'] and a shuffle
//   (measured ~20% faster than combining two int8 scalar loads in an int32);
// - four pixels (`four_pixels`): their channels are first widened and
//   transposed once into T[i] = (x_p0[i], x_p1[i], x_p2[i], x_p3[i]) int16
//   (scratch, kc * 4 int16: O(kc) per pixel against O(pairs * 8)); a pair is
//   then two 64-bit loads and one interleave (i16x8 unpack-low) giving
//   [p0: x x'][p1: x x'][p2: x x'][p3: x x'], and each pixel's lane is one
//   i32x4 shuffle (pshufd). The two weight vectors feed 4 pixels: 8 dots.
#pragma once
#include <cstddef>
#include <cstdint>

#include "core/simd.h"
#include "kernels/kernel_macros.h"
#include "kernels/qs8-bspmm/qs8-bspmm.h"
#include "kernels/qs8-gemm/qs8-gemm-wasmsimd-dot16.h"

namespace nnslim::kernels::qs8_bspmm_detail {

constexpr size_t kBlock = 8;
// Bytes of a block row's packed weights before its pairs, and per pair.
constexpr size_t kBiasBytes = kBlock * sizeof(int32_t), kPairBytes = kBlock * 2 * sizeof(int16_t);

// The partial last block row's store, out of line: five inlined copies of
// qs8_dot16::store_tail's branches would cost ~1 KB of module for a path
// taken once per block row of a layer whose outputs are not a multiple of 8.
__attribute__((noinline)) inline void store_partial(int8_t* c, v128_t out, size_t count) {
  qs8_dot16::store_tail(c, out, count);
}

// fp32 requantization (qs8-requant.h) in the order that lets two pixels
// share the narrowing and the upper clamp: f = acc * scale + 1.5 * 2^23 (the
// rounded value in the low mantissa bits), the lower bound applied to the
// float's bits as an int32 max against bits(1.5 * 2^23 + qmin - zp) (the
// bits of positive floats grow with the value; a sum at or below zero, or
// far below the bound, gives smaller bits), the zero point by subtracting
// bits(1.5 * 2^23) - zp; the saturating narrowings then bring large values
// to 127, and an int8 min applies qmax. Exactly the scalar formula's result.
struct Requant {
  v128_t vmagic, vmagic_min, vmagic_less_zp, vqmax;
  explicit Requant(const QS8RequantParams* params)
      : vmagic(wasm_v128_load32_splat(&params->magic_bias)),
        vmagic_min(wasm_i32x4_splat(INT32_C(0x4B400000) + static_cast<int32_t>(params->min_less_zero_point))),
        vmagic_less_zp(wasm_v128_load32_splat(&params->magic_bias_less_output_zero_point)),
        vqmax(wasm_i8x16_splat(static_cast<int8_t>(static_cast<int32_t>(params->max_less_zero_point) +
                                                   (INT32_C(0x4B400000) - params->magic_bias_less_output_zero_point)))) {}
  // 4 int32 sums -> 4 int32 codes >= qmin (not yet <= qmax).
  NNSLIM_ALWAYS_INLINE v128_t codes(v128_t acc, v128_t vscale) const {
    const v128_t f = wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_convert_i32x4(acc), vscale), vmagic);
    return wasm_i32x4_sub(wasm_i32x4_max(f, vmagic_min), vmagic_less_zp);
  }
  // 8 outputs of one pixel (scales at `scales`) -> int16 codes.
  NNSLIM_ALWAYS_INLINE v128_t half(v128_t acc0, v128_t acc1, const float* scales) const {
    return wasm_i16x8_narrow_i32x4(codes(acc0, wasm_v128_load(scales)), codes(acc1, wasm_v128_load(scales + 4)));
  }
  // Two pixels' halves -> int8, clamped; stores the first `count` (<= 8) outputs of each.
  NNSLIM_ALWAYS_INLINE void store2(int8_t* ca, int8_t* cb, v128_t ha, v128_t hb, size_t count) const {
    const v128_t out = wasm_i8x16_min(wasm_i8x16_narrow_i16x8(ha, hb), vqmax);
    if (NNSLIM_LIKELY(count >= kBlock)) {
      wasm_v128_store64_lane(ca, out, 0);
      wasm_v128_store64_lane(cb, out, 1);
    } else {
      store_partial(ca, out, count);
      store_partial(cb, wasm_i64x2_shuffle(out, out, 1, 1), count);
    }
  }
  NNSLIM_ALWAYS_INLINE void store1(int8_t* c, v128_t h, size_t count) const {
    const v128_t out = wasm_i8x16_min(wasm_i8x16_narrow_i16x8(h, h), vqmax);
    if (NNSLIM_LIKELY(count >= kBlock)) {
      wasm_v128_store64_lane(c, out, 0);
    } else {
      store_partial(c, out, count);
    }
  }
};

// x[i] = a[i] widened to int16, i < kc (x has room for kc + 1 values: the
// pair loads below read one past the last).
NNSLIM_ALWAYS_INLINE inline void widen_row(size_t kc, const int8_t* a, int16_t* x) {
  size_t i = 0;
  for (; i + 8 <= kc; i += 8) wasm_v128_store(x + i, wasm_i16x8_load8x8(a + i));
  for (; i < kc; i++) x[i] = a[i];
  x[kc] = 0;
}

// One pixel from its widened row x -> c: a pair is one 32-bit load of x[i]
// (and x[i + 1], overwritten), one 16-bit lane insert of x[i'], one shuffle.
NNSLIM_ALWAYS_INLINE inline void one_widened_pixel(size_t nc, const int16_t* x, const char* w, const uint32_t* indices,
                                                   const uint32_t* pairs, int8_t* c, const Requant& rq) {
  for (size_t o0 = 0, row = 0; o0 < nc; o0 += kBlock, row++) {
    v128_t acc0 = wasm_v128_load(w), acc1 = wasm_v128_load(w + 16);
    w += kBiasBytes;
    for (uint32_t j = pairs[row]; j != 0; j--, indices += 2, w += kPairBytes) {
      v128_t vx = wasm_v128_load16_lane(x + indices[1], wasm_v128_load32_zero(x + indices[0]), 1);
      vx = wasm_i32x4_shuffle(vx, vx, 0, 0, 0, 0);
      acc0 = wasm_i32x4_add(acc0, wasm_i32x4_dot_i16x8(vx, wasm_v128_load(w)));
      acc1 = wasm_i32x4_add(acc1, wasm_i32x4_dot_i16x8(vx, wasm_v128_load(w + 16)));
    }
    rq.store1(c + o0, rq.half(acc0, acc1, reinterpret_cast<const float*>(w)), nc - o0);
    w += kBlock * sizeof(float);
  }
}

// T[i] = (a0[i], a1[i], a2[i], a3[i]) widened to int16, i < kc.
NNSLIM_ALWAYS_INLINE inline void widen_transpose4(size_t kc, const int8_t* a0, const int8_t* a1, const int8_t* a2,
                                                  const int8_t* a3, int16_t* t) {
  size_t i = 0;
  for (; i + 8 <= kc; i += 8, t += 32) {
    const v128_t r0 = wasm_v128_load64_zero(a0 + i), r1 = wasm_v128_load64_zero(a1 + i);
    const v128_t r2 = wasm_v128_load64_zero(a2 + i), r3 = wasm_v128_load64_zero(a3 + i);
    // Bytes [r0 r1] per channel, then [r0 r1 r2 r3] per channel: channels 0..3, 4..7.
    const v128_t r01 = wasm_i8x16_shuffle(r0, r1, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
    const v128_t r23 = wasm_i8x16_shuffle(r2, r3, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
    const v128_t c03 = wasm_i16x8_shuffle(r01, r23, 0, 8, 1, 9, 2, 10, 3, 11);
    const v128_t c47 = wasm_i16x8_shuffle(r01, r23, 4, 12, 5, 13, 6, 14, 7, 15);
    wasm_v128_store(t, wasm_i16x8_extend_low_i8x16(c03));
    wasm_v128_store(t + 8, wasm_i16x8_extend_high_i8x16(c03));
    wasm_v128_store(t + 16, wasm_i16x8_extend_low_i8x16(c47));
    wasm_v128_store(t + 24, wasm_i16x8_extend_high_i8x16(c47));
  }
  for (; i < kc; i++, t += 4) {
    t[0] = a0[i];
    t[1] = a1[i];
    t[2] = a2[i];
    t[3] = a3[i];
  }
}

// Pixels a[0..4) -> c[0..4), every block row of the call, from T.
NNSLIM_ALWAYS_INLINE inline void four_pixels(size_t nc, const int16_t* t, const char* w, const uint32_t* indices,
                                             const uint32_t* pairs, int8_t* c0, int8_t* c1, int8_t* c2, int8_t* c3,
                                             const Requant& rq) {
  for (size_t o0 = 0, row = 0; o0 < nc; o0 += kBlock, row++) {
    const v128_t vb0 = wasm_v128_load(w), vb1 = wasm_v128_load(w + 16);
    v128_t acc00 = vb0, acc01 = vb1, acc10 = vb0, acc11 = vb1, acc20 = vb0, acc21 = vb1, acc30 = vb0, acc31 = vb1;
    w += kBiasBytes;
    for (uint32_t j = pairs[row]; j != 0; j--, indices += 2, w += kPairBytes) {
      const v128_t vx = wasm_i16x8_shuffle(wasm_v128_load64_zero(t + 4 * indices[0]),
                                           wasm_v128_load64_zero(t + 4 * indices[1]), 0, 8, 1, 9, 2, 10, 3, 11);
      const v128_t vw0 = wasm_v128_load(w), vw1 = wasm_v128_load(w + 16);
      const v128_t vx0 = wasm_i32x4_shuffle(vx, vx, 0, 0, 0, 0);
      acc00 = wasm_i32x4_add(acc00, wasm_i32x4_dot_i16x8(vx0, vw0));
      acc01 = wasm_i32x4_add(acc01, wasm_i32x4_dot_i16x8(vx0, vw1));
      const v128_t vx1 = wasm_i32x4_shuffle(vx, vx, 1, 1, 1, 1);
      acc10 = wasm_i32x4_add(acc10, wasm_i32x4_dot_i16x8(vx1, vw0));
      acc11 = wasm_i32x4_add(acc11, wasm_i32x4_dot_i16x8(vx1, vw1));
      const v128_t vx2 = wasm_i32x4_shuffle(vx, vx, 2, 2, 2, 2);
      acc20 = wasm_i32x4_add(acc20, wasm_i32x4_dot_i16x8(vx2, vw0));
      acc21 = wasm_i32x4_add(acc21, wasm_i32x4_dot_i16x8(vx2, vw1));
      const v128_t vx3 = wasm_i32x4_shuffle(vx, vx, 3, 3, 3, 3);
      acc30 = wasm_i32x4_add(acc30, wasm_i32x4_dot_i16x8(vx3, vw0));
      acc31 = wasm_i32x4_add(acc31, wasm_i32x4_dot_i16x8(vx3, vw1));
    }
    const float* scales = reinterpret_cast<const float*>(w);
    const size_t count = nc - o0;
    rq.store2(c0 + o0, c1 + o0, rq.half(acc00, acc01, scales), rq.half(acc10, acc11, scales), count);
    rq.store2(c2 + o0, c3 + o0, rq.half(acc20, acc21, scales), rq.half(acc30, acc31, scales), count);
    w += kBlock * sizeof(float);
  }
}

}  // namespace nnslim::kernels::qs8_bspmm_detail
