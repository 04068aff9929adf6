#include "kernels/f32-col2im/f32-col2im.h"

namespace nnslim::kernels {

void f32_col2im_nhwc_ukernel__scalar(const Col2ImGeometry& g, size_t first_pixel, size_t pixels, const float* col,
                                     float* output) {
  for (size_t p = first_pixel; p < first_pixel + pixels; p++, col += g.col_stride) {
    const int64_t iy = static_cast<int64_t>(p / g.input_w), ix = static_cast<int64_t>(p % g.input_w);
    for (size_t ky = 0; ky < g.kernel_h; ky++) {
      const int64_t oy = iy * static_cast<int64_t>(g.stride_h) + static_cast<int64_t>(ky * g.dilation_h) - g.pad_top;
      if (oy < 0 || oy >= static_cast<int64_t>(g.output_h)) continue;
      for (size_t kx = 0; kx < g.kernel_w; kx++) {
        const int64_t ox = ix * static_cast<int64_t>(g.stride_w) + static_cast<int64_t>(kx * g.dilation_w) - g.pad_left;
        if (ox < 0 || ox >= static_cast<int64_t>(g.output_w)) continue;
        const float* src = col + (ky * g.kernel_w + kx) * g.channels;
        float* dst = output + (static_cast<size_t>(oy) * g.output_w + static_cast<size_t>(ox)) * g.out_pixel_stride;
        for (size_t c = 0; c < g.channels; c++) dst[c] += src[c];
      }
    }
  }
}

}  // namespace nnslim::kernels
