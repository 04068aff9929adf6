// col2im for a 2-D transposed convolution in NHWC: the second half of
// "ConvTranspose = GEMM + scatter-add".
//
// The GEMM gives, for each input pixel p and each kernel tap (ky, kx), the
// `channels` values that the pixel contributes to one output pixel:
//   col[p * col_stride + (ky * kernel_w + kx) * channels + c].
// col2im adds them where the tap lands:
//   oy = iy * stride_h + ky * dilation_h - pad_top
//   ox = ix * stride_w + kx * dilation_w - pad_left
//   out[(oy * output_w + ox) * out_pixel_stride + c] += col[...]   (0 <= oy < output_h, 0 <= ox < output_w)
// for the input pixels p = first_pixel .. first_pixel + pixels - 1 of one
// image (p = iy * input_w + ix). Taps that land outside the output are
// dropped (the padding). Sizes are in ELEMENTS; pads may be negative
// (ConvTranspose's output_shape can ask for more than the full output).
#pragma once
#include <cstddef>
#include <cstdint>

namespace nnslim::kernels {

struct Col2ImGeometry {
  size_t input_w;
  size_t output_h, output_w;
  size_t kernel_h, kernel_w;
  size_t stride_h, stride_w;
  size_t dilation_h, dilation_w;
  int64_t pad_top, pad_left;
  size_t channels;          // values per tap (output channels of one group)
  size_t col_stride;        // >= kernel_h * kernel_w * channels
  size_t out_pixel_stride;  // >= channels (all output channels of the image)
};

using F32Col2ImUkernelFn = void (*)(const Col2ImGeometry& g, size_t first_pixel, size_t pixels, const float* col,
                                    float* output);

void f32_col2im_nhwc_ukernel__scalar(const Col2ImGeometry& g, size_t first_pixel, size_t pixels, const float* col,
                                     float* output);
void f32_col2im_nhwc_ukernel__wasmsimd_x8(const Col2ImGeometry& g, size_t first_pixel, size_t pixels,
                                          const float* col, float* output);

}  // namespace nnslim::kernels
