// Scalar f32 GEMM: the oracle (plain triple loop on unpacked operands) and
// portable microkernels over packed weights, generic in MR x NR.
#include <cassert>
#include <cstdint>

#include "kernels/f32-gemm/f32-gemm-scalar-tile.h"
#include "kernels/f32-gemm/f32-gemm.h"

namespace nnslim::kernels {

void f32_gemm_reference(size_t m, size_t n, size_t k, const float* a, size_t a_stride, const float* b,
                        size_t b_stride, const float* bias, float* c, size_t c_stride, float min, float max) {
  for (size_t i = 0; i < m; i++) {
    for (size_t j = 0; j < n; j++) {
      float acc = bias != nullptr ? bias[j] : 0.0f;
      for (size_t p = 0; p < k; p++) acc += a[i * a_stride + p] * b[p * b_stride + j];
      c[i * c_stride + j] = f32_clamp(acc, min, max);
    }
  }
}

namespace {

// Packed-weight microkernel in plain C++: accumulators in a small array.
template <size_t MR, size_t NR>
void gemm_scalar(size_t mr, size_t nc, size_t kc, const float* a, size_t a_stride, const float* w, float* c,
                 size_t cm_stride, size_t cn_stride, const F32MinMaxParams* params) {
  assert(mr != 0 && mr <= MR);
  assert(nc != 0);
  assert(kc != 0 && kc % sizeof(float) == 0);
  const size_t k = kc / sizeof(float);
  const float* arow[MR];
  float* crow[MR];
  for (size_t i = 0; i < MR; i++) {
    const size_t row = i < mr ? i : mr - 1;
    arow[i] = reinterpret_cast<const float*>(reinterpret_cast<uintptr_t>(a) + row * a_stride);
    crow[i] = reinterpret_cast<float*>(reinterpret_cast<uintptr_t>(c) + row * cm_stride);
  }
  while (nc != 0) {
    float acc[MR][NR];
    f32_scalar_tile_init(acc, w);
    w += NR;
    for (size_t p = 0; p < k; p++) {
      for (size_t i = 0; i < MR; i++)
        for (size_t j = 0; j < NR; j++) acc[i][j] += arow[i][p] * w[j];
      w += NR;
    }
    const size_t cols = nc < NR ? nc : NR;
    f32_scalar_tile_store(acc, crow, cols, cn_stride, params);
    nc -= cols;
  }
}

}  // namespace

void f32_gemm_minmax_ukernel_1x4__scalar(size_t mr, size_t nc, size_t kc, const float* a, size_t a_stride,
                                         const float* w, float* c, size_t cm_stride, size_t cn_stride,
                                         const F32MinMaxParams* params) {
  gemm_scalar<1, 4>(mr, nc, kc, a, a_stride, w, c, cm_stride, cn_stride, params);
}

void f32_gemm_minmax_ukernel_4x4__scalar(size_t mr, size_t nc, size_t kc, const float* a, size_t a_stride,
                                         const float* w, float* c, size_t cm_stride, size_t cn_stride,
                                         const F32MinMaxParams* params) {
  gemm_scalar<4, 4>(mr, nc, kc, a, a_stride, w, c, cm_stride, cn_stride, params);
}

const F32GemmUkernelInfo* f32_gemm_ukernels(size_t* count) {
  static const F32GemmUkernelInfo kList[] = {
#define NNSLIM_F32_GEMM_UKERNEL(mr, nr, fn) {#fn, mr, nr, fn},
#include "kernels/f32-gemm/f32-gemm-scalar.inc"
#include "kernels/f32-gemm/f32-gemm-wasmsimd.inc"
#undef NNSLIM_F32_GEMM_UKERNEL
  };
  *count = sizeof(kList) / sizeof(kList[0]);
  return kList;
}

}  // namespace nnslim::kernels
