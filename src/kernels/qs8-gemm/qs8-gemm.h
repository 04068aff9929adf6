// int8 GEMM and IGEMM microkernels (qs8: signed 8-bit activations and
// weights, int32 accumulators, fp32 requantization per output channel).
//
//   C[i, n] = requant_n(bias'[n] + sum_k A[i, k] * W[k, n])
//   bias'[n] = bias[n] - a_zero_point * sum_k W[k, n]   (folded at pack time)
// so the kernels never subtract the input zero point; padding and the
// indirection buffer's `zero` must therefore hold the INPUT ZERO POINT (the
// int8 code of real 0), not 0.
//
// Packed weights (qs8_packw_*), per panel of NR output channels:
//   NR int32 bias', then for every K block of 8 (K rounded up to 8 per
//   kernel tap, zero weights in the padding): 4 pairs (k, k+1), each NR
//   channels x 2 int16 [n0k0 n0k1 n1k0 n1k1 ...], then NR float scales.
// Weights are widened to int16 when packed, so the inner loop is one
// i32x4.dot_i16x8_s per 4 channels x 2 K steps: A is widened once per 8
// values (i16x8.load8x8_s) and each K pair is broadcast as an i32 lane.
// A relaxed-SIMD twin (i32x4.relaxed_dot_i8x16_i7x16_add) would keep the
// same list entry with its own packing; the tests walk the lists.
//
// Units as the f32 families: mr, nc counts; kc = K (int8 elements = BYTES)
// per tap; a_stride, cm_stride, cn_stride in BYTES; ks = taps * MR *
// sizeof(void*) BYTES. mr < MR is allowed (missing rows alias the last). A
// kernel never allocates, never throws, writes nothing outside C[mr, nc].
#pragma once
#include <cstddef>
#include <cstdint>

#include "kernels/qs8-requant.h"

namespace nnslim::kernels {

using QS8GemmUkernelFn = void (*)(size_t mr, size_t nc, size_t kc, const int8_t* a, size_t a_stride,
                                  const void* w, int8_t* c, size_t cm_stride, size_t cn_stride,
                                  const QS8RequantParams* params);
using QS8IgemmUkernelFn = void (*)(size_t mr, size_t nc, size_t kc, size_t ks, const int8_t** a, const void* w,
                                   int8_t* c, size_t cm_stride, size_t cn_stride, size_t a_offset,
                                   const int8_t* zero, const QS8RequantParams* params);

#define NNSLIM_QS8_GEMM_UKERNEL(mr, nr, gemm_fn, igemm_fn)                                                   \
  void gemm_fn(size_t mr_, size_t nc, size_t kc, const int8_t* a, size_t a_stride, const void* w, int8_t* c, \
               size_t cm_stride, size_t cn_stride, const QS8RequantParams* params);                          \
  void igemm_fn(size_t mr_, size_t nc, size_t kc, size_t ks, const int8_t** a, const void* w, int8_t* c,     \
                size_t cm_stride, size_t cn_stride, size_t a_offset, const int8_t* zero,                     \
                const QS8RequantParams* params);
#include "kernels/qs8-gemm/qs8-gemm-wasmsimd.inc"
#undef NNSLIM_QS8_GEMM_UKERNEL

// GEMM on A pre-widened to int16 by qs8_packa_int16 (rows of K rounded up
// to 8 int16, a_stride BYTES between rows), same packed W; kc = K rounded up
// to 2 (any even count up to that block: the pairs past K are zeros): the K
// pairs broadcast with one load32_splat each (no widening or shuffle in the
// loop; the packing is M * K work against M * N * K).
using QS8PpmmUkernelFn = void (*)(size_t mr, size_t nc, size_t kc, const int16_t* a, size_t a_stride, const void* w,
                                  int8_t* c, size_t cm_stride, size_t cn_stride, const QS8RequantParams* params);
#define NNSLIM_QS8_PPMM_UKERNEL(mr, nr, fn)                                                                  \
  void fn(size_t mr_, size_t nc, size_t kc, const int16_t* a, size_t a_stride, const void* w, int8_t* c, \
          size_t cm_stride, size_t cn_stride, const QS8RequantParams* params);
#include "kernels/qs8-gemm/qs8-ppmm-wasmsimd.inc"
#undef NNSLIM_QS8_PPMM_UKERNEL

struct QS8PpmmUkernelInfo {
  const char* name;
  size_t mr;
  size_t nr;
  QS8PpmmUkernelFn fn;
};
const QS8PpmmUkernelInfo* qs8_ppmm_ukernels(size_t* count);

// The same kernels on A interleaved by qs8_packa_int16_interleaved (the
// MR rows of a strip pair by pair; a_stride is unused).
void qs8_ppmm_minmax_fp32_ukernel_4x8c2__wasmsimd_dot16_splat_ia(size_t mr, size_t nc, size_t kc, const int16_t* a,
                                                                size_t a_stride, const void* w, int8_t* c,
                                                                size_t cm_stride, size_t cn_stride,
                                                                const QS8RequantParams* params);
const QS8PpmmUkernelInfo* qs8_ppmm_interleaved_ukernels(size_t* count);

// The 4x8 interleaved kernel with the requantization's lower clamp in int8,
// after the narrows (one i8x16.max per 16 outputs instead of four
// i32x4.max): the same outputs as the kernel above, but only for weights
// whose every accumulator is small enough for the magic bias to be exact
// (qs8_packw_accumulators_fit).
void qs8_ppmm_minmax_fp32_ukernel_4x8c2__wasmsimd_dot16_splat_ia_i8min(size_t mr, size_t nc, size_t kc,
                                                                      const int16_t* a, size_t a_stride,
                                                                      const void* w, int8_t* c, size_t cm_stride,
                                                                      size_t cn_stride,
                                                                      const QS8RequantParams* params);
// Its twin with no clamp instruction, for the same weights when the output
// range is the whole int8 range (qs8_requant_full_range): the saturating
// narrows are the clamp.
void qs8_ppmm_minmax_fp32_ukernel_4x8c2__wasmsimd_dot16_splat_ia_i8sat(size_t mr, size_t nc, size_t kc,
                                                                      const int16_t* a, size_t a_stride,
                                                                      const void* w, int8_t* c, size_t cm_stride,
                                                                      size_t cn_stride,
                                                                      const QS8RequantParams* params);

// Whether every output channel of weights packed by qs8_packw(nr, n, taps,
// kc, ...) keeps |acc * scale| <= 2^21 for any int8 input: the accumulator
// is bias' + sum_k x_k w_k with x_k in [-128, 127], so |acc| <= |bias'| +
// 128 * sum_k |w_k| (read from the packing). Then float(acc) * scale + 1.5 *
// 2^23 is exact up to its rounding to an integer (|f| < 2^22), which the
// *_i8min kernels need. False for a non-finite scale.
bool qs8_packw_accumulators_fit(size_t nr, size_t n, size_t taps, size_t kc, const void* packed);

// Rows [0, m) of A widened to int16 in strips of mr rows: strip s (rows
// s*mr ..) at out + s * mr * kp (kp = K rounded up to 8), holding for each
// K pair p the mr rows' (A[r][2p], A[r][2p+1]) in row order; zeros past K
// and for the rows past m of the last strip.
void qs8_packa_int16_interleaved(size_t mr, size_t m, size_t k, const int8_t* a, size_t a_stride, int16_t* out);

// Widens rows [0, m) of A (a_stride ELEMENTS) to int16 rows of
// round_up(k, 8) values (zeros past k) at out + i * round_up(k, 8).
void qs8_packa_int16(size_t m, size_t k, const int8_t* a, size_t a_stride, int16_t* out);

// Batch-1 GEMV kernels (1 x NR) on weights kept int8 (qs8_packw_int8: the
// qs8_packw layout with int8 instead of int16 weights, half the bytes to
// stream) and widened in the loop (i16x8.extend_{low,high}_i8x16_s):
// c[0, nc) = requant(a[0, kc) * W).
using QS8GemvUkernelFn = void (*)(size_t nc, size_t kc, const int8_t* a, const void* w, int8_t* c,
                                  const QS8RequantParams* params);
#define NNSLIM_QS8_GEMV_UKERNEL(nr, fn) \
  void fn(size_t nc, size_t kc, const int8_t* a, const void* w, int8_t* c, const QS8RequantParams* params);
#include "kernels/qs8-gemm/qs8-gemv-wasmsimd.inc"
#undef NNSLIM_QS8_GEMV_UKERNEL

struct QS8GemvUkernelInfo {
  const char* name;
  size_t nr;
  QS8GemvUkernelFn fn;
};
const QS8GemvUkernelInfo* qs8_gemv_ukernels(size_t* count);
// The best of these (pack with qs8_packw_int8 and its NR): the runtime's
// batch-1 kernel until the sra packing (qs8-gemv-sra.h), which runs the same
// sums in fewer vector ops; kept for the kernel bench and the tests.
QS8GemvUkernelInfo qs8_gemv_default_ukernel();

struct QS8GemmUkernelInfo {
  const char* name;
  size_t mr;
  size_t nr;
  QS8GemmUkernelFn gemm;
  QS8IgemmUkernelFn igemm;
};
// Every qs8 GEMM/IGEMM kernel pair (the list the tests and benchmarks walk).
const QS8GemmUkernelInfo* qs8_gemm_ukernels(size_t* count);

// The K block of the packing (A is read 8 values at a time).
constexpr size_t kQS8GemmKBlock = 8;

// Bytes of packed weights for n output channels, `taps` kernel taps of kc
// input channels each (GEMM: taps = 1, kc = K).
size_t qs8_packw_size(size_t nr, size_t n, size_t taps, size_t kc);

// Packs W given by element strides: W(n, tap, c) = w[n * n_stride + tap *
// tap_stride + c * c_stride] (Gemm transB: n_stride = K, c_stride = 1;
// MatMul [K, N]: n_stride = 1, c_stride = N; Conv OIHW: n_stride = C*KH*KW,
// tap_stride = 1, c_stride = KH*KW). bias: n int32 or null; scales: n floats
// (s_a * s_w[n] / s_c: the requantization multiplier per output channel).
void qs8_packw(size_t nr, size_t n, size_t taps, size_t kc, const int8_t* w, size_t n_stride, size_t tap_stride,
               size_t c_stride, const int32_t* bias, const float* scales, int32_t a_zero_point, void* packed);

// qs8_packw's layout with int8 weights (the GEMV kernels'), taps = 1.
size_t qs8_packw_int8_size(size_t nr, size_t n, size_t kc);
void qs8_packw_int8(size_t nr, size_t n, size_t kc, const int8_t* w, size_t n_stride, size_t c_stride,
                    const int32_t* bias, const float* scales, int32_t a_zero_point, void* packed);

// The oracle on UNPACKED operands (element strides):
//   C[i, j] = requant(bias[j] + sum_k (A[i, k] - a_zero_point) * B[k, j])
// B row-major [K, N]; bias may be null.
void qs8_gemm_reference(size_t m, size_t n, size_t k, const int8_t* a, size_t a_stride, int32_t a_zero_point,
                        const int8_t* b, size_t b_stride, const int32_t* bias, const float* scales, int8_t* c,
                        size_t c_stride, int32_t c_zero_point, int32_t qmin, int32_t qmax);

}  // namespace nnslim::kernels
