#include "kernels/qs8-dwconv/qs8-dwconv.h"

namespace nnslim::kernels {

const QS8DwconvUkernelInfo* qs8_dwconv_ukernels(size_t* count) {
  static const QS8DwconvUkernelInfo list[] = {
#define NNSLIM_QS8_DWCONV_UKERNEL(ct, packing, fn) {#fn, ct, QS8DwconvPacking::packing, fn},
#include "kernels/qs8-dwconv/qs8-dwconv-wasmsimd.inc"
#undef NNSLIM_QS8_DWCONV_UKERNEL
  };
  *count = sizeof(list) / sizeof(list[0]);
  return list;
}

const QS8DwconvUkernelInfo* qs8_dwconv_9p_ukernels(size_t* count) {
  static const QS8DwconvUkernelInfo list[] = {
      {"qs8_dwconv_minmax_fp32_ukernel_9p16c__wasmsimd_dot16x2_2px", 16, QS8DwconvPacking::kTapPairs,
       qs8_dwconv_minmax_fp32_ukernel_9p16c__wasmsimd_dot16x2_2px},
      {"qs8_dwconv_minmax_fp32_ukernel_9p16c__wasmsimd_dot16x2_1px", 16, QS8DwconvPacking::kTapPairs,
       qs8_dwconv_minmax_fp32_ukernel_9p16c__wasmsimd_dot16x2_1px},
      {"qs8_dwconv_minmax_fp32_ukernel_9p8c__wasmsimd_dot16x2_cols", 8, QS8DwconvPacking::kTapPairs3x3Cols,
       qs8_dwconv_minmax_fp32_ukernel_9p8c__wasmsimd_dot16x2_cols},
  };
  *count = sizeof(list) / sizeof(list[0]);
  return list;
}

}  // namespace nnslim::kernels
