#include "kernels/indirection/conv2d-indirection.h"

#include <vector>

#include "kernels/microparams.h"

namespace nnslim::kernels {

size_t conv_output_size(size_t input, size_t kernel, size_t stride, size_t dilation, size_t pad_before,
                        size_t pad_after) {
  const size_t padded = input + pad_before + pad_after;
  const size_t window = dilation * (kernel - 1) + 1;
  if (padded < window || stride == 0) return 0;
  return (padded - window) / stride + 1;
}

Conv2DGeometry make_conv2d_geometry(size_t input_height, size_t input_width, size_t kernel_height,
                                    size_t kernel_width, size_t stride_height, size_t stride_width,
                                    size_t dilation_height, size_t dilation_width, size_t pad_top, size_t pad_left,
                                    size_t pad_bottom, size_t pad_right) {
  Conv2DGeometry g;
  g.input_height = input_height;
  g.input_width = input_width;
  g.kernel_height = kernel_height;
  g.kernel_width = kernel_width;
  g.stride_height = stride_height;
  g.stride_width = stride_width;
  g.dilation_height = dilation_height;
  g.dilation_width = dilation_width;
  g.pad_top = pad_top;
  g.pad_left = pad_left;
  g.output_height = conv_output_size(input_height, kernel_height, stride_height, dilation_height, pad_top, pad_bottom);
  g.output_width = conv_output_size(input_width, kernel_width, stride_width, dilation_width, pad_left, pad_right);
  return g;
}

namespace {

// Input pixel read by output (oy, ox) at tap (kh, kw), or `padding`.
template <typename T>
const T* tap_pointer(const Conv2DGeometry& g, size_t oy, size_t ox, size_t kh, size_t kw, const T* input,
                     size_t input_pixel_stride, const T* padding) {
  // Unsigned wrap-around turns "above/left of the image" into a huge index.
  const size_t iy = oy * g.stride_height + kh * g.dilation_height - g.pad_top;
  const size_t ix = ox * g.stride_width + kw * g.dilation_width - g.pad_left;
  if (iy >= g.input_height || ix >= g.input_width) return padding;
  return input + (iy * g.input_width + ix) * input_pixel_stride;
}

template <typename T>
void igemm_indirection_fill(const Conv2DGeometry& g, size_t mr, const T* input, size_t input_pixel_stride,
                            const T* padding, const T** indirection) {
  const size_t pixels = g.output_pixels(), ks_count = g.kernel_size();
  for (size_t block = 0; block < pixels; block += mr) {
    for (size_t ks = 0; ks < ks_count; ks++) {
      const size_t kh = ks / g.kernel_width, kw = ks % g.kernel_width;
      for (size_t i = 0; i < mr; i++) {
        const size_t p = block + i < pixels ? block + i : pixels - 1;
        *indirection++ = tap_pointer(g, p / g.output_width, p % g.output_width, kh, kw, input, input_pixel_stride,
                                     padding);
      }
    }
  }
}

template <typename T>
void dwconv_indirection_fill(const Conv2DGeometry& g, const T* input, size_t input_pixel_stride, const T* padding,
                             const T** indirection) {
  for (size_t oy = 0; oy < g.output_height; oy++)
    for (size_t ox = 0; ox < g.output_width; ox++)
      for (size_t kh = 0; kh < g.kernel_height; kh++)
        for (size_t kw = 0; kw < g.kernel_width; kw++)
          *indirection++ = tap_pointer(g, oy, ox, kh, kw, input, input_pixel_stride, padding);
}

}  // namespace

size_t igemm_indirection_size(const Conv2DGeometry& g, size_t mr) {
  return round_up(g.output_pixels(), mr) * g.kernel_size();
}

size_t dwconv_indirection_size(const Conv2DGeometry& g) { return g.output_pixels() * g.kernel_size(); }

void igemm_indirection_init(const Conv2DGeometry& g, size_t mr, const float* input, size_t input_pixel_stride,
                            const float* padding, const float** indirection) {
  igemm_indirection_fill(g, mr, input, input_pixel_stride, padding, indirection);
}
void igemm_indirection_init(const Conv2DGeometry& g, size_t mr, const int8_t* input, size_t input_pixel_stride,
                            const int8_t* padding, const int8_t** indirection) {
  igemm_indirection_fill(g, mr, input, input_pixel_stride, padding, indirection);
}
void dwconv_indirection_init(const Conv2DGeometry& g, const float* input, size_t input_pixel_stride,
                             const float* padding, const float** indirection) {
  dwconv_indirection_fill(g, input, input_pixel_stride, padding, indirection);
}
void dwconv_indirection_init(const Conv2DGeometry& g, const int8_t* input, size_t input_pixel_stride,
                             const int8_t* padding, const int8_t** indirection) {
  dwconv_indirection_fill(g, input, input_pixel_stride, padding, indirection);
}

void avgpool_multipliers_init(const Conv2DGeometry& g, size_t pad_bottom, size_t pad_right, bool count_include_pad,
                              float* multipliers) {
  // Count taps inside [lo, hi) per dimension: the image for count_include_pad
  // false, the padded image otherwise (both in padded coordinates).
  const size_t y_lo = count_include_pad ? 0 : g.pad_top, y_hi = g.pad_top + g.input_height + (count_include_pad ? pad_bottom : 0);
  const size_t x_lo = count_include_pad ? 0 : g.pad_left, x_hi = g.pad_left + g.input_width + (count_include_pad ? pad_right : 0);
  // The taps inside form a box (rows in range times columns in range), so
  // the counts factor: one pass per axis, then one product per output pixel
  // (not a walk over every tap: a fuzzed pool 4*10^6 outputs wide, from a pad
  // of 2^22, made that 3.6*10^9 steps, a minute under ASan).
  std::vector<size_t> columns(g.output_width);
  for (size_t ox = 0; ox < g.output_width; ox++) {
    size_t cx = 0;
    for (size_t kw = 0; kw < g.kernel_width; kw++) {
      const size_t px = ox * g.stride_width + kw * g.dilation_width;
      if (px >= x_lo && px < x_hi) cx++;
    }
    columns[ox] = cx;
  }
  for (size_t oy = 0; oy < g.output_height; oy++) {
    size_t cy = 0;
    for (size_t kh = 0; kh < g.kernel_height; kh++) {
      const size_t py = oy * g.stride_height + kh * g.dilation_height;
      if (py >= y_lo && py < y_hi) cy++;
    }
    for (size_t ox = 0; ox < g.output_width; ox++) {
      const size_t count = cy * columns[ox];
      *multipliers++ = count != 0 ? 1.0f / static_cast<float>(count) : 0.0f;
    }
  }
}

}  // namespace nnslim::kernels
