// Batch-1 qs8 GEMV on int8 weights packed two per int16 lane ("sra": the
// high byte recovered by one arithmetic shift), so that a 16-byte weight
// vector feeds two i32x4.dot_i16x8_s with one widening op instead of two.
//
// Layout (qs8_packw_sra): per panel of NR channels (NR % 8 == 0), NR int32
// biases, then per K pair and per group g of 8 channels 16 bytes: int16
// lane 2j + kk (j = 0..3, kk = 0..1) holds
//     low byte  w(8g + j,     k + kk) + 128  (0..255, unsigned)
//     high byte w(8g + 4 + j, k + kk)        (signed)
// i.e. r = 256 * w_hi + w_lo + 128. With x_k widened to int16 and the pair
// (x_k, x_k+1) splatted as one int32:
//     dot(x, r)         = 256 * S_hi + S_lo + 128 * (x_k + x_k+1)
//     dot(x, r >>s 8)   = S_hi
// so S_lo = sum dot(x, r) - 256 * sum dot(x, r >> 8) - 128 * sum_k x_k,
// exact in wrapping int32 arithmetic (only the final S_lo, S_hi need to fit).
// The bias words of the low channels hold b_lo + 256 * b_hi (mod 2^32) so
// that the accumulators start at the biases; then NR float scales.
// Per 32 MACs: 2 weight loads, 2 shifts, 4 dots, 4 adds (the int8 layout
// widened by i16x8.load8x8_s: 4 widening loads, 4 dots, 4 adds and a
// shuffle for the x pair).
#pragma once
#include <cstddef>
#include <cstdint>

#include "kernels/qs8-gemm/qs8-gemm.h"

namespace nnslim::kernels {

// c[0, nc) = requant(a[0, kc) * W). a: the input widened by
// qs8_gemv_sra_widen_input (round_up(kc, 8) int16 values, zeros past kc);
// a_sum: its return value (the sum of the kc inputs).
using QS8GemvSraUkernelFn = void (*)(size_t nc, size_t kc, const int16_t* a, int32_t a_sum, const void* w, int8_t* c,
                                     const QS8RequantParams* params);
#define NNSLIM_QS8_GEMV_SRA_UKERNEL(nr, fn)                                                                 \
  void fn(size_t nc, size_t kc, const int16_t* a, int32_t a_sum, const void* w, int8_t* c, \
          const QS8RequantParams* params);
#include "kernels/qs8-gemm/qs8-gemv-sra-wasmsimd.inc"
#undef NNSLIM_QS8_GEMV_SRA_UKERNEL

struct QS8GemvSraUkernelInfo {
  const char* name;
  size_t nr;
  QS8GemvSraUkernelFn fn;
};
const QS8GemvSraUkernelInfo* qs8_gemv_sra_ukernels(size_t* count);
// The runtime's batch-1 kernel (qs8_gemm_step.cc).
QS8GemvSraUkernelInfo qs8_gemv_sra_default_ukernel();

// int16 values the widened input takes: round_up(kc, 8).
size_t qs8_gemv_sra_input_size(size_t kc);
// out[0, kc) = a[0, kc) as int16, zeros up to round_up(kc, 8); returns
// sum_k a[k].
int32_t qs8_gemv_sra_widen_input(size_t kc, const int8_t* a, int16_t* out);

// Same size as qs8_packw_int8; same arguments (W(n, c) = w[n * n_stride +
// c * c_stride], bias n int32 or null, scales n floats, the input zero point
// folded into the bias).
size_t qs8_packw_sra_size(size_t nr, size_t n, size_t kc);
void qs8_packw_sra(size_t nr, size_t n, size_t kc, const int8_t* w, size_t n_stride, size_t c_stride,
                   const int32_t* bias, const float* scales, int32_t a_zero_point, void* packed);

}  // namespace nnslim::kernels
