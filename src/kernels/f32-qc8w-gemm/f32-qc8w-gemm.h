// f32 x int8 weights ("qc8w": per-channel int8 weights, XNNPACK's name):
// C = clamp(A[M, K] * dequant(W) + bias) for weight-only quantized models,
// whose activations stay f32 and whose weights are int8 with one f32 scale
// per output column (w = scale[n] * w_q[k, n], zero point 0).
//
// At batch 1 a dense layer reads every weight once, so it is bound by
// reading the weights: reading int8 instead of f32 is 4x less traffic. Two
// batch-1 paths:
// - the f32 GEMV kernels below (f32-qc8w-gemv.inc) widen int8 -> int32 ->
//   f32 in registers and apply the scale once per column at the end:
//       c[n] = clamp(scale[n] * sum_k a[k] * w_q[k, n] + bias[n])
//   (the f32 sum of an f32 GEMV over the integer weights; the scale after
//   the sum instead of on each weight changes the result by rounding only).
//   The widening costs more instructions than the lighter traffic saves
//   while f32 weights fit in L3 (1.35-1.56x the f32 MLP): not used by the
//   runtime, kept as the family's measured alternative;
// - the integer-dot path further down (int16 activations, "c2" packing):
//   the runtime's (steps/weight_only_gemm_step.h).
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
// The fastest wasm SIMD kernel of that list (benchmarks; pack with its NR).
F32Qc8wGemvUkernelInfo f32_qc8w_gemv_default_ukernel();

// Batch 1 on the integer dot product (XNNPACK's "qd8-f32-qc8w" idea with
// 16-bit activations): the row a[K] is quantized per call to int16,
//     a ~ s_a * a_q,  s_a = max|a| / qmax,  a_q = round_half_even(a / s_a),
// and c[n] = clamp(float(sum_k a_q[k] * w_q[k, n]) * (s_a * scale[n]) + bias[n])
// with exact int32 sums (i32x4.dot_i16x8_s: 8 multiply-adds per
// instruction and no int8 -> f32 conversion in the loop). qmax keeps every
// int32 sum in range: |a_q| * 128 * round_up(K, 2) < 2^31, at most 8191, so
// the activation's rounding error is at most 2^-14 of max|a| (K <= 2048):
// in the outputs ~10x below the int8 weights' own. A row with a NaN or an
// infinity is not quantized: f32_qc8w_gemv_c2__scalar computes it in f32 on
// the same packing.
//
// Packed layout "c2" (per panel of NR columns): NR f32 biases, NR f32 scales,
// then for each pair of k (K rounded up to 2, zero weights past K) the NR
// columns' two weights [n0k0 n0k1 n1k0 n1k1 ...]. Columns past N are zero.
inline size_t f32_qc8w_c2_panel_bytes(size_t nr, size_t k) {
  return nr * 2 * sizeof(float) + nr * round_up(k, 2);
}
inline size_t f32_qc8w_packw_c2_size(size_t nr, size_t n, size_t k) {
  return divide_round_up(n, nr) * f32_qc8w_c2_panel_bytes(nr, k);
}
void f32_qc8w_packw_c2(size_t nr, size_t n, size_t k, const int8_t* w, size_t n_stride, size_t k_stride,
                       const float* bias, const float* scales, size_t scale_count, void* packed);

// The largest |a_q| for K (see above).
int32_t f32_qc8w_int16_qmax(size_t k);
// Quantizes a[K] to out[round_up(K, 2)] (a zero after an odd K) and returns
// s_a; returns 0 (out untouched) if a holds a NaN or an infinity, or if
// max|a| is so small (subnormal) that no int16 grid fits it. An all-zero row
// gives s_a = 1 and zeros.
float f32_qc8w_quantize_row_int16(size_t k, const float* a, int16_t* out);

// a_q: round_up(K, 2) int16 from f32_qc8w_quantize_row_int16; a_scale: its
// s_a; w: packed "c2" with NR = 16.
using F32Qc8wGemvDot16UkernelFn = void (*)(size_t nc, size_t k, const int16_t* a_q, float a_scale, const void* w,
                                           float* c, const F32MinMaxParams* params);
void f32_qc8w_gemv_dot16_ukernel_1x16__scalar(size_t nc, size_t k, const int16_t* a_q, float a_scale, const void* w,
                                              float* c, const F32MinMaxParams* params);
void f32_qc8w_gemv_dot16_ukernel_1x16__wasmsimd(size_t nc, size_t k, const int16_t* a_q, float a_scale,
                                                const void* w, float* c, const F32MinMaxParams* params);
// The f32 computation on the "c2" packing (NR = 16; rows with NaN or inf):
// acc += a[k] * w_q[k, n] in k order, then acc * scale + bias.
void f32_qc8w_gemv_c2__scalar(size_t nc, size_t k, const float* a, const void* w, float* c,
                              const F32MinMaxParams* params);

// Dequantizes `panels` consecutive packed panels (K rows of NR int8 each) into
// the f32 GEMM's packed layout (kernels/f32-packw): per panel NR biases, then
// K rows of NR floats scale[n] * w_q[k, n]. out: panels * NR * (K + 1) floats.
using F32Qc8wDequantizeFn = void (*)(size_t nr, size_t k, size_t panels, const void* packed, float* out);
// Scalar reference (any NR) and wasm SIMD (NR a multiple of 8).
void f32_qc8w_dequantize_panels__scalar(size_t nr, size_t k, size_t panels, const void* packed, float* out);
void f32_qc8w_dequantize_panels__wasmsimd(size_t nr, size_t k, size_t panels, const void* packed, float* out);

}  // namespace nnslim::kernels
