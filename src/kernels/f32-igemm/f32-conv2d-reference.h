// The oracle for convolution: direct NHWC convolution, one image, groups.
#pragma once
#include <cstddef>

#include "kernels/indirection/conv2d-indirection.h"

namespace nnslim::kernels {

// input [IH, IW, groups * group_in] (pixel stride = groups * group_in),
// weights ONNX OIHW [groups * group_out, group_in, KH, KW], bias [groups *
// group_out] or null, output [OH, OW] with output_pixel_stride (ELEMENTS) >=
// groups * group_out. Padding taps contribute zero.
void f32_conv2d_nhwc_reference(const Conv2DGeometry& g, size_t groups, size_t group_in, size_t group_out,
                               const float* input, const float* weights, const float* bias, float* output,
                               size_t output_pixel_stride, float min, float max);

}  // namespace nnslim::kernels
