#include "kernels/f32-igemm/f32-conv2d-reference.h"

#include "kernels/microparams.h"

namespace nnslim::kernels {

void f32_conv2d_nhwc_reference(const Conv2DGeometry& g, size_t groups, size_t group_in, size_t group_out,
                               const float* input, const float* weights, const float* bias, float* output,
                               size_t output_pixel_stride, float min, float max) {
  const size_t in_channels = groups * group_in;
  for (size_t oy = 0; oy < g.output_height; oy++) {
    for (size_t ox = 0; ox < g.output_width; ox++) {
      float* out = output + (oy * g.output_width + ox) * output_pixel_stride;
      for (size_t gr = 0; gr < groups; gr++) {
        for (size_t o = 0; o < group_out; o++) {
          const size_t oc = gr * group_out + o;
          float acc = bias != nullptr ? bias[oc] : 0.0f;
          for (size_t kh = 0; kh < g.kernel_height; kh++) {
            for (size_t kw = 0; kw < g.kernel_width; kw++) {
              const long iy = static_cast<long>(oy * g.stride_height + kh * g.dilation_height) - static_cast<long>(g.pad_top);
              const long ix = static_cast<long>(ox * g.stride_width + kw * g.dilation_width) - static_cast<long>(g.pad_left);
              if (iy < 0 || ix < 0 || iy >= static_cast<long>(g.input_height) || ix >= static_cast<long>(g.input_width)) continue;
              const float* pixel = input + (static_cast<size_t>(iy) * g.input_width + static_cast<size_t>(ix)) * in_channels + gr * group_in;
              for (size_t i = 0; i < group_in; i++)
                acc += pixel[i] * weights[((oc * group_in + i) * g.kernel_height + kh) * g.kernel_width + kw];
            }
          }
          out[oc] = f32_clamp(acc, min, max);
        }
      }
    }
  }
}

}  // namespace nnslim::kernels
