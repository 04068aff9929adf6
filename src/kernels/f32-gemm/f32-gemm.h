// f32 GEMM microkernels: C[mr, nc] = clamp(A[mr, K] * W + bias).
//
// Units (as in XNNPACK): mr, nc are counts (rows of A/C, columns of C);
// kc = K * sizeof(float) in BYTES; a_stride, cm_stride, cn_stride in BYTES.
//   a         row-major A, row i starts at a + i * a_stride bytes.
//   w         weights packed by f32_packw_gemm_{gio,goi} for this kernel's NR:
//             per panel of NR columns: NR biases, then K rows of NR values.
//             The kernel walks all ceil(nc / NR) panels.
//   c         output; row i at c + i * cm_stride bytes; panel j (NR columns)
//             at c + j * cn_stride bytes (cn_stride = NR * sizeof(float) for a
//             plain row-major C). The last panel stores only nc % NR columns.
//   params    fused activation clamp (kernels/microparams.h).
// mr < MR is allowed: missing rows alias the last real row. A kernel never
// allocates, never throws, and writes nothing outside C[mr, nc].
#pragma once
#include <cstddef>

#include "kernels/microparams.h"

namespace nnslim::kernels {

using F32GemmMinMaxUkernelFn = void (*)(size_t mr, size_t nc, size_t kc, const float* a, size_t a_stride,
                                        const float* w, float* c, size_t cm_stride, size_t cn_stride,
                                        const F32MinMaxParams* params);

#define NNSLIM_F32_GEMM_UKERNEL(mr, nr, fn)                                                    \
  void fn(size_t mr_, size_t nc, size_t kc, const float* a, size_t a_stride, const float* w, \
          float* c, size_t cm_stride, size_t cn_stride, const F32MinMaxParams* params);
#include "kernels/f32-gemm/f32-gemm-scalar.inc"
#include "kernels/f32-gemm/f32-gemm-wasmsimd.inc"
#undef NNSLIM_F32_GEMM_UKERNEL

// One entry of the kernel list, for tests, benchmarks and the driver.
struct F32GemmUkernelInfo {
  const char* name;
  size_t mr;
  size_t nr;
  F32GemmMinMaxUkernelFn fn;
};
// Every f32 GEMM microkernel (scalar and wasm SIMD), from the .inc lists.
const F32GemmUkernelInfo* f32_gemm_ukernels(size_t* count);

// The oracle: a plain triple loop on UNPACKED operands, elements strides.
//   C[i, j] = clamp(bias[j] + sum_k A[i, k] * B[k, j]), B row-major [K, N]
//   (b_stride elements between rows), bias may be null (zeros).
void f32_gemm_reference(size_t m, size_t n, size_t k, const float* a, size_t a_stride, const float* b,
                        size_t b_stride, const float* bias, float* c, size_t c_stride, float min, float max);

}  // namespace nnslim::kernels
