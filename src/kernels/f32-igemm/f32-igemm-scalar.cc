// Scalar f32 IGEMM microkernels over packed weights, generic in MR x NR.
// The oracle for convolution is f32_conv2d_nhwc_reference (f32-conv-reference.h).
#include <cassert>
#include <cstdint>

#include "kernels/f32-gemm/f32-gemm-scalar-tile.h"
#include "kernels/f32-igemm/f32-igemm.h"

namespace nnslim::kernels {
namespace {

template <size_t MR, size_t NR>
void igemm_scalar(size_t mr, size_t nc, size_t kc, size_t ks, const float** a, const float* w, float* c,
                  size_t cm_stride, size_t cn_stride, size_t a_offset, const float* zero,
                  const F32MinMaxParams* params) {
  assert(mr != 0 && mr <= MR);
  assert(nc != 0);
  assert(kc != 0 && kc % sizeof(float) == 0);
  assert(ks != 0 && ks % (MR * sizeof(void*)) == 0);
  const size_t k = kc / sizeof(float);
  float* crow[MR];
  for (size_t i = 0; i < MR; i++)
    crow[i] = reinterpret_cast<float*>(reinterpret_cast<uintptr_t>(c) + (i < mr ? i : mr - 1) * cm_stride);
  while (nc != 0) {
    float acc[MR][NR];
    f32_scalar_tile_init(acc, w);
    w += NR;
    for (size_t p = 0; p < ks / (MR * sizeof(void*)); p++) {
      const float* arow[MR];
      for (size_t i = 0; i < MR; i++) {
        arow[i] = a[p * MR + i];
        if (arow[i] != zero) arow[i] = reinterpret_cast<const float*>(reinterpret_cast<uintptr_t>(arow[i]) + a_offset);
      }
      for (size_t kk = 0; kk < k; kk++) {
        for (size_t i = 0; i < MR; i++)
          for (size_t j = 0; j < NR; j++) acc[i][j] += arow[i][kk] * w[j];
        w += NR;
      }
    }
    const size_t cols = nc < NR ? nc : NR;
    f32_scalar_tile_store(acc, crow, cols, cn_stride, params);
    nc -= cols;
  }
}

}  // namespace

void f32_igemm_minmax_ukernel_1x4__scalar(size_t mr, size_t nc, size_t kc, size_t ks, const float** a,
                                          const float* w, float* c, size_t cm_stride, size_t cn_stride,
                                          size_t a_offset, const float* zero, const F32MinMaxParams* params) {
  igemm_scalar<1, 4>(mr, nc, kc, ks, a, w, c, cm_stride, cn_stride, a_offset, zero, params);
}

void f32_igemm_minmax_ukernel_4x4__scalar(size_t mr, size_t nc, size_t kc, size_t ks, const float** a,
                                          const float* w, float* c, size_t cm_stride, size_t cn_stride,
                                          size_t a_offset, const float* zero, const F32MinMaxParams* params) {
  igemm_scalar<4, 4>(mr, nc, kc, ks, a, w, c, cm_stride, cn_stride, a_offset, zero, params);
}

const F32IgemmUkernelInfo* f32_igemm_ukernels(size_t* count) {
  static const F32IgemmUkernelInfo kList[] = {
#define NNSLIM_F32_IGEMM_UKERNEL(mr, nr, fn) {#fn, mr, nr, fn},
#include "kernels/f32-igemm/f32-igemm-scalar.inc"
#include "kernels/f32-igemm/f32-igemm-wasmsimd.inc"
#undef NNSLIM_F32_IGEMM_UKERNEL
  };
  *count = sizeof(kList) / sizeof(kList[0]);
  return kList;
}

}  // namespace nnslim::kernels
