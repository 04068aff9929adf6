// int8 block-sparse matrix products over R x 1 blocks (R consecutive output
// channels that share one input channel, block-CSR): the int8 twin of
// f32-bspmm, for quantized layers whose weights were block-pruned.
//
//   out[p][o] = requant_o(bias'[o] + sum over blocks (i, w[0..R)) of o's block row: w[o % R] * in[p][i])
//   bias'[o]  = bias[o] - in_zero_point * sum_i W[o][i]      (folded at pack time, as in qs8-gemm)
// with qs8-gemm's fp32 requantization (qs8-requant.h) per output channel.
//
// Arithmetic: i32x4.dot_i16x8_s multiplies 8 int16 lanes and adds adjacent
// pairs, so the blocks of a block row are packed in PAIRS (two input
// channels i, i'): per output o the int16 pair (W[o][i], W[o][i']), R outputs
// = R / 4 vectors. The activations are broadcast as the int32 lane
// (x[i] | x[i'] << 16) and one dot computes 4 outputs x 2 inputs = 8 MACs
// (f32-bspmm: 4 MACs per mul + add). A block row with an odd block count
// gets a zero block (same input, zero weights) to complete its last pair.
//
// Packed weights (qs8_bspmm_pack), per block row: R int32 bias', then per
// pair R x 2 int16 [o0: i i', o1: i i', ...], then R float scales (s_x *
// s_w[o] / s_y); outputs past the matrix's last one hold zeros. Input
// indices: two per pair (i, i'). pairs: per block row, its pair count.
//
// Units: mc pixels (rows), nc output channels to write (the call covers
// ceil(nc / R) block rows, the last one may be partial), kc input channels
// (elements = bytes); input_stride and output_stride in BYTES between
// pixels. scratch: qs8_bspmm_scratch_size(kc) int16 the kernel may use
// (the SIMD kernels widen 4 pixels' channels into it, transposed, or one
// pixel's row). A
// kernel writes only out[p][0..nc) for p < mc, never allocates, never
// throws. Integer sums are exact, so any split of pixels or block rows among
// calls gives the same bits.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "kernels/qs8-requant.h"

namespace nnslim::kernels {

using QS8BspmmUkernelFn = void (*)(size_t mc, size_t nc, size_t kc, const int8_t* input, size_t input_stride,
                                   const void* weights, const uint32_t* input_indices, const uint32_t* pairs,
                                   int8_t* output, size_t output_stride, int16_t* scratch,
                                   const QS8RequantParams* params);

#define NNSLIM_QS8_BSPMM_UKERNEL(block, fn)                                                                     \
  void fn(size_t mc, size_t nc, size_t kc, const int8_t* input, size_t input_stride, const void* weights,      \
          const uint32_t* input_indices, const uint32_t* pairs, int8_t* output, size_t output_stride,           \
          int16_t* scratch, const QS8RequantParams* params);
#include "kernels/qs8-bspmm/qs8-bspmm.inc"
#undef NNSLIM_QS8_BSPMM_UKERNEL

struct QS8BspmmUkernelInfo {
  const char* name;
  size_t block;  // R: output channels per block
  QS8BspmmUkernelFn fn;
};
// Every kernel (scalar reference and wasm SIMD variants), for tests and benchmarks.
const QS8BspmmUkernelInfo* qs8_bspmm_ukernels(size_t* count);
// The wasm SIMD kernel the runtime runs (no scalar oracle in the module).
const QS8BspmmUkernelInfo& qs8_bspmm_default_ukernel();

// int16 elements of a kernel's scratch for kc input channels.
inline size_t qs8_bspmm_scratch_size(size_t kc) { return 4 * kc + 8; }

struct QS8BspmmPacked {
  size_t block = 0;  // R
  size_t output_channels = 0, input_channels = 0;
  size_t nonzero_blocks = 0;            // blocks with a nonzero weight (before pair padding)
  std::vector<char> weights;            // per block row: bias', pairs, scales (see above)
  std::vector<uint32_t> input_indices;  // two per pair
  std::vector<uint32_t> pairs;          // per block row: its pair count
  // Bytes of weights / entries of input_indices before block row b (b <=
  // block rows): where a call that starts at block row b finds its data.
  std::vector<size_t> weight_start, index_start;
};

// W[o][i] = w[o * o_stride + i * i_stride] (elements), int8, o <
// output_channels, i < input_channels; bias: output_channels int32 or null
// (zeros); scales: output_channels floats. A block is stored when any of its
// R weights is nonzero; input_channels <= UINT32_MAX.
QS8BspmmPacked qs8_bspmm_pack(size_t block, size_t output_channels, size_t input_channels, const int8_t* w,
                              size_t o_stride, size_t i_stride, const int32_t* bias, const float* scales,
                              int32_t input_zero_point);

// How many R x 1 blocks of that W (the last block row counted whole, its
// rows past output_channels as zeros) are entirely zero, and how many of its
// weights are zero (into *zero_weights when not null).
size_t qs8_count_zero_blocks(size_t block, size_t output_channels, size_t input_channels, const int8_t* w,
                             size_t o_stride, size_t i_stride, size_t* zero_weights);

}  // namespace nnslim::kernels
