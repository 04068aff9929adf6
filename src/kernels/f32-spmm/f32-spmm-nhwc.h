// SpMM on row-major (NHWC) activations, one strip of pixels at a time: the
// SpMM kernels want each input channel's pixels contiguous, NHWC keeps each
// pixel's channels contiguous, so a strip of `count` rows [count, Cin] is
// transposed into a channel-major block [Cin, strip] (small: stays in
// cache while every output channel reads it), multiplied into a block
// [Cout, strip], and transposed back into the output rows [count, Cout].
// The transposes move (Cin + Cout) floats per pixel; the product costs one
// broadcast multiply-add per nonzero per 4 pixels.
#pragma once
#include <cstddef>

#include "kernels/f32-spmm/f32-spmm-pack.h"
#include "kernels/f32-spmm/f32-spmm.h"

namespace nnslim::kernels {

// input: `count` rows of packed.input_channels floats (row stride =
// input_channels); output: `count` rows of packed.output_channels floats.
// block_in / block_out: scratch of input_channels * strip and
// output_channels * strip floats (initialized: a partial strip computes on
// all of its pixels rounded up to a multiple of 4, and the extra pixels read
// what the block holds there); count <= strip, strip a multiple of 4. The weights must be packed
// with input_channel_stride_bytes = strip * sizeof(float). Returns whether
// the strip's input rows are all finite (checked on the transpose's loads:
// a NaN or +-inf there needs the caller's IEEE fix-up).
bool f32_spmm_nhwc_strip(F32SpmmMinMaxUkernelFn kernel, size_t strip, size_t count, const F32SpmmPacked& packed,
                         const float* input, float* output, float* block_in, float* block_out,
                         const F32MinMaxParams& params);

}  // namespace nnslim::kernels
