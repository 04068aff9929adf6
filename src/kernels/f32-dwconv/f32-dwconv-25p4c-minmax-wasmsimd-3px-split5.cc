// f32_dwconv_minmax_ukernel_25p4c__wasmsimd_3px_split5: 25 taps (5x5), 4 channels of
// 3 output pixels per step (shared weight loads), store barrier every 5 taps (one kernel row).
#include "kernels/f32-dwconv/f32-dwconv-px-wasmsimd.h"

namespace nnslim::kernels {

void f32_dwconv_minmax_ukernel_25p4c__wasmsimd_3px_split5(size_t channels, size_t output_width, size_t kernel_size,
    const float** input, const float* weights, float* output, size_t input_stride, size_t output_increment,
    size_t input_offset, const float* zero, const F32MinMaxParams* params) {
  dwconv_px_wasmsimd<25, 3, 5>(channels, output_width, kernel_size, input, weights, output, input_stride,
                                output_increment, input_offset, zero, params);
}

}  // namespace nnslim::kernels
