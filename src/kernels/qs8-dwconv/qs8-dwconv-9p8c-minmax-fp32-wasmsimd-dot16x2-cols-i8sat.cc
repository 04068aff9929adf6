// qs8 depthwise conv, 3x3 only, 8 channels per group, input columns'
// tap pairs shared along stride-1 rows (qs8-dwconv-3x3-cols-wasmsimd.h),
// no clamp instruction (those weights, and qmin = -128, qmax = 127).
#include "kernels/qs8-dwconv/qs8-dwconv-3x3-cols-wasmsimd.h"

namespace nnslim::kernels {

void qs8_dwconv_minmax_fp32_ukernel_9p8c__wasmsimd_dot16x2_cols_i8sat(size_t channels, size_t output_width, size_t kernel_size,
                                                                      const int8_t** input, const void* weights, int8_t* output,
                                                                      size_t input_stride, size_t output_increment, size_t input_offset,
                                                                      const int8_t* zero, const QS8RequantParams* params) {
  qs8_dw::dwconv9_cols<Clamp::kSat>(channels, output_width, kernel_size, input, weights, output, input_stride,
                               output_increment, input_offset, zero, params);
}

}  // namespace nnslim::kernels
