// The wasm SIMD128 qs8 GEMM/IGEMM tile, written once for every MR x NR
// (NR = 8 or 16) and instantiated by one small file per kernel name.
//
// Per K block of 8 and row i: va = i16x8.load8x8_s(A_i) (8 int8 -> int16,
// one instruction); then for each K pair j the pair is broadcast as an i32
// lane (i32x4.shuffle j,j,j,j) and multiplied against the packed pair of
// every 4 channels with i32x4.dot_i16x8_s: 8 MACs per dot + 1 add.
// Register budget (V8 x64: 15 allocatable xmm): MR * NR / 4 accumulators
// + MR widened rows + the weight vectors; 4x8 and 2x16 use 14-15.
#pragma once
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "core/simd.h"
#include "kernels/kernel_macros.h"
#include "kernels/qs8-gemm/qs8-gemm.h"
#include "kernels/qs8-requant-wasmsimd.h"

#if defined(__clang__)
#define NNSLIM_QS8_UNROLL _Pragma("clang loop unroll(full)")
#else
#define NNSLIM_QS8_UNROLL _Pragma("GCC unroll 16")
#endif

namespace nnslim::kernels::qs8_dot16 {

// The k (1..7) bytes at p as the low bytes of an int64, zeros above, with
// fixed-size loads (a variable-length memcpy would be a call per row and tap:
// the stem conv's 3-channel taps are all tail).
NNSLIM_ALWAYS_INLINE inline int64_t load_tail(const int8_t* p, size_t k) {
  uint64_t bytes = 0;
  if (k & 4) {
    uint32_t v;
    std::memcpy(&v, p, sizeof(v));
    bytes = v;
  }
  if (k & 2) {
    uint16_t v;
    std::memcpy(&v, p + (k & 4), sizeof(v));
    bytes |= static_cast<uint64_t>(v) << (8 * (k & 4));
  }
  if (k & 1) bytes |= static_cast<uint64_t>(static_cast<uint8_t>(p[k & 6])) << (8 * (k & 6));
  return static_cast<int64_t>(bytes);
}

// One K pair already broadcast to every lane of va[i] (row i's two int16
// values): acc[i][n] += dot(va[i], the packed pair of channels 4n..4n+3).
template <size_t MR, size_t NR>
NNSLIM_ALWAYS_INLINE inline void multiply_splat_pair(v128_t (&acc)[MR][NR / 4], const v128_t (&va)[MR],
                                                     const int16_t* w) {
  NNSLIM_QS8_UNROLL
  for (size_t n = 0; n < NR / 4; n++) {
    const v128_t vb = wasm_v128_load(w + n * 8);
    NNSLIM_QS8_UNROLL
    for (size_t i = 0; i < MR; i++) acc[i][n] = wasm_i32x4_add(acc[i][n], wasm_i32x4_dot_i16x8(va[i], vb));
  }
}

// K pair J of the 8 widened values in va[i]: broadcast as an i32 lane, then
// multiply_splat_pair.
template <size_t MR, size_t NR, int J>
NNSLIM_ALWAYS_INLINE inline void multiply_pair(v128_t (&acc)[MR][NR / 4], const v128_t (&va)[MR],
                                               const int16_t* w) {
  v128_t vpair[MR];
  NNSLIM_QS8_UNROLL
  for (size_t i = 0; i < MR; i++) vpair[i] = wasm_i32x4_shuffle(va[i], va[i], J, J, J, J);
  multiply_splat_pair<MR, NR>(acc, vpair, w);
}

template <size_t MR, size_t NR>
NNSLIM_ALWAYS_INLINE inline void multiply_block(v128_t (&acc)[MR][NR / 4], const v128_t (&va)[MR],
                                                const int16_t* w) {
  multiply_pair<MR, NR, 0>(acc, va, w);
  multiply_pair<MR, NR, 1>(acc, va, w + NR * 2);
  multiply_pair<MR, NR, 2>(acc, va, w + NR * 4);
  multiply_pair<MR, NR, 3>(acc, va, w + NR * 6);
}

// The K loop of the tiles that read A row by row: per whole block of KB
// bytes, va[i] = load(a[i]) for every row, then multiply(va); then the last
// kc % KB bytes, va[i] = load_tail(a[i], kc % KB) (only the valid bytes are
// read; the packed weights past K are zero), then multiply(va). Leaves a[i]
// past the bytes read.
template <size_t MR, size_t KB, typename Load, typename LoadTail, typename Multiply>
NNSLIM_ALWAYS_INLINE inline void for_each_k_block(const int8_t* (&a)[MR], size_t kc, Load&& load,
                                                  LoadTail&& load_tail, Multiply&& multiply) {
  size_t k = kc;
  for (; k >= KB; k -= KB) {
    v128_t va[MR];
    NNSLIM_QS8_UNROLL
    for (size_t i = 0; i < MR; i++) {
      va[i] = load(a[i]);
      a[i] += KB;
    }
    multiply(va);
  }
  if (k != 0) {
    v128_t va[MR];
    NNSLIM_QS8_UNROLL
    for (size_t i = 0; i < MR; i++) {
      va[i] = load_tail(a[i], k);
      a[i] += k;
    }
    multiply(va);
  }
}

// acc += A[rows, 0..kc) * W for one tap; returns w past the tap's blocks.
template <size_t MR, size_t NR>
NNSLIM_ALWAYS_INLINE inline const int16_t* accumulate(v128_t (&acc)[MR][NR / 4], const int8_t* (&a)[MR],
                                                      size_t kc, const int16_t* w) {
  for_each_k_block<MR, 8>(
      a, kc, [](const int8_t* p) NNSLIM_ALWAYS_INLINE { return wasm_i16x8_load8x8(p); },
      [](const int8_t* p, size_t k) NNSLIM_ALWAYS_INLINE {
        return wasm_i16x8_extend_low_i8x16(wasm_i64x2_splat(load_tail(p, k)));
      },
      [&](const v128_t (&va)[MR]) NNSLIM_ALWAYS_INLINE {
        multiply_block<MR, NR>(acc, va, w);
        w += NR * 8;
      });
  return w;
}

// int32 accumulators of 4 channels -> requantized int32 at or above qmin
// (the "magic min" form of qs8-requant.h); the caller's saturating narrows
// and int8 min with qmax finish the clamp.
// kClamp != kI32Min (the *_i8min and *_i8sat kernels): no int32 max. Only for weights whose every
// accumulator has |acc * scale| <= 2^21 (qs8_packw_accumulators_fit): then
// bits(f + 0x1.8p23) is exactly 0x4B400000 + round(f), the difference is
// round(f) + zp, and the saturating narrows plus an int8 max with qmin
// after them (or nothing, for qmin = -128: Clamp::kSat) give the same bits (one i8x16.max per 16 outputs instead of
// four i32x4.max).
template <Clamp kClamp = Clamp::kI32Min>
NNSLIM_ALWAYS_INLINE inline v128_t requantize(v128_t acc, v128_t vscale, v128_t vmagic, v128_t vmagic_min,
                                              v128_t vmagic_less_zp) {
  const v128_t vf = wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_convert_i32x4(acc), vscale), vmagic);
  if constexpr (kClamp != Clamp::kI32Min) {
    (void)vmagic_min;
    return wasm_i32x4_sub(vf, vmagic_less_zp);
  } else {
    return wasm_i32x4_sub(wasm_i32x4_max(vf, vmagic_min), vmagic_less_zp);
  }
}

// Stores the low nc (< 16) bytes of v.
NNSLIM_ALWAYS_INLINE inline void store_tail(int8_t* c, v128_t v, size_t nc) {
  if (nc & 8) {
    wasm_v128_store64_lane(c, v, 0);
    v = wasm_i64x2_shuffle(v, v, 1, 1);
    c += 8;
  }
  if (nc & 4) {
    wasm_v128_store32_lane(c, v, 0);
    v = wasm_u64x2_shr(v, 32);
    c += 4;
  }
  if (nc & 2) {
    wasm_v128_store16_lane(c, v, 0);
    v = wasm_u64x2_shr(v, 16);
    c += 2;
  }
  if (nc & 1) wasm_v128_store8_lane(c, v, 0);
}

using kernels::RequantVectors;
using kernels::requant_vectors;
using kernels::clamp_i8;
using kernels::Clamp;

// Row r's NR requantized outputs narrowed to int16 (NR = 8: one vector) or
// to int8 (NR = 16), before the int8 min with qmax.
template <size_t MR, size_t NR, Clamp kClamp = Clamp::kI32Min>
NNSLIM_ALWAYS_INLINE inline v128_t narrow_row(const v128_t (&acc)[MR][NR / 4], size_t r, const v128_t (&vscale)[NR / 4],
                                              const RequantVectors& rq) {
  v128_t q[NR / 4];
  NNSLIM_QS8_UNROLL
  for (size_t n = 0; n < NR / 4; n++)
    q[n] = requantize<kClamp>(acc[r][n], vscale[n], rq.magic, rq.magic_min, rq.magic_less_zp);
  if constexpr (NR == 8) {
    return wasm_i16x8_narrow_i32x4(q[0], q[1]);
  } else {
    static_assert(NR == 16, "NR is 8 or 16");
    return wasm_i8x16_narrow_i16x8(wasm_i16x8_narrow_i32x4(q[0], q[1]), wasm_i16x8_narrow_i32x4(q[2], q[3]));
  }
}

// The MR rows' int8 outputs, last row to first (aliased missing rows end with
// row mr-1's values): store(r, v, half) writes row r from v's 8-byte half
// `half` (NR = 8) or from all of v (NR = 16, half 0). NR = 8 narrows two rows
// into one vector (rows r and r-1 in its halves): one i8x16 narrow and one
// min per two rows instead of per row.
template <size_t MR, size_t NR, Clamp kClamp = Clamp::kI32Min, typename Store>
NNSLIM_ALWAYS_INLINE inline void for_each_output_row(const v128_t (&acc)[MR][NR / 4], const v128_t (&vscale)[NR / 4],
                                                     const RequantVectors& rq, Store&& store) {
  if constexpr (NR == 8) {
    NNSLIM_QS8_UNROLL
    for (size_t row = 0; row + 1 < MR; row += 2) {
      const size_t r = MR - 1 - row;
      // (locals: the native build's SIMDe intrinsics are macros, which split
      // a template argument list at its comma)
      const v128_t upper = narrow_row<MR, NR, kClamp>(acc, r, vscale, rq);
      const v128_t lower = narrow_row<MR, NR, kClamp>(acc, r - 1, vscale, rq);
      const v128_t out = clamp_i8<kClamp>(wasm_i8x16_narrow_i16x8(upper, lower), rq);
      store(r, out, 0);
      store(r - 1, out, 1);
    }
    if constexpr (MR % 2 == 1) {
      const v128_t h = narrow_row<MR, NR, kClamp>(acc, 0, vscale, rq);
      store(0, clamp_i8<kClamp>(wasm_i8x16_narrow_i16x8(h, h), rq), 0);
    }
  } else {
    NNSLIM_QS8_UNROLL
    for (size_t row = 0; row < MR; row++) {
      const size_t r = MR - 1 - row;
      const v128_t row_bytes = narrow_row<MR, NR, kClamp>(acc, r, vscale, rq);
      store(r, clamp_i8<kClamp>(row_bytes, rq), 0);
    }
  }
}

// Bias init, then `body` accumulates all taps; then requantize and store one
// panel. Returns the weights of the next panel. A whole panel (nc >= NR)
// takes a store path without the tail's tests.
template <size_t MR, size_t NR, Clamp kClamp = Clamp::kI32Min, typename Body>
NNSLIM_ALWAYS_INLINE inline const void* panel(const void* w, int8_t* (&c)[MR], size_t nc, size_t cn_stride,
                                              const QS8RequantParams* params, Body&& body) {
  v128_t acc[MR][NR / 4];
  const int32_t* bias = static_cast<const int32_t*>(w);
  NNSLIM_QS8_UNROLL
  for (size_t n = 0; n < NR / 4; n++) {
    const v128_t vb = wasm_v128_load(bias + n * 4);
    NNSLIM_QS8_UNROLL
    for (size_t i = 0; i < MR; i++) acc[i][n] = vb;
  }
  const int16_t* wk = body(acc, reinterpret_cast<const int16_t*>(bias + NR));
  const float* scales = reinterpret_cast<const float*>(wk);
  v128_t vscale[NR / 4];
  NNSLIM_QS8_UNROLL
  for (size_t n = 0; n < NR / 4; n++) vscale[n] = wasm_v128_load(scales + n * 4);
  // Loaded here, after the K loop: made once per call they would stay live
  // across it, beside its 14 vectors, and V8 spilled (the model ran 1% slower).
  const RequantVectors rq = requant_vectors<kClamp>(params);

  if NNSLIM_LIKELY(nc >= NR) {
    for_each_output_row<MR, NR, kClamp>(acc, vscale, rq, [&](size_t r, v128_t out, int half) NNSLIM_ALWAYS_INLINE {
      if constexpr (NR == 8) {
        if (half == 0) {
          wasm_v128_store64_lane(c[r], out, 0);
        } else {
          wasm_v128_store64_lane(c[r], out, 1);
        }
      } else {
        wasm_v128_store(c[r], out);
      }
      c[r] = reinterpret_cast<int8_t*>(reinterpret_cast<uintptr_t>(c[r]) + cn_stride);
    });
  } else {
    for_each_output_row<MR, NR, kClamp>(acc, vscale, rq, [&](size_t r, v128_t out, int half) NNSLIM_ALWAYS_INLINE {
      store_tail(c[r], half == 0 ? out : wasm_i64x2_shuffle(out, out, 1, 1), nc);
    });
  }
  return scales + NR;
}

// The MR rows of A (a_stride bytes apart); rows past mr alias the last.
template <size_t MR>
NNSLIM_ALWAYS_INLINE inline void input_rows(const int8_t* (&rows)[MR], const int8_t* a, size_t mr, size_t a_stride) {
  rows[0] = a;
  NNSLIM_QS8_UNROLL
  for (size_t i = 1; i < MR; i++) rows[i] = i < mr ? rows[i - 1] + a_stride : rows[i - 1];
}

template <size_t MR>
NNSLIM_ALWAYS_INLINE inline void output_rows(int8_t* (&c)[MR], int8_t* c0, size_t mr, size_t cm_stride) {
  c[0] = c0;
  NNSLIM_QS8_UNROLL
  for (size_t i = 1; i < MR; i++)
    c[i] = i < mr ? reinterpret_cast<int8_t*>(reinterpret_cast<uintptr_t>(c[i - 1]) + cm_stride) : c[i - 1];
}

// The GEMM frame of the tiles that read A row by row (this file's and
// qs8-dot7's): per panel of NR channels, k_loop(acc, ap, wk) sums the MR
// rows' K into acc from the panel's weights wk (ap: the rows' pointers, its
// own copy to advance) and returns wk past them. rows_prologue(rows) runs
// once per call, before the first panel (dot7w: each row's sum of A).
template <size_t MR, size_t NR, typename RowsPrologue, typename KLoop>
NNSLIM_ALWAYS_INLINE inline void gemm_frame(size_t mr, size_t nc, size_t kc, const int8_t* a, size_t a_stride,
                                            const void* w, int8_t* c, size_t cm_stride, size_t cn_stride,
                                            const QS8RequantParams* params, RowsPrologue&& rows_prologue,
                                            KLoop&& k_loop) {
  assert(mr != 0 && mr <= MR);
  assert(nc != 0 && kc != 0);
  const int8_t* rows[MR];
  input_rows<MR>(rows, a, mr, a_stride);
  rows_prologue(static_cast<const int8_t* const(&)[MR]>(rows));
  int8_t* out[MR];
  output_rows<MR>(out, c, mr, cm_stride);
  do {
    w = panel<MR, NR>(w, out, nc, cn_stride, params, [&](v128_t (&acc)[MR][NR / 4], const int16_t* wk) {
      const int8_t* ap[MR];
      NNSLIM_QS8_UNROLL
      for (size_t i = 0; i < MR; i++) ap[i] = rows[i];
      return k_loop(acc, ap, wk);
    });
    nc = nc >= NR ? nc - NR : 0;
  } while (nc != 0);
}

template <size_t MR, size_t NR, typename KLoop>
NNSLIM_ALWAYS_INLINE inline void gemm_frame(size_t mr, size_t nc, size_t kc, const int8_t* a, size_t a_stride,
                                            const void* w, int8_t* c, size_t cm_stride, size_t cn_stride,
                                            const QS8RequantParams* params, KLoop&& k_loop) {
  gemm_frame<MR, NR>(mr, nc, kc, a, a_stride, w, c, cm_stride, cn_stride, params,
                     [](const int8_t* const(&)[MR]) NNSLIM_ALWAYS_INLINE {}, k_loop);
}

template <size_t MR, size_t NR>
NNSLIM_ALWAYS_INLINE inline void gemm(size_t mr, size_t nc, size_t kc, const int8_t* a, size_t a_stride,
                                      const void* w, int8_t* c, size_t cm_stride, size_t cn_stride,
                                      const QS8RequantParams* params) {
  gemm_frame<MR, NR>(mr, nc, kc, a, a_stride, w, c, cm_stride, cn_stride, params,
                     [&](v128_t (&acc)[MR][NR / 4], const int8_t* (&ap)[MR], const int16_t* wk) NNSLIM_ALWAYS_INLINE {
                       return accumulate<MR, NR>(acc, ap, kc, wk);
                     });
}

template <size_t MR, size_t NR>
NNSLIM_ALWAYS_INLINE inline void igemm(size_t mr, size_t nc, size_t kc, size_t ks, const int8_t** a, const void* w,
                                       int8_t* c, size_t cm_stride, size_t cn_stride, size_t a_offset,
                                       const int8_t* zero, const QS8RequantParams* params) {
  assert(mr != 0 && mr <= MR);
  assert(nc != 0 && kc != 0);
  assert(ks != 0 && ks % (MR * sizeof(void*)) == 0);
  int8_t* out[MR];
  output_rows<MR>(out, c, mr, cm_stride);
  do {
    w = panel<MR, NR>(w, out, nc, cn_stride, params, [&](v128_t (&acc)[MR][NR / 4], const int16_t* wk) {
      const int8_t** ptr = a;
      for (size_t p = ks; p != 0; p -= MR * sizeof(void*)) {
        const int8_t* ap[MR];
        NNSLIM_QS8_UNROLL
        for (size_t i = 0; i < MR; i++) ap[i] = ptr[i] != zero ? ptr[i] + a_offset : zero;
        ptr += MR;
        wk = accumulate<MR, NR>(acc, ap, kc, wk);
      }
      return wk;
    });
    nc = nc >= NR ? nc - NR : 0;
  } while (nc != 0);
}

// The packed weights' K pairs past kc (even), up to the K block of 8 that
// qs8_packw pads to: zeros the ppmm kernels step over instead of multiplying.
NNSLIM_ALWAYS_INLINE inline const int16_t* skip_padding_pairs(const int16_t* wk, size_t kc, size_t nr) {
  return wk + ((kc + 7) / 8 * 8 - kc) * nr;
}

// Pre-widened A (qs8_packa_int16): each K pair of a row is one 32-bit lane,
// broadcast straight from memory with v128.load32_splat (a load, no
// shuffle); kc_padded = K rounded up to 2 (or further, up to 8: the
// packing's zero columns), the pairs multiplied; the weights' remaining
// padding pairs are skipped (a 27-wide stem patch is 14 pairs, not 16).
template <size_t MR, size_t NR>
NNSLIM_ALWAYS_INLINE inline void ppmm(size_t mr, size_t nc, size_t kc_padded, const int16_t* a, size_t a_stride,
                                      const void* w, int8_t* c, size_t cm_stride, size_t cn_stride,
                                      const QS8RequantParams* params) {
  assert(mr != 0 && mr <= MR);
  assert(nc != 0 && kc_padded != 0 && kc_padded % 2 == 0);
  const int16_t* rows[MR];
  rows[0] = a;
  NNSLIM_QS8_UNROLL
  for (size_t i = 1; i < MR; i++)
    rows[i] = i < mr ? reinterpret_cast<const int16_t*>(reinterpret_cast<uintptr_t>(rows[i - 1]) + a_stride)
                     : rows[i - 1];
  int8_t* out[MR];
  output_rows<MR>(out, c, mr, cm_stride);
  do {
    w = panel<MR, NR>(w, out, nc, cn_stride, params, [&](v128_t (&acc)[MR][NR / 4], const int16_t* wk) {
      const int16_t* ap[MR];
      NNSLIM_QS8_UNROLL
      for (size_t i = 0; i < MR; i++) ap[i] = rows[i];
      for (size_t k = 0; k < kc_padded; k += 2) {
        v128_t va[MR];
        NNSLIM_QS8_UNROLL
        for (size_t i = 0; i < MR; i++) {
          va[i] = wasm_v128_load32_splat(ap[i]);
          ap[i] += 2;
        }
        multiply_splat_pair<MR, NR>(acc, va, wk);
        wk += NR * 2;
      }
      return skip_padding_pairs(wk, kc_padded, NR);
    });
    nc = nc >= NR ? nc - NR : 0;
  } while (nc != 0);
}

// Pre-widened A interleaved by qs8_packa_int16_interleaved: per K pair,
// the MR rows' pairs side by side (MR 32-bit lanes), so one pointer with
// constant offsets feeds every row's splat and the loop advances one
// pointer instead of MR (fewer scalar instructions per pair).
template <size_t MR, size_t NR, Clamp kClamp = Clamp::kI32Min>
NNSLIM_ALWAYS_INLINE inline void ppmm_interleaved(size_t mr, size_t nc, size_t kc_padded, const int16_t* a,
                                                  const void* w, int8_t* c, size_t cm_stride, size_t cn_stride,
                                                  const QS8RequantParams* params) {
  assert(mr != 0 && mr <= MR);
  assert(nc != 0 && kc_padded != 0 && kc_padded % 2 == 0);
  int8_t* out[MR];
  output_rows<MR>(out, c, mr, cm_stride);
  do {
    w = panel<MR, NR, kClamp>(w, out, nc, cn_stride, params, [&](v128_t (&acc)[MR][NR / 4], const int16_t* wk) {
      const int16_t* ap = a;
      auto pair = [&]() NNSLIM_ALWAYS_INLINE {
        v128_t va[MR];
        NNSLIM_QS8_UNROLL
        for (size_t i = 0; i < MR; i++) va[i] = wasm_v128_load32_splat(ap + 2 * i);
        ap += 2 * MR;
        multiply_splat_pair<MR, NR>(acc, va, wk);
        wk += NR * 2;
      };
      // The first pair outside the loop (kc_padded >= 2): its adds read the
      // bias vectors and write the accumulators, where the loop's entry made
      // V8 copy the bias into them (6 register moves per panel).
      pair();
      for (size_t k = 2; k < kc_padded; k += 2) pair();
      return skip_padding_pairs(wk, kc_padded, NR);
    });
    nc = nc >= NR ? nc - NR : 0;
  } while (nc != 0);
}

// The GEMVs' store of 8 requantized channels (q_lo: the first 4): narrowed
// to int8, clamped to output_max, written to c[0, min(nc, 8)); c and nc
// advance past them (nc = 0 after a tail).
NNSLIM_ALWAYS_INLINE inline void store_gemv_8(int8_t*& c, size_t& nc, v128_t q_lo, v128_t q_hi, v128_t voutput_max) {
  const v128_t v16 = wasm_i16x8_narrow_i32x4(q_lo, q_hi);
  const v128_t out = wasm_i8x16_min(wasm_i8x16_narrow_i16x8(v16, v16), voutput_max);
  if NNSLIM_LIKELY(nc >= 8) {
    wasm_v128_store64_lane(c, out, 0);
    c += 8;
    nc -= 8;
  } else if (nc != 0) {
    store_tail(c, out, nc);
    nc = 0;
  }
}

// 1 x NR GEMV on int8 weights (qs8_packw_int8): per K pair, 16 weight bytes
// (8 channels x 2) are widened to two int16 vectors in the loop: with
// kLoad8x8, two i16x8.load8x8_s (load and widen in one instruction each on
// x64); else one load and i16x8.extend_{low,high}_i8x16_s (V8 widens the
// high half with two instructions).
template <size_t NR, bool kLoad8x8 = false>
NNSLIM_ALWAYS_INLINE inline void gemv_i8w(size_t nc, size_t kc, const int8_t* a, const void* w, int8_t* c,
                                          const QS8RequantParams* params) {
  static_assert(NR % 8 == 0, "NR is a multiple of 8");
  assert(nc != 0 && kc != 0);
  const v128_t vmagic = wasm_v128_load32_splat(&params->magic_bias);
  const v128_t vmagic_min = wasm_v128_load32_splat(&params->magic_min);
  const v128_t vmagic_less_zp = wasm_v128_load32_splat(&params->magic_bias_less_output_zero_point);
  const v128_t voutput_max = wasm_i8x16_splat(static_cast<int8_t>(params->output_max));
  const char* wp = static_cast<const char*>(w);
  do {
    v128_t acc[NR / 4];
    NNSLIM_QS8_UNROLL
    for (size_t n = 0; n < NR / 4; n++) acc[n] = wasm_v128_load(wp + n * 16);
    const int8_t* wk = reinterpret_cast<const int8_t*>(wp + NR * 4);
    const int8_t* ap = a;
    auto pair = [&](v128_t vpair, const int8_t* wpair) {
      NNSLIM_QS8_UNROLL
      for (size_t h = 0; h < NR / 8; h++) {
        v128_t vw_lo, vw_hi;
        if constexpr (kLoad8x8) {
          vw_lo = wasm_i16x8_load8x8(wpair + h * 16);
          vw_hi = wasm_i16x8_load8x8(wpair + h * 16 + 8);
        } else {
          const v128_t vw = wasm_v128_load(wpair + h * 16);
          vw_lo = wasm_i16x8_extend_low_i8x16(vw);
          vw_hi = wasm_i16x8_extend_high_i8x16(vw);
        }
        acc[2 * h] = wasm_i32x4_add(acc[2 * h], wasm_i32x4_dot_i16x8(vpair, vw_lo));
        acc[2 * h + 1] = wasm_i32x4_add(acc[2 * h + 1], wasm_i32x4_dot_i16x8(vpair, vw_hi));
      }
    };
    auto block = [&](v128_t va) {
      pair(wasm_i32x4_shuffle(va, va, 0, 0, 0, 0), wk);
      pair(wasm_i32x4_shuffle(va, va, 1, 1, 1, 1), wk + NR * 2);
      pair(wasm_i32x4_shuffle(va, va, 2, 2, 2, 2), wk + NR * 4);
      pair(wasm_i32x4_shuffle(va, va, 3, 3, 3, 3), wk + NR * 6);
      wk += NR * 8;
    };
    size_t k = kc;
    for (; k >= 8; k -= 8) {
      block(wasm_i16x8_load8x8(ap));
      ap += 8;
    }
    if (k != 0) block(wasm_i16x8_extend_low_i8x16(wasm_i64x2_splat(load_tail(ap, k))));
    const float* scales = reinterpret_cast<const float*>(wk);
    v128_t q[NR / 4];
    NNSLIM_QS8_UNROLL
    for (size_t n = 0; n < NR / 4; n++)
      q[n] = requantize(acc[n], wasm_v128_load(scales + n * 4), vmagic, vmagic_min, vmagic_less_zp);
    wp = reinterpret_cast<const char*>(scales + NR);
    NNSLIM_QS8_UNROLL
    for (size_t h = 0; h < NR / 8; h++) store_gemv_8(c, nc, q[2 * h], q[2 * h + 1], voutput_max);
  } while (nc != 0);
}

}  // namespace nnslim::kernels::qs8_dot16

// One file per GEMV kernel name.
#define NNSLIM_QS8_GEMV_KERNEL(NR, fn)                                                                       \
  namespace nnslim::kernels {                                                                                \
  void fn(size_t nc, size_t kc, const int8_t* a, const void* w, int8_t* c, const QS8RequantParams* params) { \
    qs8_dot16::gemv_i8w<NR>(nc, kc, a, w, c, params);                                                       \
  }                                                                                                          \
  }
#define NNSLIM_QS8_GEMV_LOAD8X8_KERNEL(NR, fn)                                                               \
  namespace nnslim::kernels {                                                                                \
  void fn(size_t nc, size_t kc, const int8_t* a, const void* w, int8_t* c, const QS8RequantParams* params) { \
    qs8_dot16::gemv_i8w<NR, true>(nc, kc, a, w, c, params);                                                 \
  }                                                                                                          \
  }

// One file per pre-widened-A kernel name.
#define NNSLIM_QS8_PPMM_KERNEL(MR, NR, fn)                                                                      \
  namespace nnslim::kernels {                                                                                   \
  void fn(size_t mr, size_t nc, size_t kc, const int16_t* a, size_t a_stride, const void* w, int8_t* c,         \
          size_t cm_stride, size_t cn_stride, const QS8RequantParams* params) {                                 \
    qs8_dot16::ppmm<MR, NR>(mr, nc, kc, a, a_stride, w, c, cm_stride, cn_stride, params);                      \
  }                                                                                                             \
  }

// One file per interleaved-A kernel name (a_stride unused: the strip is contiguous).
#define NNSLIM_QS8_PPMM_IA_KERNEL(MR, NR, fn)                                                                   \
  namespace nnslim::kernels {                                                                                   \
  void fn(size_t mr, size_t nc, size_t kc, const int16_t* a, size_t, const void* w, int8_t* c,                 \
          size_t cm_stride, size_t cn_stride, const QS8RequantParams* params) {                                 \
    qs8_dot16::ppmm_interleaved<MR, NR>(mr, nc, kc, a, w, c, cm_stride, cn_stride, params);                    \
  }                                                                                                             \
  }

// The same with the clamp after the narrows (CLAMP: Clamp::kI8 or kSat,
// qs8-requant-wasmsimd.h; weights that pass qs8_packw_accumulators_fit only).
#define NNSLIM_QS8_PPMM_IA_CLAMP_KERNEL(MR, NR, CLAMP, fn)                                                      \
  namespace nnslim::kernels {                                                                                   \
  void fn(size_t mr, size_t nc, size_t kc, const int16_t* a, size_t, const void* w, int8_t* c,                 \
          size_t cm_stride, size_t cn_stride, const QS8RequantParams* params) {                                 \
    qs8_dot16::ppmm_interleaved<MR, NR, CLAMP>(mr, nc, kc, a, w, c, cm_stride, cn_stride, params);             \
  }                                                                                                             \
  }

// One file per kernel name: the GEMM and the IGEMM of one tile.
#define NNSLIM_QS8_DOT16_KERNELS(MR, NR, gemm_fn, igemm_fn)                                                       \
  namespace nnslim::kernels {                                                                                   \
  void gemm_fn(size_t mr, size_t nc, size_t kc, const int8_t* a, size_t a_stride, const void* w, int8_t* c,     \
               size_t cm_stride, size_t cn_stride, const QS8RequantParams* params) {                            \
    qs8_dot16::gemm<MR, NR>(mr, nc, kc, a, a_stride, w, c, cm_stride, cn_stride, params);                      \
  }                                                                                                             \
  void igemm_fn(size_t mr, size_t nc, size_t kc, size_t ks, const int8_t** a, const void* w, int8_t* c,         \
                size_t cm_stride, size_t cn_stride, size_t a_offset, const int8_t* zero,                        \
                const QS8RequantParams* params) {                                                               \
    qs8_dot16::igemm<MR, NR>(mr, nc, kc, ks, a, w, c, cm_stride, cn_stride, a_offset, zero, params);           \
  }                                                                                                             \
  }
