// f32 IGEMM microkernels: convolution as GEMM over an indirection buffer
// (XNNPACK's "indirect GEMM"). NHWC activations.
//
// For a block of mr output pixels and every kernel position, the indirection
// buffer holds MR pointers to input pixels (each pointing at kc bytes of
// channels), or `zero` (a buffer of >= kc bytes of zeros) for padding taps.
// Units: mr, nc counts; kc = channels * sizeof(float) BYTES; ks = kernel_size
// * MR * sizeof(void*) BYTES of indirection per block; cm_stride, cn_stride,
// a_offset in BYTES. a_offset is added to every pointer that is not `zero`
// (rebases the buffer on another image / channel group without rebuilding it).
// w is packed by f32_packw_conv_oihw for this kernel's NR. The kernel reads
// ks / sizeof(void*) pointers from `a` and walks all ceil(nc / NR) panels.
#pragma once
#include <cstddef>

#include "kernels/microparams.h"

namespace nnslim::kernels {

using F32IgemmMinMaxUkernelFn = void (*)(size_t mr, size_t nc, size_t kc, size_t ks, const float** a,
                                         const float* w, float* c, size_t cm_stride, size_t cn_stride,
                                         size_t a_offset, const float* zero, const F32MinMaxParams* params);

#define NNSLIM_F32_IGEMM_UKERNEL(mr, nr, fn)                                                         \
  void fn(size_t mr_, size_t nc, size_t kc, size_t ks, const float** a, const float* w, float* c, \
          size_t cm_stride, size_t cn_stride, size_t a_offset, const float* zero,                  \
          const F32MinMaxParams* params);
#include "kernels/f32-igemm/f32-igemm-scalar.inc"
#include "kernels/f32-igemm/f32-igemm-wasmsimd.inc"
#undef NNSLIM_F32_IGEMM_UKERNEL

struct F32IgemmUkernelInfo {
  const char* name;
  size_t mr;
  size_t nr;
  F32IgemmMinMaxUkernelFn fn;
};
const F32IgemmUkernelInfo* f32_igemm_ukernels(size_t* count);

}  // namespace nnslim::kernels
