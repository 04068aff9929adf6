// The dot7 GEMM tile (qs8-dot7.h), written once for every MR x NR (NR = 8
// or 16) and instantiated by one small file per kernel name.
//
// Per K quad and row i: the row's 4 bytes broadcast to every lane
// (v128.load32_splat); per 4 channels one i32x4_dot_i8x16_i7x16_add against
// the packed quad (16 MACs). Bias, requantization and stores are the qs8
// dot16 tile's (qs8_dot16::panel).
#pragma once
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "kernels/qs8-dot7/i8-dot7.h"
#include "kernels/qs8-dot7/qs8-dot7.h"
#include "kernels/qs8-dot7w/qs8-dot7w-row-offset.h"
#include "kernels/qs8-dot7w/qs8-dot7w.h"
#include "kernels/qs8-gemm/qs8-gemm-wasmsimd-dot16.h"

namespace nnslim::kernels::qs8_dot7 {

// The k (1..3) bytes at p in the low bytes of a 32-bit lane, zeros above.
NNSLIM_ALWAYS_INLINE inline v128_t splat_tail(const int8_t* p, size_t k) {
  uint32_t bytes = 0;
  for (size_t t = 0; t < k; t++) bytes |= static_cast<uint32_t>(static_cast<uint8_t>(p[t])) << (8 * t);
  return wasm_i32x4_splat(static_cast<int32_t>(bytes));
}

template <size_t MR, size_t NR>
NNSLIM_ALWAYS_INLINE inline void multiply_quad(v128_t (&acc)[MR][NR / 4], const v128_t (&va)[MR], const int8_t* w) {
  NNSLIM_QS8_UNROLL
  for (size_t n = 0; n < NR / 4; n++) {
    const v128_t vw = wasm_v128_load(w + n * 16);
    NNSLIM_QS8_UNROLL
    for (size_t i = 0; i < MR; i++) acc[i][n] = i32x4_dot_i8x16_i7x16_add(vw, va[i], acc[i][n]);
  }
}

// kW7: the quad's NR / 4 weight vectors first, then row by row one A splat
// (load_a(i)) and NR / 4 dots with A as the signed operand and the weights
// (w + 64) as the 7-bit one. (At most NR / 4 + 1 vectors live besides the
// accumulators; in V8 this order measured the same as multiply_quad's.)
template <size_t MR, size_t NR, typename LoadA>
NNSLIM_ALWAYS_INLINE inline void multiply_quad_w7(v128_t (&acc)[MR][NR / 4], LoadA&& load_a, const int8_t* w) {
  v128_t vw[NR / 4];
  NNSLIM_QS8_UNROLL
  for (size_t n = 0; n < NR / 4; n++) vw[n] = wasm_v128_load(w + n * 16);
  NNSLIM_QS8_UNROLL
  for (size_t i = 0; i < MR; i++) {
    const v128_t va = load_a(i);
    NNSLIM_QS8_UNROLL
    for (size_t n = 0; n < NR / 4; n++) acc[i][n] = i32x4_dot_i8x16_i7x16_add(va, vw[n], acc[i][n]);
  }
}

// The dot7w tile: weights packed as w + 64 are the dot's 7-bit operand, A
// (any int8) the signed one; each row's 64 * sum(A row) (row_offset) is
// computed once per call (the frame's row prologue) and subtracted at the
// start of every panel. (Forced-inline lambda: with this path's extra code
// clang outlined it, and the 4x8 tile ran 1.5x slower.)
template <size_t MR, size_t NR>
NNSLIM_ALWAYS_INLINE inline void gemm_w7(size_t mr, size_t nc, size_t kc, const int8_t* a, size_t a_stride,
                                         const void* w, int8_t* c, size_t cm_stride, size_t cn_stride,
                                         const QS8RequantParams* params) {
  int32_t offset[MR];
  qs8_dot16::gemm_frame<MR, NR>(
      mr, nc, kc, a, a_stride, w, c, cm_stride, cn_stride, params,
      [&](const int8_t* const (&rows)[MR]) NNSLIM_ALWAYS_INLINE {
        NNSLIM_QS8_UNROLL
        for (size_t i = 0; i < MR; i++) offset[i] = qs8_dot7w::row_offset(rows[i], kc);
      },
      [&](v128_t (&acc)[MR][NR / 4], const int8_t* (&ap)[MR], const int16_t* w16) NNSLIM_ALWAYS_INLINE {
        // panel() hands the weights past the bias as int16_t*; this packing's are bytes.
        const int8_t* wk = reinterpret_cast<const int8_t*>(w16);
        NNSLIM_QS8_UNROLL
        for (size_t i = 0; i < MR; i++) {
          const v128_t voffset = wasm_i32x4_splat(offset[i]);
          for (size_t n = 0; n < NR / 4; n++) acc[i][n] = wasm_i32x4_sub(acc[i][n], voffset);
        }
        size_t k = kc;
        for (; k >= 4; k -= 4) {
          multiply_quad_w7<MR, NR>(acc, [&](size_t i) {
            const v128_t va = wasm_v128_load32_splat(ap[i]);
            ap[i] += 4;
            return va;
          }, wk);
          wk += NR * 4;
        }
        if (k != 0) {
          multiply_quad_w7<MR, NR>(acc, [&](size_t i) { return splat_tail(ap[i], k); }, wk);
          wk += NR * 4;
        }
        return reinterpret_cast<const int16_t*>(wk);
      });
}

template <size_t MR, size_t NR, bool kW7 = false>
NNSLIM_ALWAYS_INLINE inline void gemm(size_t mr, size_t nc, size_t kc, const int8_t* a, size_t a_stride,
                                      const void* w, int8_t* c, size_t cm_stride, size_t cn_stride,
                                      const QS8RequantParams* params) {
  if constexpr (kW7) {
    gemm_w7<MR, NR>(mr, nc, kc, a, a_stride, w, c, cm_stride, cn_stride, params);
  } else {
    qs8_dot16::gemm_frame<MR, NR>(
        mr, nc, kc, a, a_stride, w, c, cm_stride, cn_stride, params,
        [&](v128_t (&acc)[MR][NR / 4], const int8_t* (&ap)[MR], const int16_t* w16) NNSLIM_ALWAYS_INLINE {
          // panel() hands the weights past the bias as int16_t*; this packing's are bytes.
          const int8_t* wk = reinterpret_cast<const int8_t*>(w16);
          qs8_dot16::for_each_k_block<MR, 4>(
              ap, kc, [](const int8_t* p) NNSLIM_ALWAYS_INLINE { return wasm_v128_load32_splat(p); }, splat_tail,
              [&](const v128_t (&va)[MR]) NNSLIM_ALWAYS_INLINE {
                multiply_quad<MR, NR>(acc, va, wk);
                wk += NR * 4;
              });
          return reinterpret_cast<const int16_t*>(wk);
        });
  }
}

}  // namespace nnslim::kernels::qs8_dot7

#define NNSLIM_QS8_DOT7_KERNEL(MR, NR, fn)                                                                       \
  namespace nnslim::kernels {                                                                                   \
  void fn(size_t mr, size_t nc, size_t kc, const int8_t* a, size_t a_stride, const void* w, int8_t* c,          \
          size_t cm_stride, size_t cn_stride, const QS8RequantParams* params) {                                 \
    qs8_dot7::gemm<MR, NR>(mr, nc, kc, a, a_stride, w, c, cm_stride, cn_stride, params);                       \
  }                                                                                                             \
  }

#define NNSLIM_QS8_DOT7W_KERNEL(MR, NR, fn)                                                                      \
  namespace nnslim::kernels {                                                                                   \
  void fn(size_t mr, size_t nc, size_t kc, const int8_t* a, size_t a_stride, const void* w, int8_t* c,          \
          size_t cm_stride, size_t cn_stride, const QS8RequantParams* params) {                                 \
    qs8_dot7::gemm<MR, NR, true>(mr, nc, kc, a, a_stride, w, c, cm_stride, cn_stride, params);                 \
  }                                                                                                             \
  }
