// f32 depthwise convolution microkernels, NHWC, one pass over all taps
// ("unipass"), through an indirection buffer (dwconv_indirection_init).
//
// For each of output_width output pixels: reads kernel_size pointers from
// `input` (each pointing at `channels` floats of one input pixel, or at
// `zero` for padding taps, which is never offset), computes for every channel
//     out[c] = clamp(bias[c] + sum_k w[k][c] * in_k[c]),
// writes `channels` floats, then advances:
//     input  += input_stride BYTES  (KS * sizeof(void*) for the plain layout)
//     output += channels floats + output_increment BYTES (strided pixels).
// input_offset (BYTES) is added to every non-zero pointer (rebases the buffer).
// weights: f32_packw_dwconv_chw with the kernel's channel tile CT.
// Kernels named NpCc handle exactly N taps (3x3 = 9p, 5x5 = 25p) and assert
// kernel_size == N; "up" kernels take any kernel_size. Strides and dilations
// are all in the indirection buffer. Name suffixes: _accA (A accumulator
// chains), _Mpx (M output pixels per step, sharing the weight loads),
// _splitS (every S taps the partial sums are stored into the output pixel,
// a scheduling barrier for V8; the final value overwrites them). The output
// must not overlap the input.
#pragma once
#include <cstddef>

#include "kernels/microparams.h"

namespace nnslim::kernels {

using F32DwconvMinMaxUkernelFn = void (*)(size_t channels, size_t output_width, size_t kernel_size,
                                          const float** input, const float* weights, float* output,
                                          size_t input_stride, size_t output_increment, size_t input_offset,
                                          const float* zero, const F32MinMaxParams* params);

// NNSLIM_F32_DWCONV_UKERNEL(channel_tile, taps (0 = any), name)
#define NNSLIM_F32_DWCONV_UKERNEL(ct, taps, fn)                                                              \
  void fn(size_t channels, size_t output_width, size_t kernel_size, const float** input, const float* weights, \
          float* output, size_t input_stride, size_t output_increment, size_t input_offset, const float* zero,  \
          const F32MinMaxParams* params);
#include "kernels/f32-dwconv/f32-dwconv.inc"
#undef NNSLIM_F32_DWCONV_UKERNEL

struct F32DwconvUkernelInfo {
  const char* name;
  size_t channel_tile;
  size_t taps;  // 0: any kernel size
  F32DwconvMinMaxUkernelFn fn;
};
const F32DwconvUkernelInfo* f32_dwconv_ukernels(size_t* count);

}  // namespace nnslim::kernels
