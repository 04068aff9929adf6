#include "kernels/qs8-gemm/qs8-conv2d-reference.h"

#include "kernels/qs8-requant.h"

namespace nnslim::kernels {

void qs8_conv2d_nhwc_reference(const Conv2DGeometry& g, size_t groups, size_t group_in, size_t group_out,
                               const int8_t* input, int32_t x_zero_point, const int8_t* weights,
                               const int32_t* bias, const float* scales, int8_t* output, size_t output_pixel_stride,
                               int32_t y_zero_point, int32_t qmin, int32_t qmax) {
  const size_t in_channels = groups * group_in, ks = g.kernel_size();
  for (size_t oy = 0; oy < g.output_height; oy++) {
    for (size_t ox = 0; ox < g.output_width; ox++) {
      int8_t* out = output + (oy * g.output_width + ox) * output_pixel_stride;
      for (size_t gr = 0; gr < groups; gr++) {
        for (size_t o = 0; o < group_out; o++) {
          const size_t oc = gr * group_out + o;
          int64_t acc = bias != nullptr ? bias[oc] : 0;
          for (size_t kh = 0; kh < g.kernel_height; kh++) {
            const size_t iy = oy * g.stride_height + kh * g.dilation_height - g.pad_top;
            if (iy >= g.input_height) continue;  // padding (unsigned wrap for "above")
            for (size_t kw = 0; kw < g.kernel_width; kw++) {
              const size_t ix = ox * g.stride_width + kw * g.dilation_width - g.pad_left;
              if (ix >= g.input_width) continue;
              const int8_t* pixel = input + (iy * g.input_width + ix) * in_channels + gr * group_in;
              for (size_t c = 0; c < group_in; c++)
                acc += (static_cast<int64_t>(pixel[c]) - x_zero_point) *
                       weights[(oc * group_in + c) * ks + kh * g.kernel_width + kw];
            }
          }
          out[oc] = qs8_requantize_reference(static_cast<int32_t>(acc), scales[oc], y_zero_point, qmin, qmax);
        }
      }
    }
  }
}

}  // namespace nnslim::kernels
