// f32 block-sparse matrix products over R x 1 blocks: R consecutive output
// channels that share one input channel (block-CSR). This is the layout that
// block pruning over output channels (prune method 'block', 4x1 / 8x1, or
// 4x4 for R = 4) produces, and the one that vectorises with no gather:
//
//   out[p][o] = clamp(bias[o] + sum over blocks (i, w[0..R)) of o's block row: w[o % R] * in[p][i])
//
// Each block is one scalar load of in[p][i] splatted across the lanes, times
// R / 4 vectors of contiguous weights, added to R / 4 accumulators that hold
// R consecutive outputs of pixel p. Activations stay row-major (NHWC, or a
// Gemm's [M, K]): a pixel's output channels are contiguous, so there is no
// transpose (unlike f32-spmm, which vectorises over pixels and needs them
// channel-major). The same kernel is the batch-1 GEMV (mc = 1).
//
// Units and layout (packed by f32_bspmm_pack):
//   mc             pixels (rows of input and output), >= 1.
//   nc             output channels to write, >= 1 (the call covers
//                  ceil(nc / R) block rows; the last one may be partial).
//   input          pixel p's channels start at input + p * input_stride BYTES.
//   weights        per block row: R biases, then R values per block, blocks in
//                  increasing input-channel order (outputs past the matrix's
//                  last one hold zeros).
//   input_indices  per block: its input channel (elements).
//   blocks         per block row: how many blocks it has (0 allowed).
//   output         pixel p's channels start at output + p * output_stride BYTES.
// A kernel writes only out[p][0..nc) for p < mc, never allocates, never throws.
//
// The SIMD kernels take pixels 4 at a time (4 x R / 4 accumulators), then the
// remaining pixels one at a time with two sets of accumulators (even and odd
// blocks, added at the row's end) so that a GEMV row is not one chain of
// dependent adds. A pixel's sum order depends only on whether it is in a
// group of 4 counted from the call's first pixel: callers that split pixels
// among threads start every range at a multiple of 4 (bit-identical results).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "kernels/microparams.h"

namespace nnslim::kernels {

using F32BspmmMinMaxUkernelFn = void (*)(size_t mc, size_t nc, const float* input, size_t input_stride,
                                         const float* weights, const uint32_t* input_indices, const uint32_t* blocks,
                                         float* output, size_t output_stride, const F32MinMaxParams* params);

#define NNSLIM_F32_BSPMM_UKERNEL(block, fn)                                                                    \
  void fn(size_t mc, size_t nc, const float* input, size_t input_stride, const float* weights,                \
          const uint32_t* input_indices, const uint32_t* blocks, float* output, size_t output_stride, \
          const F32MinMaxParams* params);
#include "kernels/f32-bspmm/f32-bspmm.inc"
#undef NNSLIM_F32_BSPMM_UKERNEL

struct F32BspmmUkernelInfo {
  const char* name;
  size_t block;  // R: output channels per block
  F32BspmmMinMaxUkernelFn fn;
};
// Every kernel (scalar references and wasm SIMD), for tests and benchmarks.
const F32BspmmUkernelInfo* f32_bspmm_ukernels(size_t* count);
// The wasm SIMD kernels the runtime may pick (no scalar oracle in the module).
const F32BspmmUkernelInfo* f32_bspmm_simd_ukernels(size_t* count);

struct F32BspmmPacked {
  size_t block = 0;  // R
  size_t output_channels = 0, input_channels = 0;
  size_t nonzero_blocks = 0;           // stored blocks (R values each)
  std::vector<float> weights;          // per block row: R biases, then R values per block
  std::vector<uint32_t> input_indices;  // per block: its input channel
  std::vector<uint32_t> blocks;        // per block row: its block count
  // Floats of weights / entries of input_indices before block row b (b <=
  // block rows): where a call that starts at block row b finds its data.
  std::vector<size_t> weight_start, index_start;
};

// W[o][i] = w[o * o_stride + i * i_stride] (elements), o < output_channels,
// i < input_channels, as in f32_spmm_pack; bias may be null (zeros). A block
// (block row o / R, input i) is stored when any of its R weights is nonzero
// (+0 and -0 are zeros); input_channels <= UINT32_MAX.
F32BspmmPacked f32_bspmm_pack(size_t block, size_t output_channels, size_t input_channels, const float* w,
                              size_t o_stride, size_t i_stride, const float* bias);

// How many R x 1 blocks of that W (the last block row counted whole, its
// rows past output_channels as zeros) are entirely zero, for the
// dense-or-sparse decision before anything is packed.
size_t f32_count_zero_blocks(size_t block, size_t output_channels, size_t input_channels, const float* w,
                             size_t o_stride, size_t i_stride);

}  // namespace nnslim::kernels
