#include "kernels/f32-spmm/f32-spmm.h"

#include <cstring>

namespace nnslim::kernels {

const F32SpmmUkernelInfo* f32_spmm_ukernels(size_t* count) {
  static const F32SpmmUkernelInfo kList[] = {
#define NNSLIM_F32_SPMM_UKERNEL(mr, fn) {#fn, mr, fn},
#include "kernels/f32-spmm/f32-spmm.inc"
#undef NNSLIM_F32_SPMM_UKERNEL
  };
  *count = sizeof(kList) / sizeof(kList[0]);
  return kList;
}

const F32SpmmUkernelInfo* f32_spmm_simd_ukernels(size_t* count) {
  static const F32SpmmUkernelInfo kList[] = {
      // (32x1 measured slower on every MobileNetV2 shape, bench/kernels/spmm_bench.cc:
      // kept for the benchmark, out of the shipped module.)
      {"16x1 wasmsimd", 16, f32_spmm_minmax_ukernel_16x1__wasmsimd},
  };
  *count = sizeof(kList) / sizeof(kList[0]);
  return kList;
}

}  // namespace nnslim::kernels
