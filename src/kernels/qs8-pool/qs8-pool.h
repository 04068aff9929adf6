// int8 pooling microkernels, NHWC, through the dwconv/pool indirection buffer
// (dwconv_indirection_init: kernel_size pointers per output pixel), the
// pointer conventions of f32-pool (input_offset is added to every pointer but
// `padding`; increments in bytes).
//
// maxpool:  y[c] = clamp(max_k x_k[c], qmin, qmax). Max commutes with the
//           (monotonic) dequantization, so with equal input and output scales
//           this IS the QDQ result; padding taps point to -128s.
// avgpool:  acc[c] = sum_k x_k[c] - kernel_size * z_x   (padding taps point to
//           z_x, so they add 0), y[c] = requant(acc[c], multipliers[p]) with
//           multipliers[p] = s_x / (s_y * count_p): the average's divisor and
//           the rescale in one float (kernels/qs8-requant.h rounding).
//           kernel_size <= 256 (taps are summed in int16: 256 * 128 fits).
// gavgpool: acc[c] = sum_r x[r][c] - rows * z_x, y[c] = requant(acc[c], scale),
//           scale = s_x / (s_y * rows); any number of rows.
#pragma once
#include <cstddef>
#include <cstdint>

#include "kernels/qs8-requant.h"

namespace nnslim::kernels {

struct QS8MaxpoolParams {
  int8_t qmin, qmax;
};

struct QS8AvgpoolParams {
  int32_t input_zero_point;
  QS8RequantParams requant;  // output zero point and [qmin, qmax]
};

using QS8MaxpoolUkernelFn = void (*)(size_t output_pixels, size_t kernel_size, size_t channels,
                                     const int8_t** input, size_t input_offset, const int8_t* padding,
                                     int8_t* output, size_t input_increment, size_t output_increment,
                                     const QS8MaxpoolParams* params);
using QS8AvgpoolUkernelFn = void (*)(size_t output_pixels, size_t kernel_size, size_t channels,
                                     const int8_t** input, size_t input_offset, const int8_t* padding,
                                     const float* multipliers, int8_t* output, size_t input_increment,
                                     size_t output_increment, const QS8AvgpoolParams* params);
using QS8GavgpoolUkernelFn = void (*)(size_t rows, size_t channels, const int8_t* input, size_t input_stride,
                                      float scale, int8_t* output, const QS8AvgpoolParams* params);

// Scalar oracles (one channel at a time, qs8_requantize_reference rounding).
void qs8_maxpool_ukernel__scalar_c1(size_t output_pixels, size_t kernel_size, size_t channels,
                                    const int8_t** input, size_t input_offset, const int8_t* padding,
                                    int8_t* output, size_t input_increment, size_t output_increment,
                                    const QS8MaxpoolParams* params);
void qs8_avgpool_minmax_fp32_ukernel__scalar_c1(size_t output_pixels, size_t kernel_size, size_t channels,
                                                const int8_t** input, size_t input_offset, const int8_t* padding,
                                                const float* multipliers, int8_t* output, size_t input_increment,
                                                size_t output_increment, const QS8AvgpoolParams* params);
void qs8_gavgpool_minmax_fp32_ukernel__scalar_c1(size_t rows, size_t channels, const int8_t* input,
                                                 size_t input_stride, float scale, int8_t* output,
                                                 const QS8AvgpoolParams* params);

// wasm SIMD128, 16 channels per step; a row of 16+ channels ends on an
// overlapping 16-channel block, a row of fewer goes through a 16-byte buffer.
void qs8_maxpool_ukernel__wasmsimd_c16(size_t output_pixels, size_t kernel_size, size_t channels,
                                       const int8_t** input, size_t input_offset, const int8_t* padding,
                                       int8_t* output, size_t input_increment, size_t output_increment,
                                       const QS8MaxpoolParams* params);
void qs8_avgpool_minmax_fp32_ukernel__wasmsimd_c16(size_t output_pixels, size_t kernel_size, size_t channels,
                                                   const int8_t** input, size_t input_offset,
                                                   const int8_t* padding, const float* multipliers,
                                                   int8_t* output, size_t input_increment,
                                                   size_t output_increment, const QS8AvgpoolParams* params);
void qs8_gavgpool_minmax_fp32_ukernel__wasmsimd_c16(size_t rows, size_t channels, const int8_t* input,
                                                    size_t input_stride, float scale, int8_t* output,
                                                    const QS8AvgpoolParams* params);

inline QS8AvgpoolParams qs8_avgpool_params(int32_t input_zero_point, int32_t output_zero_point, int32_t qmin,
                                           int32_t qmax) {
  return {input_zero_point, qs8_requant_params(output_zero_point, qmin, qmax)};
}

}  // namespace nnslim::kernels
