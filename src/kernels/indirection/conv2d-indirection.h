// Indirection buffers for NHWC convolution and pooling (XNNPACK's technique):
// instead of copying input patches (im2col), the kernels read an array of
// pointers to input pixels, one per (output pixel, kernel position). Padding
// taps point to a caller-owned `padding` buffer (zeros for conv / average
// pooling, -inf for max pooling) of at least `channels` floats.
#pragma once
#include <cstddef>
#include <cstdint>

namespace nnslim::kernels {

// One 2-D sliding window. Output size follows ONNX with explicit pads:
//   out = (in + pad_before + pad_after - dilation * (kernel - 1) - 1) / stride + 1
// Only the top/left pads are needed to place windows; bottom/right pads
// are implied by output_height/output_width.
struct Conv2DGeometry {
  size_t input_height = 0, input_width = 0;
  size_t kernel_height = 1, kernel_width = 1;
  size_t stride_height = 1, stride_width = 1;
  size_t dilation_height = 1, dilation_width = 1;
  size_t pad_top = 0, pad_left = 0;
  size_t output_height = 0, output_width = 0;

  size_t kernel_size() const { return kernel_height * kernel_width; }
  size_t output_pixels() const { return output_height * output_width; }
};

// Output extent of one dimension (see formula above); 0 if the window does not fit.
size_t conv_output_size(size_t input, size_t kernel, size_t stride, size_t dilation, size_t pad_before,
                        size_t pad_after);

// Fills geometry's output size from pads (bottom/right included).
Conv2DGeometry make_conv2d_geometry(size_t input_height, size_t input_width, size_t kernel_height,
                                    size_t kernel_width, size_t stride_height, size_t stride_width,
                                    size_t dilation_height, size_t dilation_width, size_t pad_top, size_t pad_left,
                                    size_t pad_bottom, size_t pad_right);

// IGEMM layout: output pixels in blocks of mr; for block b, kernel position
// ks (= kh * KW + kw) and row i: entry (b * KS + ks) * mr + i points to the
// input pixel read by output pixel b * mr + i (pixels past the end repeat the
// last one). input: one NHWC image; pixel (y, x) at input + (y * W + x) *
// input_pixel_stride (ELEMENTS). Entries: round_up(OH * OW, mr) * KS pointers.
size_t igemm_indirection_size(const Conv2DGeometry& g, size_t mr);
void igemm_indirection_init(const Conv2DGeometry& g, size_t mr, const float* input, size_t input_pixel_stride,
                            const float* padding, const float** indirection);
// int8 tensors (the qs8 kernels): the same layout, strides in int8 elements.
void igemm_indirection_init(const Conv2DGeometry& g, size_t mr, const int8_t* input, size_t input_pixel_stride,
                            const int8_t* padding, const int8_t** indirection);

// Depthwise conv / pooling layout: for output pixel p = oy * OW + ox, entries
// p * KS .. p * KS + KS - 1 (ks = kh * KW + kw). OH * OW * KS pointers.
size_t dwconv_indirection_size(const Conv2DGeometry& g);
void dwconv_indirection_init(const Conv2DGeometry& g, const float* input, size_t input_pixel_stride,
                             const float* padding, const float** indirection);
void dwconv_indirection_init(const Conv2DGeometry& g, const int8_t* input, size_t input_pixel_stride,
                             const int8_t* padding, const int8_t** indirection);

// Average pooling divisors, one per output pixel: 1 / (number of window taps
// inside the input) when count_include_pad is false, else 1 / (taps inside
// the padded input, i.e. KH * KW except where a window hangs past the pads).
void avgpool_multipliers_init(const Conv2DGeometry& g, size_t pad_bottom, size_t pad_right, bool count_include_pad,
                              float* multipliers);

}  // namespace nnslim::kernels
