// The wasm SIMD128 GEMV on the sra packing (qs8-gemv-sra.h gives the layout
// and the identity), written once for NR = 8, 16, 32.
//
// Per K pair: the pair of widened inputs as one int32 lane (v128.load32_splat
// from the widened row: a load, no shuffle), then per group of 8 channels one
// weight load r, acc_raw += dot(x, r), acc_hi += dot(x, r >>s 8). Per panel
// end: low channels = acc_raw - (acc_hi << 8) (the 128 * sum x correction
// taken off at the start), high channels = acc_hi; then the requantization of
// the int8 GEMV (qs8-gemm-wasmsimd-dot16.h).
#pragma once
#include <cassert>
#include <cstddef>
#include <cstdint>

#include "kernels/qs8-gemm/qs8-gemm-wasmsimd-dot16.h"
#include "kernels/qs8-gemm/qs8-gemv-sra.h"

namespace nnslim::kernels::qs8_dot16 {

template <size_t NR>
NNSLIM_ALWAYS_INLINE inline void gemv_sra(size_t nc, size_t kc, const int16_t* a, int32_t a_sum, const void* w,
                                          int8_t* c, const QS8RequantParams* params) {
  static_assert(NR % 8 == 0, "NR is a multiple of 8");
  constexpr size_t G = NR / 8;  // groups of 8 channels: one weight vector per K pair each
  assert(nc != 0 && kc != 0);
  const v128_t vmagic = wasm_v128_load32_splat(&params->magic_bias);
  const v128_t vmagic_min = wasm_v128_load32_splat(&params->magic_min);
  const v128_t vmagic_less_zp = wasm_v128_load32_splat(&params->magic_bias_less_output_zero_point);
  const v128_t voutput_max = wasm_i8x16_splat(static_cast<int8_t>(params->output_max));
  // 128 * sum x (wrapping: only the final sums need to fit in int32).
  const v128_t vcorrection = wasm_i32x4_splat(static_cast<int32_t>(static_cast<uint32_t>(a_sum) << 7));
  const size_t blocks = (kc + 7) / 8;
  const char* wp = static_cast<const char*>(w);
  do {
    v128_t acc_raw[G], acc_hi[G];
    NNSLIM_QS8_UNROLL
    for (size_t g = 0; g < G; g++) {
      acc_raw[g] = wasm_i32x4_sub(wasm_v128_load(wp + g * 32), vcorrection);
      acc_hi[g] = wasm_v128_load(wp + g * 32 + 16);
    }
    const v128_t* wk = reinterpret_cast<const v128_t*>(wp + NR * 4);
    const int16_t* ap = a;
    for (size_t b = 0; b < blocks; b++) {
      NNSLIM_QS8_UNROLL
      for (size_t p = 0; p < 4; p++) {
        const v128_t vx = wasm_v128_load32_splat(ap + 2 * p);
        NNSLIM_QS8_UNROLL
        for (size_t g = 0; g < G; g++) {
          const v128_t r = wasm_v128_load(wk + p * G + g);
          acc_raw[g] = wasm_i32x4_add(acc_raw[g], wasm_i32x4_dot_i16x8(vx, r));
          acc_hi[g] = wasm_i32x4_add(acc_hi[g], wasm_i32x4_dot_i16x8(vx, wasm_i16x8_shr(r, 8)));
        }
      }
      wk += 4 * G;
      ap += 8;
    }
    const float* scales = reinterpret_cast<const float*>(wk);
    wp = reinterpret_cast<const char*>(scales + NR);
    NNSLIM_QS8_UNROLL
    for (size_t g = 0; g < G; g++) {
      const v128_t lo = wasm_i32x4_sub(acc_raw[g], wasm_i32x4_shl(acc_hi[g], 8));
      const v128_t q_lo = requantize(lo, wasm_v128_load(scales + g * 8), vmagic, vmagic_min, vmagic_less_zp);
      const v128_t q_hi = requantize(acc_hi[g], wasm_v128_load(scales + g * 8 + 4), vmagic, vmagic_min, vmagic_less_zp);
      store_gemv_8(c, nc, q_lo, q_hi, voutput_max);
    }
  } while (nc != 0);
}

}  // namespace nnslim::kernels::qs8_dot16

// One file per kernel name.
#define NNSLIM_QS8_GEMV_SRA_KERNEL(NR, fn)                                                                   \
  namespace nnslim::kernels {                                                                                \
  void fn(size_t nc, size_t kc, const int16_t* a, int32_t a_sum, const void* w, int8_t* c,                   \
          const QS8RequantParams* params) {                                                                  \
    qs8_dot16::gemv_sra<NR>(nc, kc, a, a_sum, w, c, params);                                                 \
  }                                                                                                          \
  }
