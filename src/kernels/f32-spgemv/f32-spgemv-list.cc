#include "kernels/f32-spgemv/f32-spgemv.h"

namespace nnslim::kernels {

const F32SpgemvUkernelInfo* f32_spgemv_ukernels(size_t* count) {
  static const F32SpgemvUkernelInfo kList[] = {
#define NNSLIM_F32_SPGEMV_UKERNEL(fn) {#fn, fn},
#include "kernels/f32-spgemv/f32-spgemv.inc"
#undef NNSLIM_F32_SPGEMV_UKERNEL
  };
  *count = sizeof(kList) / sizeof(kList[0]);
  return kList;
}

F32SpgemvUkernelInfo f32_spgemv_default_ukernel() {
  return F32SpgemvUkernelInfo{"x8 wasmsimd", f32_spgemv_minmax_ukernel__wasmsimd_x8};
}

}  // namespace nnslim::kernels
