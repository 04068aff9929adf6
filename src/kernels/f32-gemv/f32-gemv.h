// f32 GEMV microkernels: c[nc] = clamp(a[K] * W + bias), the M = 1 case of
// f32 GEMM (a batch-1 Gemm / MatMul / fully connected layer).
//
// With one row of A every weight is used once, so a GEMV is bound by reading
// the packed weights: these kernels stream them exactly once, front to back,
// and keep only NR / 4 accumulators live (V8 spills beyond ~4-6 v128 chains;
// measurements in docs/runtime.md).
//
// Units: nc = output columns; kc = K * sizeof(float) in BYTES.
//   a       K contiguous floats.
//   w       weights packed by f32_packw_gemm_{gio,goi} with this kernel's NR:
//           per panel of NR columns, NR biases then K rows of NR weights
//           (K-major inside a panel), panels one after another.
//   c       nc contiguous floats; the last panel stores only nc % NR columns.
//   params  fused activation clamp (kernels/microparams.h).
// A kernel never allocates, never throws, and writes nothing outside c[nc].
#pragma once
#include <cstddef>

#include "kernels/microparams.h"

namespace nnslim::kernels {

using F32GemvMinMaxUkernelFn = void (*)(size_t nc, size_t kc, const float* a, const float* w, float* c,
                                        const F32MinMaxParams* params);

#define NNSLIM_F32_GEMV_UKERNEL(nr, fn) \
  void fn(size_t nc, size_t kc, const float* a, const float* w, float* c, const F32MinMaxParams* params);
#include "kernels/f32-gemv/f32-gemv.inc"
#undef NNSLIM_F32_GEMV_UKERNEL

struct F32GemvUkernelInfo {
  const char* name;
  size_t nr;
  F32GemvMinMaxUkernelFn fn;
};
// Every f32 GEMV microkernel (scalar and wasm SIMD), from f32-gemv.inc.
const F32GemvUkernelInfo* f32_gemv_ukernels(size_t* count);

// The kernel the runtime uses for M = 1 (chosen by measurement, see
// bench/kernels/gemm_bench.cc), and its NR (pack the weights with it).
F32GemvUkernelInfo f32_gemv_default_ukernel();

}  // namespace nnslim::kernels
