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

template <size_t MR, size_t NR>
NNSLIM_ALWAYS_INLINE inline void gemm(size_t mr, size_t nc, size_t kc, const int8_t* a, size_t a_stride,
                                      const void* w, int8_t* c, size_t cm_stride, size_t cn_stride,
                                      const QS8RequantParams* params) {
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

}  // namespace nnslim::kernels::qs8_dot7

#define NNSLIM_QS8_DOT7_KERNEL(MR, NR, fn)                                                                       \
  namespace nnslim::kernels {                                                                                   \
  void fn(size_t mr, size_t nc, size_t kc, const int8_t* a, size_t a_stride, const void* w, int8_t* c,          \
          size_t cm_stride, size_t cn_stride, const QS8RequantParams* params) {                                 \
    qs8_dot7::gemm<MR, NR>(mr, nc, kc, a, a_stride, w, c, cm_stride, cn_stride, params);                       \
  }                                                                                                             \
  }
