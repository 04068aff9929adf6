#include "kernels/f32-qc8w-gemm/f32-qc8w-gemm.h"

namespace nnslim::kernels {

const F32Qc8wGemvUkernelInfo* f32_qc8w_gemv_ukernels(size_t* count) {
  static const F32Qc8wGemvUkernelInfo kList[] = {
#define NNSLIM_F32_QC8W_GEMV_UKERNEL(nr, fn) {#fn, nr, fn},
#include "kernels/f32-qc8w-gemm/f32-qc8w-gemv.inc"
#undef NNSLIM_F32_QC8W_GEMV_UKERNEL
  };
  *count = sizeof(kList) / sizeof(kList[0]);
  return kList;
}

F32Qc8wGemvUkernelInfo f32_qc8w_gemv_default_ukernel() {
  return F32Qc8wGemvUkernelInfo{"1x16 x2tree", 16, f32_qc8w_gemv_minmax_ukernel_1x16__wasmsimd_x2tree};
}

}  // namespace nnslim::kernels
