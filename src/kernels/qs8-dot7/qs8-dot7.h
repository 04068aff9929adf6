// int8 GEMM microkernels for 7-bit activations (qs8 "dot7"): A in 0..127,
// signed int8 weights, int32 accumulators, fp32 requantization per channel:
//
//   C[i, n] = requant_n(bias'[n] + sum_k A[i, k] * W[k, n]),
//   bias'[n] = bias[n] - a_zero_point * sum_k W[k, n]   (folded at pack time)
//
// One i32x4 lane sums 4 K steps of one channel with i8-dot7.h's
// i32x4_dot_i8x16_i7x16_add (the relaxed 8-bit dot in the relaxed build):
// 16 MACs per dot against the plain kernels' 8 (qs8-gemm.h, weights widened
// to int16). The relaxed dot is exact and engine-independent only while A
// is in 0..127 (i8-dot7.h), so these kernels are for activations whose
// producer guarantees it: the output of a Relu / Clip(min >= 0) quantized
// with a zero point >= 0 (symmetric activations). Other activations stay on
// the qs8-gemm kernels.
//
// Packed weights (qs8_packw_c4), per panel of NR output channels: NR int32
// bias', then per K quad (K rounded up to 4, zero weights in the padding)
// NR channels x 4 int8 [n0k0 n0k1 n0k2 n0k3 n1k0 ...], then NR float scales.
// A rows are read in place (a_stride BYTES), 4 bytes per K quad; a K tail
// reads only its valid bytes. Units as qs8-gemm.h; mr < MR allowed (missing
// rows alias the last). A kernel never allocates, never throws, writes
// nothing outside C[mr, nc].
#pragma once
#include <cstddef>
#include <cstdint>

#include "kernels/qs8-requant.h"

namespace nnslim::kernels {

using QS8Dot7UkernelFn = void (*)(size_t mr, size_t nc, size_t kc, const int8_t* a, size_t a_stride, const void* w,
                                  int8_t* c, size_t cm_stride, size_t cn_stride, const QS8RequantParams* params);
#define NNSLIM_QS8_DOT7_UKERNEL(mr, nr, fn)                                                                 \
  void fn(size_t mr_, size_t nc, size_t kc, const int8_t* a, size_t a_stride, const void* w, int8_t* c, \
          size_t cm_stride, size_t cn_stride, const QS8RequantParams* params);
#include "kernels/qs8-dot7/qs8-dot7-wasmsimd.inc"
#undef NNSLIM_QS8_DOT7_UKERNEL

struct QS8Dot7UkernelInfo {
  const char* name;
  size_t mr;
  size_t nr;
  QS8Dot7UkernelFn fn;
};
// Every dot7 kernel (the list the tests and benchmarks walk; both builds).
const QS8Dot7UkernelInfo* qs8_dot7_ukernels(size_t* count);

// Whether the dot is the relaxed instruction in this build (the relaxed
// module): only then is a dot7 GEMM faster than the qs8-gemm kernels.
bool qs8_dot7_native();

constexpr size_t kQS8Dot7KBlock = 4;

size_t qs8_packw_c4_size(size_t nr, size_t n, size_t kc);
// W(n, c) = w[n * n_stride + c * c_stride]; bias n int32 or null; scales n
// floats (the requantization multipliers); a_zero_point folded into bias'.
void qs8_packw_c4(size_t nr, size_t n, size_t kc, const int8_t* w, size_t n_stride, size_t c_stride,
                  const int32_t* bias, const float* scales, int32_t a_zero_point, void* packed);

// A GEMM on an MR x NR kernel, with an optional 1 x NR kernel (same NR) for
// single-row strips.
struct QS8Dot7Config {
  const char* name;
  size_t mr;
  size_t nr;
  QS8Dot7UkernelFn gemm;
  QS8Dot7UkernelFn gemm_1;  // or null
};
// The runtime's tiles (bench/kernels/qs8_gemm_bench.cc --dot7); only
// meaningful where qs8_dot7_native().
QS8Dot7Config qs8_dot7_default_config();

// C[M, N] (c_stride ELEMENTS) = requant(A[M, K] (a_stride ELEMENTS, every
// value in 0..127) * W); packed_w from qs8_packw_c4(config.nr, N, K, ...).
// Rows in strips of MR, columns in blocks of ~256 KiB of packed weights.
void qs8_gemm_dot7(const QS8Dot7Config& config, size_t m, size_t n, size_t k, const int8_t* a, size_t a_stride,
                   const void* packed_w, int8_t* c, size_t c_stride, const QS8RequantParams& params);

}  // namespace nnslim::kernels
