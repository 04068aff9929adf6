#include "kernels/qs8-bspmm/qs8-bspmm.h"

namespace nnslim::kernels {

const QS8BspmmUkernelInfo* qs8_bspmm_ukernels(size_t* count) {
  static const QS8BspmmUkernelInfo kList[] = {
#define NNSLIM_QS8_BSPMM_UKERNEL(block, fn) {#fn, block, fn},
#include "kernels/qs8-bspmm/qs8-bspmm.inc"
#undef NNSLIM_QS8_BSPMM_UKERNEL
  };
  *count = sizeof(kList) / sizeof(kList[0]);
  return kList;
}

const QS8BspmmUkernelInfo& qs8_bspmm_default_ukernel() {
  static const QS8BspmmUkernelInfo kDefault{"8x1 wasmsimd", 8, qs8_bspmm_minmax_fp32_ukernel_8x1__wasmsimd_dot16_x4};
  return kDefault;
}

}  // namespace nnslim::kernels
