// int8 GEMM microkernels for 7-bit WEIGHTS (qs8 "dot7w"): A any int8,
// weights in -64..63, int32 accumulators, fp32 requantization per channel.
// The mirror of qs8-dot7.h (7-bit activations): here the weights are the
// relaxed dot's 7-bit operand, packed as w' = w + 64 in 0..127, and A is the
// signed one, so the dot is exact and engine-independent for every int8
// activation (pair sums |a0 w'0 + a1 w'1| <= 2 * 128 * 127 = 32512: no int16
// saturation; i8-dot7.h). The kernels subtract 64 * sum_k A[i, k] from row
// i's accumulators (qs8-dot7w-row-offset.h):
//
//   C[i, n] = requant_n(bias'[n] + sum_k A[i, k] * W'[k, n] - 64 * sum_k A[i, k])
//
// Same signature, tiles, packing layout (qs8_packw_c4, weights + 64) and
// driver (qs8_gemm_dot7) as the dot7 kernels. For a model quantized with
// 7-bit weights (quantize({ weightBits: 7 })), or any int8 model whose
// layer's weights happen to fit in -64..63.
#pragma once
#include <cstddef>
#include <cstdint>

#include "kernels/qs8-dot7/qs8-dot7.h"

namespace nnslim::kernels {

#define NNSLIM_QS8_DOT7W_UKERNEL(mr, nr, fn)                                                                \
  void fn(size_t mr_, size_t nc, size_t kc, const int8_t* a, size_t a_stride, const void* w, int8_t* c, \
          size_t cm_stride, size_t cn_stride, const QS8RequantParams* params);
#include "kernels/qs8-dot7w/qs8-dot7w-wasmsimd.inc"
#undef NNSLIM_QS8_DOT7W_UKERNEL

// Every dot7w kernel (the list the tests and benchmarks walk; both builds).
const QS8Dot7UkernelInfo* qs8_dot7w_ukernels(size_t* count);

// Whether every one of the `count` weights is in -64..63 (a dot7w GEMM's
// weights).
bool qs8_weights_fit_7bit(const int8_t* w, size_t count);

// qs8_packw_c4's layout with every weight byte stored as w + 64 (0..127 for
// weights in -64..63; the bias' and scales as qs8_packw_c4 writes them).
void qs8_packw_c4_w7(size_t nr, size_t n, size_t kc, const int8_t* w, size_t n_stride, size_t c_stride,
                     const int32_t* bias, const float* scales, int32_t a_zero_point, void* packed);

// The runtime's dot7w tiles; kernels only where qs8_dot7_native() (the
// plain module names none, so their code stays out of it).
QS8Dot7Config qs8_dot7w_default_config();

}  // namespace nnslim::kernels
