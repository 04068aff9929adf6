// f32 GEMM microkernels on PRE-PACKED A ("ppmm", as in XNNPACK): the same as
// f32-gemm.h but A comes from f32_packa: for each k, the MR values of the
// strip's rows (a[k * MR + i]), so the kernel walks one pointer with constant
// offsets. Units as in f32-gemm.h: kc, cm_stride, cn_stride in BYTES.
#pragma once
#include <cstddef>

#include "kernels/microparams.h"

namespace nnslim::kernels {

using F32PpmmMinMaxUkernelFn = void (*)(size_t mr, size_t nc, size_t kc, const float* a, const float* w, float* c,
                                        size_t cm_stride, size_t cn_stride, const F32MinMaxParams* params);

#define NNSLIM_F32_PPMM_UKERNEL(mr, nr, fn)                                                          \
  void fn(size_t mr_, size_t nc, size_t kc, const float* a, const float* w, float* c, size_t cm_stride, \
          size_t cn_stride, const F32MinMaxParams* params);
#include "kernels/f32-ppmm/f32-ppmm-wasmsimd.inc"
#undef NNSLIM_F32_PPMM_UKERNEL

struct F32PpmmUkernelInfo {
  const char* name;
  size_t mr;
  size_t nr;
  F32PpmmMinMaxUkernelFn fn;
};
const F32PpmmUkernelInfo* f32_ppmm_ukernels(size_t* count);

// Packs rows [0, m) (m <= mr) of A (row stride a_stride ELEMENTS) into
// packed[k * mr + i]; rows m..mr-1 repeat row m-1. mr * k floats.
void f32_packa(size_t mr, size_t m, size_t k, const float* a, size_t a_stride, float* packed);

}  // namespace nnslim::kernels
