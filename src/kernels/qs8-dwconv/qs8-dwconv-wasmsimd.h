// The wasm SIMD128 qs8 depthwise kernel for a channel tile CT (8 or 16),
// instantiated by one small file per kernel name.
#pragma once
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "core/simd.h"
#include "kernels/kernel_macros.h"
#include "kernels/qs8-dwconv/qs8-dwconv.h"
#include "kernels/qs8-requant-wasmsimd.h"

#if defined(__clang__)
#define NNSLIM_QS8_DW_UNROLL _Pragma("clang loop unroll(full)")
#define NNSLIM_QS8_DW_ROLLED _Pragma("clang loop unroll(disable)")
#else
#define NNSLIM_QS8_DW_UNROLL _Pragma("GCC unroll 16")
#define NNSLIM_QS8_DW_ROLLED _Pragma("GCC unroll 1")
#endif

namespace nnslim::kernels::qs8_dw {

// 8 int8 channels widened to int16; only `count` (< 8) bytes read when partial.
NNSLIM_ALWAYS_INLINE inline v128_t load8(const int8_t* p, size_t count) {
  if NNSLIM_LIKELY(count >= 8) return wasm_i16x8_load8x8(p);
  int64_t bytes = 0;
  std::memcpy(&bytes, p, count);
  return wasm_i16x8_extend_low_i8x16(wasm_i64x2_splat(bytes));
}

using kernels::RequantVectors;
using kernels::requant_vectors;
using kernels::clamp_i8;
using kernels::Clamp;

// int32 -> requantized int32 at or above qmin ("magic min", qs8-requant.h);
// store_group's saturating narrows and int8 min finish the clamp.
// kClamp != kI32Min (the *_i8min and *_i8sat kernels): no int32 max, the
// lower clamp an int8 max after the narrows (kI8) or the narrows' own
// saturation (kSat: qmin = -128, qmax = 127); the same bits when every channel's |acc * scale| <=
// 2^21 (qs8_packw_dwconv_accumulators_fit; qs8-gemm.h says why).
template <Clamp kClamp = Clamp::kI32Min>
NNSLIM_ALWAYS_INLINE inline v128_t requantize(v128_t acc, v128_t vscale, const RequantVectors& rq) {
  const v128_t vf = wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_convert_i32x4(acc), vscale), rq.magic);
  if constexpr (kClamp != Clamp::kI32Min) {
    return wasm_i32x4_sub(vf, rq.magic_less_zp);
  } else {
    return wasm_i32x4_sub(wasm_i32x4_max(vf, rq.magic_min), rq.magic_less_zp);
  }
}

// Requantizes and stores `count` (<= 8 * HALVES) channels of acc: its first
// HALVES 8-channel halves (the others are not read).
template <size_t CT, size_t HALVES = CT / 8, Clamp kClamp = Clamp::kI32Min>
NNSLIM_ALWAYS_INLINE inline void store_group(const v128_t (&acc)[CT / 4], const float* scales, size_t count,
                                             int8_t* out, const RequantVectors& rq) {
  for (size_t h = 0; h < HALVES; h++) {
    const v128_t q0 = requantize<kClamp>(acc[2 * h], wasm_v128_load(scales + h * 8), rq);
    const v128_t q1 = requantize<kClamp>(acc[2 * h + 1], wasm_v128_load(scales + h * 8 + 4), rq);
    const v128_t v16 = wasm_i16x8_narrow_i32x4(q0, q1);
    v128_t v8 = clamp_i8<kClamp>(wasm_i8x16_narrow_i16x8(v16, v16), rq);
    const size_t valid = count > h * 8 ? count - h * 8 : 0;
    int8_t* o = out + h * 8;
    if NNSLIM_LIKELY(valid >= 8) {
      wasm_v128_store64_lane(o, v8, 0);
      continue;
    }
    if (valid & 4) {
      wasm_v128_store32_lane(o, v8, 0);
      v8 = wasm_u64x2_shr(v8, 32);
      o += 4;
    }
    if (valid & 2) {
      wasm_v128_store16_lane(o, v8, 0);
      v8 = wasm_u64x2_shr(v8, 16);
      o += 2;
    }
    if (valid & 1) wasm_v128_store8_lane(o, v8, 0);
  }
}

// 16 whole channels of acc requantized and stored: both 8-channel halves
// narrowed into one vector, so one i8x16 narrow, one min and one store per
// 16 channels instead of two each (same bits as store_group<16>).
template <Clamp kClamp = Clamp::kI32Min>
NNSLIM_ALWAYS_INLINE inline void store_group16(const v128_t (&acc)[4], const float* scales, int8_t* out,
                                               const RequantVectors& rq) {
  v128_t q[4];
  for (size_t j = 0; j < 4; j++) q[j] = requantize<kClamp>(acc[j], wasm_v128_load(scales + j * 4), rq);
  const v128_t v8 = wasm_i8x16_narrow_i16x8(wasm_i16x8_narrow_i32x4(q[0], q[1]), wasm_i16x8_narrow_i32x4(q[2], q[3]));
  wasm_v128_store(out, clamp_i8<kClamp>(v8, rq));
}

// One group of CT channels of one output pixel, kTaps packing (mul16);
// `count` <= CT channels valid.
template <size_t CT, bool kFull>
NNSLIM_ALWAYS_INLINE inline void channel_group(const int8_t** taps, size_t kernel_size, size_t c0, size_t count,
                                               const char* w, int8_t* out, const RequantVectors& rq) {
  v128_t acc[CT / 4];
  for (size_t j = 0; j < CT / 4; j++) acc[j] = wasm_v128_load(w + j * 16);
  const int16_t* wk = reinterpret_cast<const int16_t*>(w + CT * 4);
  for (size_t k = 0; k < kernel_size; k++) {
    const int8_t* in = taps[k] + c0;
    for (size_t h = 0; h < CT / 8; h++) {
      const size_t valid = kFull ? 8 : (count > h * 8 ? count - h * 8 : 0);
      const v128_t vi = valid != 0 ? load8(in + h * 8, valid) : wasm_i64x2_splat(0);
      const v128_t vw = wasm_v128_load(wk + h * 8);
      acc[2 * h] = wasm_i32x4_add(acc[2 * h], wasm_i32x4_extmul_low_i16x8(vi, vw));
      acc[2 * h + 1] = wasm_i32x4_add(acc[2 * h + 1], wasm_i32x4_extmul_high_i16x8(vi, vw));
    }
    wk += CT;
  }
  if constexpr (kFull && CT == 16) {
    store_group16(acc, reinterpret_cast<const float*>(wk), out, rq);
  } else {
    store_group<CT>(acc, reinterpret_cast<const float*>(wk), count, out, rq);
  }
}

// kTapPairs packing (dot16x2): taps k and k+1 interleaved per channel, one
// i32x4.dot_i16x8_s per 4 channels and 2 taps.
template <size_t CT, bool kFull>
NNSLIM_ALWAYS_INLINE inline void channel_group_pairs(const int8_t** taps, size_t kernel_size, size_t c0,
                                                     size_t count, const char* w, int8_t* out,
                                                     const RequantVectors& rq) {
  v128_t acc[CT / 4];
  for (size_t j = 0; j < CT / 4; j++) acc[j] = wasm_v128_load(w + j * 16);
  const int16_t* wk = reinterpret_cast<const int16_t*>(w + CT * 4);
  for (size_t k = 0; k < kernel_size; k += 2) {
    const int8_t* in0 = taps[k] + c0;
    // An odd last tap pairs with itself; its packed partner weight is 0.
    const int8_t* in1 = (k + 1 < kernel_size ? taps[k + 1] : taps[k]) + c0;
    for (size_t h = 0; h < CT / 8; h++) {
      const size_t valid = kFull ? 8 : (count > h * 8 ? count - h * 8 : 0);
      // A half past the last channel (a 16-channel kernel's last group of
      // <= 8: PP-LCNet's 5x5 layers of 40, 88, 104, 200 channels) is never
      // stored: its loads, shuffles and dots are skipped.
      if (!kFull && valid == 0) break;
      const v128_t x0 = load8(in0 + h * 8, valid);
      const v128_t x1 = load8(in1 + h * 8, valid);
      const v128_t lo = wasm_i16x8_shuffle(x0, x1, 0, 8, 1, 9, 2, 10, 3, 11);
      const v128_t hi = wasm_i16x8_shuffle(x0, x1, 4, 12, 5, 13, 6, 14, 7, 15);
      acc[2 * h] = wasm_i32x4_add(acc[2 * h], wasm_i32x4_dot_i16x8(lo, wasm_v128_load(wk + h * 16)));
      acc[2 * h + 1] = wasm_i32x4_add(acc[2 * h + 1], wasm_i32x4_dot_i16x8(hi, wasm_v128_load(wk + h * 16 + 8)));
    }
    wk += CT * 2;
  }
  if constexpr (kFull && CT == 16) {
    store_group16(acc, reinterpret_cast<const float*>(wk), out, rq);
  } else {
    store_group<CT>(acc, reinterpret_cast<const float*>(wk), count, out, rq);
  }
}

template <size_t CT, bool kTapPairs>
NNSLIM_ALWAYS_INLINE inline void dwconv(size_t channels, size_t output_width, size_t kernel_size,
                                        const int8_t** input, const void* weights, int8_t* output,
                                        size_t input_stride, size_t output_increment, size_t input_offset,
                                        const int8_t* zero, const QS8RequantParams* params) {
  assert(channels != 0 && output_width != 0 && kernel_size != 0);
  // Up to 25 taps on the stack (5x5): the runtime only sends kernel_size <= kMaxTaps.
  constexpr size_t kMaxTaps = 25;
  assert(kernel_size <= kMaxTaps);
  const int8_t* taps[kMaxTaps];
  const size_t packed_taps = kTapPairs ? (kernel_size + 1) / 2 * 2 : kernel_size;
  const size_t group_bytes = CT * (sizeof(int32_t) + packed_taps * sizeof(int16_t) + sizeof(float));
  const RequantVectors rq = requant_vectors(params);
  // Full groups get count = CT at compile time: no per-load tail checks.
  auto full_group = [&](size_t c, const char* w) {
    if constexpr (kTapPairs) {
      channel_group_pairs<CT, true>(taps, kernel_size, c, CT, w, output + c, rq);
    } else {
      channel_group<CT, true>(taps, kernel_size, c, CT, w, output + c, rq);
    }
  };
  auto tail_group = [&](size_t c, size_t count, const char* w) {
    if constexpr (kTapPairs) {
      channel_group_pairs<CT, false>(taps, kernel_size, c, count, w, output + c, rq);
    } else {
      channel_group<CT, false>(taps, kernel_size, c, count, w, output + c, rq);
    }
  };
  do {
    for (size_t k = 0; k < kernel_size; k++) taps[k] = input[k] != zero ? input[k] + input_offset : zero;
    input = reinterpret_cast<const int8_t**>(reinterpret_cast<uintptr_t>(input) + input_stride);
    const char* w = static_cast<const char*>(weights);
    size_t c = 0;
    for (; c + CT <= channels; c += CT) {
      full_group(c, w);
      w += group_bytes;
    }
    if (c != channels) tail_group(c, channels - c, w);
    output += channels + output_increment;
  } while (--output_width != 0);
}

// 3x3 (9 taps, kTapPairs packing: pairs (0,1) .. (6,7), then tap 8 with a
// zero partner weight), one whole group of CT channels, PX output pixels at once: each weight vector is
// loaded once for all PX pixels, and the odd tap 8 skips the pair shuffle:
// i32x4.extend_{low,high}_i16x8_s of its 8 widened inputs gives int16 pairs
// (x, sign of x), whose dot with the packed (w, 0) pairs is x * w.
// H: how many of the group's 8-channel halves are real (CT / 8, or 1 for a
// last group of 8 channels: a CT-channel packed group whose upper half is
// padding, neither read from the input nor stored).
template <size_t CT, size_t PX, size_t H = CT / 8, Clamp kClamp = Clamp::kI32Min>
NNSLIM_ALWAYS_INLINE inline void channel_group_9p(const int8_t* const (&taps)[PX][9], size_t c0, const char* w,
                                                  int8_t* const (&out)[PX], const RequantVectors& rq) {
  static_assert(H >= 1 && H <= CT / 8, "whole 8-channel halves of the group");
  v128_t acc[PX][CT / 4];
  NNSLIM_QS8_DW_UNROLL
  for (size_t j = 0; j < 2 * H; j++) {
    const v128_t vb = wasm_v128_load(w + j * 16);
    NNSLIM_QS8_DW_UNROLL
    for (size_t p = 0; p < PX; p++) acc[p][j] = vb;
  }
  const int16_t* wk = reinterpret_cast<const int16_t*>(w + CT * 4);
  // The four tap pairs stay a loop: fully unrolled, V8's code for this
  // kernel ran ~40% slower (bench/kernels/qs8_gemm_bench.cc dwconv).
  NNSLIM_QS8_DW_ROLLED
  for (size_t k = 0; k < 8; k += 2) {
    NNSLIM_QS8_DW_UNROLL
    for (size_t h = 0; h < H; h++) {
      const v128_t w_lo = wasm_v128_load(wk + h * 16), w_hi = wasm_v128_load(wk + h * 16 + 8);
      NNSLIM_QS8_DW_UNROLL
      for (size_t p = 0; p < PX; p++) {
        const v128_t x0 = wasm_i16x8_load8x8(taps[p][k] + c0 + h * 8);
        const v128_t x1 = wasm_i16x8_load8x8(taps[p][k + 1] + c0 + h * 8);
        const v128_t lo = wasm_i16x8_shuffle(x0, x1, 0, 8, 1, 9, 2, 10, 3, 11);
        const v128_t hi = wasm_i16x8_shuffle(x0, x1, 4, 12, 5, 13, 6, 14, 7, 15);
        acc[p][2 * h] = wasm_i32x4_add(acc[p][2 * h], wasm_i32x4_dot_i16x8(lo, w_lo));
        acc[p][2 * h + 1] = wasm_i32x4_add(acc[p][2 * h + 1], wasm_i32x4_dot_i16x8(hi, w_hi));
      }
    }
    wk += CT * 2;
  }
  NNSLIM_QS8_DW_UNROLL
  for (size_t h = 0; h < H; h++) {
    const v128_t w_lo = wasm_v128_load(wk + h * 16), w_hi = wasm_v128_load(wk + h * 16 + 8);
    NNSLIM_QS8_DW_UNROLL
    for (size_t p = 0; p < PX; p++) {
      const v128_t x = wasm_i16x8_load8x8(taps[p][8] + c0 + h * 8);
      acc[p][2 * h] = wasm_i32x4_add(acc[p][2 * h], wasm_i32x4_dot_i16x8(wasm_i32x4_extend_low_i16x8(x), w_lo));
      acc[p][2 * h + 1] =
          wasm_i32x4_add(acc[p][2 * h + 1], wasm_i32x4_dot_i16x8(wasm_i32x4_extend_high_i16x8(x), w_hi));
    }
  }
  wk += CT * 2;
  NNSLIM_QS8_DW_UNROLL
  for (size_t p = 0; p < PX; p++) {
    if constexpr (H == 2) {
      store_group16<kClamp>(acc[p], reinterpret_cast<const float*>(wk), out[p], rq);
    } else {
      store_group<CT, H, kClamp>(acc[p], reinterpret_cast<const float*>(wk), 8 * H, out[p], rq);
    }
  }
}

// PX pixels' tap pointers (input_offset applied to non-padding taps).
template <size_t PX>
NNSLIM_ALWAYS_INLINE inline void load_taps_9p(const int8_t** input, size_t input_stride, size_t input_offset,
                                              const int8_t* zero, const int8_t* (&taps)[PX][9]) {
  for (size_t p = 0; p < PX; p++) {
    const int8_t** in = reinterpret_cast<const int8_t**>(reinterpret_cast<uintptr_t>(input) + p * input_stride);
    for (size_t k = 0; k < 9; k++) taps[p][k] = in[k] != zero ? in[k] + input_offset : zero;
  }
}

template <size_t CT, size_t PX, Clamp kClamp = Clamp::kI32Min>
NNSLIM_ALWAYS_INLINE inline void dwconv9_pixels(size_t channels, const int8_t* const (&taps)[PX][9],
                                                const void* weights, int8_t* const (&out)[PX],
                                                const RequantVectors& rq) {
  constexpr size_t group_bytes = CT * (sizeof(int32_t) + 10 * sizeof(int16_t) + sizeof(float));
  const char* w = static_cast<const char*>(weights);
  // Whole channel groups, then (channels % CT == 8, e.g. 24 channels on 16)
  // one group of 8: the caller guarantees channels % 8 == 0, so no load or
  // store is partial.
  int8_t* group_out[PX];
  size_t c = 0;
  for (; c + CT <= channels; c += CT) {
    for (size_t p = 0; p < PX; p++) group_out[p] = out[p] + c;
    channel_group_9p<CT, PX, CT / 8, kClamp>(taps, c, w, group_out, rq);
    w += group_bytes;
  }
  if constexpr (CT == 16) {
    if (c != channels) {
      for (size_t p = 0; p < PX; p++) group_out[p] = out[p] + c;
      channel_group_9p<CT, PX, 1, kClamp>(taps, c, w, group_out, rq);
    }
  }
}

// The 3x3 kernel: the dwconv() calling convention with kernel_size == 9 and
// channels a multiple of CT, or of 8 when CT is 16; PX output pixels per step
// (then one at a time for the last ones).
template <size_t CT, size_t PX, Clamp kClamp = Clamp::kI32Min>
NNSLIM_ALWAYS_INLINE inline void dwconv9(size_t channels, size_t output_width, size_t kernel_size,
                                         const int8_t** input, const void* weights, int8_t* output,
                                         size_t input_stride, size_t output_increment, size_t input_offset,
                                         const int8_t* zero, const QS8RequantParams* params) {
  static_assert(PX == 1 || PX == 2, "one or two pixels per step");
  assert(channels != 0 && channels % (CT == 16 ? 8 : CT) == 0 && output_width != 0 && kernel_size == 9);
  (void)kernel_size;
  const size_t output_stride = channels + output_increment;
  const RequantVectors rq = requant_vectors<kClamp>(params);
  for (; PX == 2 && output_width >= 2; output_width -= 2) {
    const int8_t* taps[2][9];
    load_taps_9p<2>(input, input_stride, input_offset, zero, taps);
    int8_t* const out[2] = {output, output + output_stride};
    dwconv9_pixels<CT, 2, kClamp>(channels, taps, weights, out, rq);
    input = reinterpret_cast<const int8_t**>(reinterpret_cast<uintptr_t>(input) + 2 * input_stride);
    output += 2 * output_stride;
  }
  for (; output_width != 0; output_width--) {
    // With no input_offset (batch 1, the buffer the indirection was built
    // for) every tap is its indirection entry: read in place, no copy.
    const int8_t* copied[1][9];
    const int8_t* const(*taps)[1][9] = reinterpret_cast<const int8_t* const(*)[1][9]>(input);
    if (input_offset != 0) {
      load_taps_9p<1>(input, input_stride, input_offset, zero, copied);
      taps = &copied;
    }
    int8_t* const out[1] = {output};
    dwconv9_pixels<CT, 1, kClamp>(channels, *taps, weights, out, rq);
    input = reinterpret_cast<const int8_t**>(reinterpret_cast<uintptr_t>(input) + input_stride);
    output += output_stride;
  }
}

}  // namespace nnslim::kernels::qs8_dw

