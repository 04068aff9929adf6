// The int8 convolution oracle: a direct NHWC loop on unpacked OIHW weights,
// for the IGEMM and depthwise kernel tests and the runtime's int8 steps.
//   y[p, o] = requant_o(bias[o] + sum_{c,kh,kw} (x[tap, c] - x_zero_point) * w[o, c, kh, kw])
// with padding taps contributing 0 (real zero). Grouped: group g reads input
// channels g*group_in.., writes output channels g*group_out.. (depthwise:
// group_in = group_out = 1).
#pragma once
#include <cstddef>
#include <cstdint>

#include "kernels/indirection/conv2d-indirection.h"

namespace nnslim::kernels {

void qs8_conv2d_nhwc_reference(const Conv2DGeometry& g, size_t groups, size_t group_in, size_t group_out,
                               const int8_t* input, int32_t x_zero_point, const int8_t* weights,
                               const int32_t* bias, const float* scales, int8_t* output, size_t output_pixel_stride,
                               int32_t y_zero_point, int32_t qmin, int32_t qmax);

}  // namespace nnslim::kernels
