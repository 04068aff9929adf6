// f32 pooling microkernels, NHWC, through the dwconv/pool indirection buffer
// (dwconv_indirection_init: kernel_size pointers per output pixel).
//
// maxpool:  out[c] = clamp(max_k in_k[c]). Padding taps must point to a
//           buffer of -inf (so they never win).
// avgpool:  out[c] = clamp(multipliers[p] * sum_k in_k[c]); padding taps point
//           to zeros; multipliers from avgpool_multipliers_init (that is where
//           count_include_pad lives).
// gavgpool: out[c] = clamp(scale * sum_r in[r][c]) over `rows` rows (H * W).
// Units: input_increment = bytes to advance the pointer array per output
// pixel; output_increment = bytes to skip after the `channels` outputs;
// input_offset = bytes added to every pointer except `padding`;
// gavgpool input_stride = bytes between rows.
#pragma once
#include <cstddef>

#include "kernels/microparams.h"

namespace nnslim::kernels {

using F32MaxpoolUkernelFn = void (*)(size_t output_pixels, size_t kernel_size, size_t channels, const float** input,
                                     size_t input_offset, const float* padding, float* output,
                                     size_t input_increment, size_t output_increment, const F32MinMaxParams* params);
using F32AvgpoolUkernelFn = void (*)(size_t output_pixels, size_t kernel_size, size_t channels, const float** input,
                                     size_t input_offset, const float* padding, const float* multipliers,
                                     float* output, size_t input_increment, size_t output_increment,
                                     const F32MinMaxParams* params);
using F32GavgpoolUkernelFn = void (*)(size_t rows, size_t channels, const float* input, size_t input_stride,
                                      float* output, const F32ScaleMinMaxParams* params);

#define NNSLIM_F32_MAXPOOL_UKERNEL(ct, fn)                                                                       \
  void fn(size_t output_pixels, size_t kernel_size, size_t channels, const float** input, size_t input_offset, \
          const float* padding, float* output, size_t input_increment, size_t output_increment,                \
          const F32MinMaxParams* params);
#define NNSLIM_F32_AVGPOOL_UKERNEL(ct, fn)                                                                       \
  void fn(size_t output_pixels, size_t kernel_size, size_t channels, const float** input, size_t input_offset, \
          const float* padding, const float* multipliers, float* output, size_t input_increment,                \
          size_t output_increment, const F32MinMaxParams* params);
#define NNSLIM_F32_GAVGPOOL_UKERNEL(ct, fn)                                                                \
  void fn(size_t rows, size_t channels, const float* input, size_t input_stride, float* output, \
          const F32ScaleMinMaxParams* params);
#include "kernels/f32-pool/f32-pool.inc"

template <typename Fn>
struct F32PoolUkernelInfo {
  const char* name;
  size_t channel_tile;
  Fn fn;
};
const F32PoolUkernelInfo<F32MaxpoolUkernelFn>* f32_maxpool_ukernels(size_t* count);
const F32PoolUkernelInfo<F32AvgpoolUkernelFn>* f32_avgpool_ukernels(size_t* count);
const F32PoolUkernelInfo<F32GavgpoolUkernelFn>* f32_gavgpool_ukernels(size_t* count);

}  // namespace nnslim::kernels
