// qs8 depthwise conv, 3x3 only, 16 channels and one output pixel per step,
// the requantization's lower clamp in int8 after the narrows
// (qs8-dwconv-wasmsimd.h, dwconv9<16, 1, Clamp::kI8>): for weights that pass
// qs8_packw_dwconv_accumulators_fit only.
#include "kernels/qs8-dwconv/qs8-dwconv-wasmsimd.h"

namespace nnslim::kernels {

void qs8_dwconv_minmax_fp32_ukernel_9p16c__wasmsimd_dot16x2_1px_i8min(size_t channels, size_t output_width,
                                                                     size_t kernel_size, const int8_t** input,
                                                                     const void* weights, int8_t* output,
                                                                     size_t input_stride, size_t output_increment,
                                                                     size_t input_offset, const int8_t* zero,
                                                                     const QS8RequantParams* params) {
  qs8_dw::dwconv9<16, 1, Clamp::kI8>(channels, output_width, kernel_size, input, weights, output, input_stride,
                                     output_increment, input_offset, zero, params);
}

}  // namespace nnslim::kernels
