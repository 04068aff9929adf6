// f32_dwconv_minmax_ukernel_9p4c__wasmsimd_4px_cols: 3x3 taps, 4 channels of
// 4 output pixels per step; on stride-1 rows the pixels share their input
// column loads (6 per kernel row instead of 12), else 4 pixels as dwconv_px_step.
#include "kernels/f32-dwconv/f32-dwconv-cols-wasmsimd.h"

namespace nnslim::kernels {

void f32_dwconv_minmax_ukernel_9p4c__wasmsimd_4px_cols(size_t channels, size_t output_width, size_t kernel_size,
    const float** input, const float* weights, float* output, size_t input_stride, size_t output_increment,
    size_t input_offset, const float* zero, const F32MinMaxParams* params) {
  dwconv_px_cols_wasmsimd<3, 3, 4, false>(channels, output_width, kernel_size, input, weights, output, input_stride,
                                   output_increment, input_offset, zero, params);
}

}  // namespace nnslim::kernels
