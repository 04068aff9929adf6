// Oracles for pooling: direct loops over the NHWC image, no indirection.
#pragma once
#include <cstddef>

#include "kernels/indirection/conv2d-indirection.h"

namespace nnslim::kernels {

// input [IH, IW, channels]; output [OH, OW, channels] (dense).
void f32_maxpool2d_nhwc_reference(const Conv2DGeometry& g, size_t channels, const float* input, float* output,
                                  float min, float max);
// ONNX AveragePool: divisor = taps inside the image (count_include_pad false)
// or inside the padded image [-pad_top, IH + pad_bottom) x [...] (true).
void f32_avgpool2d_nhwc_reference(const Conv2DGeometry& g, size_t pad_bottom, size_t pad_right,
                                  bool count_include_pad, size_t channels, const float* input, float* output,
                                  float min, float max);
void f32_global_avgpool_nhwc_reference(size_t pixels, size_t channels, const float* input, float* output,
                                       float min, float max);

}  // namespace nnslim::kernels
