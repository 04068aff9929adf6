// qs8 depthwise conv, 3x3 only, 16 channels and one output pixel per step,
// no clamp instruction: qmin = -128 and qmax = 127 are the saturating
// narrows' own bounds (qs8-dwconv-wasmsimd.h, dwconv9<16, 1, Clamp::kSat>;
// one int8 min and max per 16 channels fewer than the i8min twin). For
// weights that pass qs8_packw_dwconv_accumulators_fit and the full int8
// output range only.
#include "kernels/qs8-dwconv/qs8-dwconv-wasmsimd.h"

namespace nnslim::kernels {

void qs8_dwconv_minmax_fp32_ukernel_9p16c__wasmsimd_dot16x2_1px_i8sat(size_t channels, size_t output_width,
                                                                     size_t kernel_size, const int8_t** input,
                                                                     const void* weights, int8_t* output,
                                                                     size_t input_stride, size_t output_increment,
                                                                     size_t input_offset, const int8_t* zero,
                                                                     const QS8RequantParams* params) {
  qs8_dw::dwconv9<16, 1, Clamp::kSat>(channels, output_width, kernel_size, input, weights, output, input_stride,
                                      output_increment, input_offset, zero, params);
}

}  // namespace nnslim::kernels
