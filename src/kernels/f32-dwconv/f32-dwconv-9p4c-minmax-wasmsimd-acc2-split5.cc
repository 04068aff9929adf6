// f32_dwconv_minmax_ukernel_9p4c__wasmsimd_acc2_split5: 9 taps, 4 channels per
// step, two accumulator chains (even / odd taps), a store barrier after tap 5
// so that V8 does not load all 18 vectors of a step before using them.
#include "kernels/f32-dwconv/f32-dwconv-wasmsimd.h"

namespace nnslim::kernels {

void f32_dwconv_minmax_ukernel_9p4c__wasmsimd_acc2_split5(size_t channels, size_t output_width, size_t kernel_size,
    const float** input, const float* weights, float* output, size_t input_stride, size_t output_increment,
    size_t input_offset, const float* zero, const F32MinMaxParams* params) {
  dwconv_wasmsimd<9, 4, 2, 5>(channels, output_width, kernel_size, input, weights, output, input_stride,
                              output_increment, input_offset, zero, params);
}

}  // namespace nnslim::kernels
