// Convolution (one image, one group) through an IGEMM microkernel:
// output[p, 0..N-1] = clamp(bias + sum over taps and channels), for all
// output pixels p, using an indirection buffer built by
// igemm_indirection_init with the same MR.
#pragma once
#include <cstddef>

#include "kernels/f32-igemm/f32-igemm.h"

namespace nnslim::kernels {

struct F32IgemmConfig {
  const char* name;
  size_t mr;
  size_t nr;
  F32IgemmMinMaxUkernelFn ukernel;
};

F32IgemmConfig f32_igemm_default_config();

// pixels = OH * OW; in_channels = channels of this group read at each
// indirection pointer (+ a_offset bytes); kernel_size = KH * KW;
// output_pixel_stride in ELEMENTS; a_offset in BYTES (image / group offset).
void f32_igemm(const F32IgemmConfig& config, size_t pixels, size_t out_channels, size_t in_channels,
               size_t kernel_size, const float** indirection, const float* packed_w, float* output,
               size_t output_pixel_stride, size_t a_offset, const float* zero, const F32MinMaxParams& params);

}  // namespace nnslim::kernels
