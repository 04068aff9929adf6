// f32_dwconv_minmax_ukernel_up4c__wasmsimd: any kernel size, 4 channels per step.
#include "kernels/f32-dwconv/f32-dwconv-wasmsimd.h"

namespace nnslim::kernels {

void f32_dwconv_minmax_ukernel_up4c__wasmsimd(size_t channels, size_t output_width, size_t kernel_size, const float** input,
    const float* weights, float* output, size_t input_stride, size_t output_increment, size_t input_offset,
    const float* zero, const F32MinMaxParams* params) {
  dwconv_wasmsimd<0, 4>(channels, output_width, kernel_size, input, weights, output, input_stride,
                           output_increment, input_offset, zero, params);
}

}  // namespace nnslim::kernels
