#include "kernels/f32-gemv/f32-gemv.h"

namespace nnslim::kernels {

const F32GemvUkernelInfo* f32_gemv_ukernels(size_t* count) {
  static const F32GemvUkernelInfo kList[] = {
#define NNSLIM_F32_GEMV_UKERNEL(nr, fn) {#fn, nr, fn},
#include "kernels/f32-gemv/f32-gemv.inc"
#undef NNSLIM_F32_GEMV_UKERNEL
  };
  *count = sizeof(kList) / sizeof(kList[0]);
  return kList;
}

F32GemvUkernelInfo f32_gemv_default_ukernel() {
  return F32GemvUkernelInfo{"1x16 x2", 16, f32_gemv_minmax_ukernel_1x16__wasmsimd_x2};
}

}  // namespace nnslim::kernels
