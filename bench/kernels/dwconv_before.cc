// The 9p4c kernel of git 03ffdc7 (benchmark baseline; see dwconv_before.h).
#include "dwconv_before.h"

namespace nnslim::kernels::before {

void f32_dwconv_minmax_ukernel_9p4c__wasmsimd(size_t channels, size_t output_width, size_t kernel_size,
                                              const float** input, const float* weights, float* output,
                                              size_t input_stride, size_t output_increment, size_t input_offset,
                                              const float* zero, const F32MinMaxParams* params) {
  dwconv_wasmsimd<9, 4>(channels, output_width, kernel_size, input, weights, output, input_stride,
                        output_increment, input_offset, zero, params);
}

}  // namespace nnslim::kernels::before
