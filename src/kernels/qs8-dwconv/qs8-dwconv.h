// int8 depthwise convolution microkernels (qs8, fp32 requantization per
// channel), NHWC, all taps in one pass, through an int8 indirection buffer
// (dwconv_indirection_init). Same calling convention as the f32 family
// (kernels/f32-dwconv/f32-dwconv.h): per output pixel, kernel_size pointers
// (`zero` = padding, never offset, holds the INPUT ZERO POINT), then
//     input += input_stride BYTES, output += channels + output_increment BYTES.
//     out[c] = requant_c(bias'[c] + sum_k w[k][c] * in_k[c])
//     bias'[c] = bias[c] - x_zero_point * sum_k w[k][c]   (folded at pack time)
// Packed weights (qs8_packw_dwconv), per group of CT channels: CT int32
// bias', kernel_size x CT int16 weights, CT float scales (zeros past C).
// Two packings (QS8DwconvPacking):
//   kTaps:     kernel_size x CT int16 weights; the kernel multiplies widened
//              inputs with i32x4.extmul_{low,high}_i16x8_s ("mul16").
//   kTapPairs: taps in pairs (t, t+1), per 4 channels the 8 int16
//              [c0t c0t+1 c1t c1t+1 ...] (a zero weight pads an odd tap
//              count); the kernel interleaves two taps' inputs (one
//              i16x8.shuffle per 4 channels) and multiply-adds both with one
//              i32x4.dot_i16x8_s ("dot16x2": half the instructions of mul16).
#pragma once
#include <cstddef>
#include <cstdint>

#include "kernels/qs8-requant.h"

namespace nnslim::kernels {

using QS8DwconvUkernelFn = void (*)(size_t channels, size_t output_width, size_t kernel_size, const int8_t** input,
                                    const void* weights, int8_t* output, size_t input_stride,
                                    size_t output_increment, size_t input_offset, const int8_t* zero,
                                    const QS8RequantParams* params);

//   kTapPairs3x3Cols: 3x3 only (taps t = 3 ky + kx): kTapPairs over the
//              pairs (0,3) (1,4) (2,5) (6,7) (7,8), tap 7's weight 0 in the
//              last one (10 packed taps), for the *_cols kernels: rows 0 and
//              1 of an input column, and row 2's neighbours, paired once per
//              column and shared along a stride-1 row
//              (qs8-dwconv-3x3-cols-wasmsimd.h).
enum class QS8DwconvPacking { kTaps, kTapPairs, kTapPairs3x3Cols };

// NNSLIM_QS8_DWCONV_UKERNEL(channel_tile, packing, name); kernels take any kernel size.
#define NNSLIM_QS8_DWCONV_UKERNEL(ct, packing, fn)                                                            \
  void fn(size_t channels, size_t output_width, size_t kernel_size, const int8_t** input, const void* weights, \
          int8_t* output, size_t input_stride, size_t output_increment, size_t input_offset, const int8_t* zero,  \
          const QS8RequantParams* params);
#include "kernels/qs8-dwconv/qs8-dwconv-wasmsimd.inc"
#undef NNSLIM_QS8_DWCONV_UKERNEL

struct QS8DwconvUkernelInfo {
  const char* name;
  size_t channel_tile;
  QS8DwconvPacking packing;
  QS8DwconvUkernelFn fn;
};
const QS8DwconvUkernelInfo* qs8_dwconv_ukernels(size_t* count);

// 3x3-only kernels (kernel_size must be 9 and channels a multiple of 8:
// whole channel tiles, then one last group of 8; kTapPairs packing, the same bytes the any-size dot16x2
// kernel reads): the tap-pair loop kept rolled, the odd ninth tap without
// the pair shuffle; 1px or 2px output pixels per step (2px: each weight
// load shared by two pixels).
void qs8_dwconv_minmax_fp32_ukernel_9p16c__wasmsimd_dot16x2_2px(size_t channels, size_t output_width,
                                                               size_t kernel_size, const int8_t** input,
                                                               const void* weights, int8_t* output,
                                                               size_t input_stride, size_t output_increment,
                                                               size_t input_offset, const int8_t* zero,
                                                               const QS8RequantParams* params);
void qs8_dwconv_minmax_fp32_ukernel_9p16c__wasmsimd_dot16x2_1px(size_t channels, size_t output_width,
                                                               size_t kernel_size, const int8_t** input,
                                                               const void* weights, int8_t* output,
                                                               size_t input_stride, size_t output_increment,
                                                               size_t input_offset, const int8_t* zero,
                                                               const QS8RequantParams* params);
const QS8DwconvUkernelInfo* qs8_dwconv_9p_ukernels(size_t* count);

// 3x3-only, kTapPairs3x3Cols packing with 8-channel tiles, channels a
// multiple of 8: each input column's tap pairs built once and slid along
// runs of output pixels that read shifted columns (stride-1 rows, each
// 4-channel half two pixels per step; other pixels, e.g. stride 2, are runs
// of one, 8 channels at once). _i8sat: no clamp instruction, under the
// same conditions as the 1px i8sat twin's (the runtime's kernel for both
// strides since the eleventh session). For qs8_packw_dwconv_accumulators_fit
// the packed weights are a 10-tap kTapPairs packing (qs8_packw_dwconv_fits).
void qs8_dwconv_minmax_fp32_ukernel_9p8c__wasmsimd_dot16x2_cols(size_t channels, size_t output_width,
                                                               size_t kernel_size, const int8_t** input,
                                                               const void* weights, int8_t* output,
                                                               size_t input_stride, size_t output_increment,
                                                               size_t input_offset, const int8_t* zero,
                                                               const QS8RequantParams* params);
void qs8_dwconv_minmax_fp32_ukernel_9p8c__wasmsimd_dot16x2_cols_i8sat(size_t channels, size_t output_width,
                                                                     size_t kernel_size, const int8_t** input,
                                                                     const void* weights, int8_t* output,
                                                                     size_t input_stride, size_t output_increment,
                                                                     size_t input_offset, const int8_t* zero,
                                                                     const QS8RequantParams* params);

// The 1px kernel with the requantization's lower clamp in int8 after the
// narrows (one i8x16.max per 16 channels instead of four i32x4.max): the
// same outputs, for weights that pass qs8_packw_dwconv_accumulators_fit.
void qs8_dwconv_minmax_fp32_ukernel_9p16c__wasmsimd_dot16x2_1px_i8min(size_t channels, size_t output_width,
                                                                     size_t kernel_size, const int8_t** input,
                                                                     const void* weights, int8_t* output,
                                                                     size_t input_stride, size_t output_increment,
                                                                     size_t input_offset, const int8_t* zero,
                                                                     const QS8RequantParams* params);
// Its twin with no clamp instruction, for the same weights when the output
// range is the whole int8 range (qs8_requant_full_range).
void qs8_dwconv_minmax_fp32_ukernel_9p16c__wasmsimd_dot16x2_1px_i8sat(size_t channels, size_t output_width,
                                                                     size_t kernel_size, const int8_t** input,
                                                                     const void* weights, int8_t* output,
                                                                     size_t input_stride, size_t output_increment,
                                                                     size_t input_offset, const int8_t* zero,
                                                                     const QS8RequantParams* params);

// Whether every channel of weights packed by qs8_packw_dwconv(ct, channels,
// kernel_size, ..., packing) keeps |acc * scale| <= 2^21 for any int8 input
// (|acc| <= |bias'| + 128 * sum_k |w_k|), as the *_i8min kernel needs
// (qs8-gemm.h: qs8_packw_accumulators_fit). False for a non-finite scale.
// kTaps or kTapPairs only (qs8_packw_dwconv_fits takes any packing).
bool qs8_packw_dwconv_accumulators_fit(size_t ct, size_t channels, size_t kernel_size, const void* packed,
                                       QS8DwconvPacking packing = QS8DwconvPacking::kTaps);

// qs8_packw_dwconv_accumulators_fit for every packing: kTapPairs3x3Cols
// weights are read as the 10-tap kTapPairs layout they are.
inline bool qs8_packw_dwconv_fits(size_t ct, size_t channels, size_t kernel_size, const void* packed,
                                  QS8DwconvPacking packing) {
  if (packing == QS8DwconvPacking::kTapPairs3x3Cols)
    return qs8_packw_dwconv_accumulators_fit(ct, channels, 10, packed, QS8DwconvPacking::kTapPairs);
  return qs8_packw_dwconv_accumulators_fit(ct, channels, kernel_size, packed, packing);
}

size_t qs8_packw_dwconv_size(size_t ct, size_t channels, size_t kernel_size,
                             QS8DwconvPacking packing = QS8DwconvPacking::kTaps);
// w: [channels, kernel_size] int8 (ONNX depthwise weights [C, 1, KH, KW]);
// bias: int32 or null; scales: per channel s_x * s_w[c] / s_y.
void qs8_packw_dwconv(size_t ct, size_t channels, size_t kernel_size, const int8_t* w, const int32_t* bias,
                      const float* scales, int32_t x_zero_point, void* packed,
                      QS8DwconvPacking packing = QS8DwconvPacking::kTaps);

}  // namespace nnslim::kernels
