// Scalar depthwise conv: one channel at a time, in tap order (the same
// summation order as the SIMD kernels). The oracle for tests is the direct
// convolution f32_conv2d_nhwc_reference with groups = channels.
#include <cassert>
#include <cstdint>

#include "kernels/f32-dwconv/f32-dwconv.h"

namespace nnslim::kernels {
namespace {

template <size_t TAPS>
void dwconv_scalar(size_t channels, size_t output_width, size_t kernel_size, const float** input,
                   const float* weights, float* output, size_t input_stride, size_t output_increment,
                   size_t input_offset, const float* zero, const F32MinMaxParams* params) {
  assert(channels != 0 && output_width != 0);
  assert(TAPS == 0 || kernel_size == TAPS);
  const size_t taps = TAPS != 0 ? TAPS : kernel_size;
  do {
    const float* w = weights;
    for (size_t c = 0; c < channels; c++) {
      float acc = w[0];
      for (size_t k = 0; k < taps; k++) {
        const float* in = input[k];
        if (in != zero) in = reinterpret_cast<const float*>(reinterpret_cast<uintptr_t>(in) + input_offset);
        acc += in[c] * w[1 + k];
      }
      w += taps + 1;
      *output++ = f32_clamp(acc, params->min, params->max);
    }
    input = reinterpret_cast<const float**>(reinterpret_cast<uintptr_t>(input) + input_stride);
    output = reinterpret_cast<float*>(reinterpret_cast<uintptr_t>(output) + output_increment);
  } while (--output_width != 0);
}

}  // namespace

void f32_dwconv_minmax_ukernel_up1c__scalar(size_t channels, size_t output_width, size_t kernel_size,
                                            const float** input, const float* weights, float* output,
                                            size_t input_stride, size_t output_increment, size_t input_offset,
                                            const float* zero, const F32MinMaxParams* params) {
  dwconv_scalar<0>(channels, output_width, kernel_size, input, weights, output, input_stride, output_increment,
                   input_offset, zero, params);
}

void f32_dwconv_minmax_ukernel_9p1c__scalar(size_t channels, size_t output_width, size_t kernel_size,
                                            const float** input, const float* weights, float* output,
                                            size_t input_stride, size_t output_increment, size_t input_offset,
                                            const float* zero, const F32MinMaxParams* params) {
  dwconv_scalar<9>(channels, output_width, kernel_size, input, weights, output, input_stride, output_increment,
                   input_offset, zero, params);
}

const F32DwconvUkernelInfo* f32_dwconv_ukernels(size_t* count) {
  static const F32DwconvUkernelInfo kList[] = {
#define NNSLIM_F32_DWCONV_UKERNEL(ct, taps, fn) {#fn, ct, taps, fn},
#include "kernels/f32-dwconv/f32-dwconv.inc"
#undef NNSLIM_F32_DWCONV_UKERNEL
  };
  *count = sizeof(kList) / sizeof(kList[0]);
  return kList;
}

}  // namespace nnslim::kernels
