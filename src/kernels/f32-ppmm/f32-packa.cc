#include "kernels/f32-ppmm/f32-ppmm.h"

namespace nnslim::kernels {

void f32_packa(size_t mr, size_t m, size_t k, const float* a, size_t a_stride, float* packed) {
  for (size_t kk = 0; kk < k; kk++)
    for (size_t i = 0; i < mr; i++) *packed++ = a[(i < m ? i : m - 1) * a_stride + kk];
}

const F32PpmmUkernelInfo* f32_ppmm_ukernels(size_t* count) {
  static const F32PpmmUkernelInfo kList[] = {
#define NNSLIM_F32_PPMM_UKERNEL(mr, nr, fn) {#fn, mr, nr, fn},
#include "kernels/f32-ppmm/f32-ppmm-wasmsimd.inc"
#undef NNSLIM_F32_PPMM_UKERNEL
  };
  *count = sizeof(kList) / sizeof(kList[0]);
  return kList;
}

}  // namespace nnslim::kernels
