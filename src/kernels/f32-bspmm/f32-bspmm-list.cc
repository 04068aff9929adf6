#include "kernels/f32-bspmm/f32-bspmm.h"

namespace nnslim::kernels {

const F32BspmmUkernelInfo* f32_bspmm_ukernels(size_t* count) {
  static const F32BspmmUkernelInfo kList[] = {
#define NNSLIM_F32_BSPMM_UKERNEL(block, fn) {#fn, block, fn},
#include "kernels/f32-bspmm/f32-bspmm.inc"
#undef NNSLIM_F32_BSPMM_UKERNEL
  };
  *count = sizeof(kList) / sizeof(kList[0]);
  return kList;
}

const F32BspmmUkernelInfo* f32_bspmm_simd_ukernels(size_t* count) {
  static const F32BspmmUkernelInfo kList[] = {
      {"8x1 wasmsimd", 8, f32_bspmm_minmax_ukernel_8x1__wasmsimd},
      {"4x1 wasmsimd", 4, f32_bspmm_minmax_ukernel_4x1__wasmsimd},
  };
  *count = sizeof(kList) / sizeof(kList[0]);
  return kList;
}

}  // namespace nnslim::kernels
