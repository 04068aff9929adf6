// f32_dwconv_minmax_ukernel_9p4c__wasmsimd_2px_split3: 9 taps, 4 channels of
// 2 output pixels per step (shared weight loads), store barrier every 3 taps (0: none).
#include "kernels/f32-dwconv/f32-dwconv-px-wasmsimd.h"

namespace nnslim::kernels {

void f32_dwconv_minmax_ukernel_9p4c__wasmsimd_2px_split3(size_t channels, size_t output_width, size_t kernel_size,
    const float** input, const float* weights, float* output, size_t input_stride, size_t output_increment,
    size_t input_offset, const float* zero, const F32MinMaxParams* params) {
  dwconv_px_wasmsimd<9, 2, 3>(channels, output_width, kernel_size, input, weights, output, input_stride,
                            output_increment, input_offset, zero, params);
}

}  // namespace nnslim::kernels
