// f32 x int8 weights ("qc8w": per-channel int8 weights, XNNPACK's name):
// C = clamp(A[M, K] * dequant(W) + bias) for weight-only quantized models,
// whose activations stay f32 and whose weights are int8 with one f32 scale
// per output column (w = scale[n] * w_q[k, n], zero point 0).
//
// At batch 1 a dense layer reads every weight once, so it is bound by
// reading the weights: reading int8 instead of f32 is 4x less traffic. The
// GEMV kernels widen int8 -> int32 -> f32 in registers and apply the scale
// once per column at the end:
//     c[n] = clamp(scale[n] * sum_k a[k] * w_q[k, n] + bias[n])
// This is the f32 sum of an f32 GEMV over the integer weights; applying the
// scale after the sum instead of to each weight changes the result by
// rounding only (one product per column instead of K).
// For M > 1 the runtime dequantizes blocks of panels into the f32 GEMM's
// packed layout (f32_qc8w_dequantize_panels) and runs the f32 GEMM on them:
// the conversion is then paid once per weight for all M rows.
//
// Packed layout (NR = the kernel's column tile): for each panel of NR output
// columns, NR f32 biases, NR f32 scales, then for each k (K-major) the NR int8
// weights w_q[k, n0 .. n0+NR-1]. Columns past N are zero (bias, scale and
// weights). Panel bytes: f32_qc8w_panel_bytes(nr, k).
#pragma once
#include <cstddef>
#include <cstdint>

#include "kernels/microparams.h"

namespace nnslim::kernels {

inline size_t f32_qc8w_panel_bytes(size_t nr, size_t k) { return nr * 2 * sizeof(float) + nr * k; }
inline size_t f32_qc8w_packw_size(size_t nr, size_t n, size_t k) {
  return divide_round_up(n, nr) * f32_qc8w_panel_bytes(nr, k);
}

// w_q(n, kk) = w[n * n_stride + kk * k_stride] (elements): [N, K] row-major
// is n_stride K, k_stride 1; [K, N] is n_stride 1, k_stride N.
// bias: N values or null (zeros); scales: N values, or 1 (per-tensor).
void f32_qc8w_packw(size_t nr, size_t n, size_t k, const int8_t* w, size_t n_stride, size_t k_stride,
                    const float* bias, const float* scales, size_t scale_count, void* packed);

// nc = output columns; k = K (elements). a: K floats; w: packed with this
// kernel's NR; c: nc floats (nothing past c[nc - 1] is written).
using F32Qc8wGemvUkernelFn = void (*)(size_t nc, size_t k, const float* a, const void* w, float* c,
                                      const F32MinMaxParams* params);

#define NNSLIM_F32_QC8W_GEMV_UKERNEL(nr, fn) \
  void fn(size_t nc, size_t k, const float* a, const void* w, float* c, const F32MinMaxParams* params);
#include "kernels/f32-qc8w-gemm/f32-qc8w-gemv.inc"
#undef NNSLIM_F32_QC8W_GEMV_UKERNEL

struct F32Qc8wGemvUkernelInfo {
  const char* name;
  size_t nr;
  F32Qc8wGemvUkernelFn fn;
};
// Every f32 x int8 GEMV microkernel (scalar reference and wasm SIMD).
const F32Qc8wGemvUkernelInfo* f32_qc8w_gemv_ukernels(size_t* count);
// The wasm SIMD kernel the runtime uses for M = 1 (pack with its NR).
F32Qc8wGemvUkernelInfo f32_qc8w_gemv_default_ukernel();

// Dequantizes `panels` consecutive packed panels (K rows of NR int8 each) into
// the f32 GEMM's packed layout (kernels/f32-packw): per panel NR biases, then
// K rows of NR floats scale[n] * w_q[k, n]. out: panels * NR * (K + 1) floats.
using F32Qc8wDequantizeFn = void (*)(size_t nr, size_t k, size_t panels, const void* packed, float* out);
// Scalar reference (any NR) and wasm SIMD (NR a multiple of 8).
void f32_qc8w_dequantize_panels__scalar(size_t nr, size_t k, size_t panels, const void* packed, float* out);
void f32_qc8w_dequantize_panels__wasmsimd(size_t nr, size_t k, size_t panels, const void* packed, float* out);

}  // namespace nnslim::kernels
