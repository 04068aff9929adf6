// Scalar pooling: the oracles (direct loops) and the c1 microkernels.
#include <cassert>
#include <cstdint>
#include <limits>

#include "kernels/f32-pool/f32-pool-reference.h"
#include "kernels/f32-pool/f32-pool.h"

namespace nnslim::kernels {

namespace {
// Input pixel (iy, ix) of a window tap in padded coordinates, or false.
bool inside(const Conv2DGeometry& g, size_t oy, size_t ox, size_t kh, size_t kw, size_t* iy, size_t* ix) {
  const long y = static_cast<long>(oy * g.stride_height + kh * g.dilation_height) - static_cast<long>(g.pad_top);
  const long x = static_cast<long>(ox * g.stride_width + kw * g.dilation_width) - static_cast<long>(g.pad_left);
  if (y < 0 || x < 0 || y >= static_cast<long>(g.input_height) || x >= static_cast<long>(g.input_width)) return false;
  *iy = static_cast<size_t>(y);
  *ix = static_cast<size_t>(x);
  return true;
}
}  // namespace

void f32_maxpool2d_nhwc_reference(const Conv2DGeometry& g, size_t channels, const float* input, float* output,
                                  float min, float max) {
  for (size_t oy = 0; oy < g.output_height; oy++)
    for (size_t ox = 0; ox < g.output_width; ox++)
      for (size_t c = 0; c < channels; c++) {
        float m = -std::numeric_limits<float>::infinity();
        for (size_t kh = 0; kh < g.kernel_height; kh++)
          for (size_t kw = 0; kw < g.kernel_width; kw++) {
            size_t iy, ix;
            if (!inside(g, oy, ox, kh, kw, &iy, &ix)) continue;
            const float v = input[(iy * g.input_width + ix) * channels + c];
            m = f32_max_keep_nan(m, v);
          }
        *output++ = f32_clamp(m, min, max);
      }
}

void f32_avgpool2d_nhwc_reference(const Conv2DGeometry& g, size_t pad_bottom, size_t pad_right,
                                  bool count_include_pad, size_t channels, const float* input, float* output,
                                  float min, float max) {
  for (size_t oy = 0; oy < g.output_height; oy++)
    for (size_t ox = 0; ox < g.output_width; ox++) {
      // Divisor: count taps within the image or within the padded image.
      size_t count = 0;
      for (size_t kh = 0; kh < g.kernel_height; kh++)
        for (size_t kw = 0; kw < g.kernel_width; kw++) {
          const long y = static_cast<long>(oy * g.stride_height + kh * g.dilation_height) - static_cast<long>(g.pad_top);
          const long x = static_cast<long>(ox * g.stride_width + kw * g.dilation_width) - static_cast<long>(g.pad_left);
          const long y_lo = count_include_pad ? -static_cast<long>(g.pad_top) : 0;
          const long x_lo = count_include_pad ? -static_cast<long>(g.pad_left) : 0;
          const long y_hi = static_cast<long>(g.input_height + (count_include_pad ? pad_bottom : 0));
          const long x_hi = static_cast<long>(g.input_width + (count_include_pad ? pad_right : 0));
          if (y >= y_lo && y < y_hi && x >= x_lo && x < x_hi) count++;
        }
      for (size_t c = 0; c < channels; c++) {
        float sum = 0.0f;
        for (size_t kh = 0; kh < g.kernel_height; kh++)
          for (size_t kw = 0; kw < g.kernel_width; kw++) {
            size_t iy, ix;
            if (inside(g, oy, ox, kh, kw, &iy, &ix)) sum += input[(iy * g.input_width + ix) * channels + c];
          }
        *output++ = f32_clamp(count != 0 ? sum / static_cast<float>(count) : 0.0f, min, max);
      }
    }
}

void f32_global_avgpool_nhwc_reference(size_t pixels, size_t channels, const float* input, float* output,
                                       float min, float max) {
  for (size_t c = 0; c < channels; c++) {
    double sum = 0.0;
    for (size_t p = 0; p < pixels; p++) sum += input[p * channels + c];
    output[c] = f32_clamp(static_cast<float>(sum / static_cast<double>(pixels)), min, max);
  }
}

static inline const float* rebase(const float* p, const float* padding, size_t offset) {
  return p != padding ? reinterpret_cast<const float*>(reinterpret_cast<uintptr_t>(p) + offset) : p;
}

void f32_maxpool_minmax_ukernel__scalar_c1(size_t output_pixels, size_t kernel_size, size_t channels,
                                           const float** input, size_t input_offset, const float* padding,
                                           float* output, size_t input_increment, size_t output_increment,
                                           const F32MinMaxParams* params) {
  assert(output_pixels != 0 && kernel_size != 0 && channels != 0);
  do {
    for (size_t c = 0; c < channels; c++) {
      float m = rebase(input[0], padding, input_offset)[c];
      for (size_t k = 1; k < kernel_size; k++) {
        const float v = rebase(input[k], padding, input_offset)[c];
        m = f32_max_keep_nan(m, v);
      }
      *output++ = f32_clamp(m, params->min, params->max);
    }
    input = reinterpret_cast<const float**>(reinterpret_cast<uintptr_t>(input) + input_increment);
    output = reinterpret_cast<float*>(reinterpret_cast<uintptr_t>(output) + output_increment);
  } while (--output_pixels != 0);
}

void f32_avgpool_minmax_ukernel__scalar_c1(size_t output_pixels, size_t kernel_size, size_t channels,
                                           const float** input, size_t input_offset, const float* padding,
                                           const float* multipliers, float* output, size_t input_increment,
                                           size_t output_increment, const F32MinMaxParams* params) {
  assert(output_pixels != 0 && kernel_size != 0 && channels != 0);
  do {
    const float scale = *multipliers++;
    for (size_t c = 0; c < channels; c++) {
      float sum = 0.0f;
      for (size_t k = 0; k < kernel_size; k++) sum += rebase(input[k], padding, input_offset)[c];
      *output++ = f32_clamp(sum * scale, params->min, params->max);
    }
    input = reinterpret_cast<const float**>(reinterpret_cast<uintptr_t>(input) + input_increment);
    output = reinterpret_cast<float*>(reinterpret_cast<uintptr_t>(output) + output_increment);
  } while (--output_pixels != 0);
}

void f32_gavgpool_minmax_ukernel__scalar_c1(size_t rows, size_t channels, const float* input, size_t input_stride,
                                            float* output, const F32ScaleMinMaxParams* params) {
  assert(rows != 0 && channels != 0);
  for (size_t c = 0; c < channels; c++) {
    float sum = 0.0f;
    const float* in = input + c;
    for (size_t r = 0; r < rows; r++) {
      sum += *in;
      in = reinterpret_cast<const float*>(reinterpret_cast<uintptr_t>(in) + input_stride);
    }
    output[c] = f32_clamp(sum * params->scale, params->min, params->max);
  }
}

const F32PoolUkernelInfo<F32MaxpoolUkernelFn>* f32_maxpool_ukernels(size_t* count) {
  static const F32PoolUkernelInfo<F32MaxpoolUkernelFn> kList[] = {
#define NNSLIM_F32_MAXPOOL_UKERNEL(ct, fn) {#fn, ct, fn},
#define NNSLIM_F32_AVGPOOL_UKERNEL(ct, fn)
#define NNSLIM_F32_GAVGPOOL_UKERNEL(ct, fn)
#include "kernels/f32-pool/f32-pool.inc"
  };
  *count = sizeof(kList) / sizeof(kList[0]);
  return kList;
}

const F32PoolUkernelInfo<F32AvgpoolUkernelFn>* f32_avgpool_ukernels(size_t* count) {
  static const F32PoolUkernelInfo<F32AvgpoolUkernelFn> kList[] = {
#define NNSLIM_F32_MAXPOOL_UKERNEL(ct, fn)
#define NNSLIM_F32_AVGPOOL_UKERNEL(ct, fn) {#fn, ct, fn},
#define NNSLIM_F32_GAVGPOOL_UKERNEL(ct, fn)
#include "kernels/f32-pool/f32-pool.inc"
  };
  *count = sizeof(kList) / sizeof(kList[0]);
  return kList;
}

const F32PoolUkernelInfo<F32GavgpoolUkernelFn>* f32_gavgpool_ukernels(size_t* count) {
  static const F32PoolUkernelInfo<F32GavgpoolUkernelFn> kList[] = {
#define NNSLIM_F32_MAXPOOL_UKERNEL(ct, fn)
#define NNSLIM_F32_AVGPOOL_UKERNEL(ct, fn)
#define NNSLIM_F32_GAVGPOOL_UKERNEL(ct, fn) {#fn, ct, fn},
#include "kernels/f32-pool/f32-pool.inc"
  };
  *count = sizeof(kList) / sizeof(kList[0]);
  return kList;
}

}  // namespace nnslim::kernels
