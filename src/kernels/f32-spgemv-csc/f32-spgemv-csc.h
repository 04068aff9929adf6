// f32 column-oriented sparse GEMV (batch 1) that skips zero inputs:
//
//   c[o] = clamp(bias[o] + sum over nonzero inputs a[j], in increasing j, of
//                sum over the stored blocks of column j: W[o][j] * a[j])
//
// The row-oriented sparse GEMV (f32-spgemv) pays about one cycle per nonzero
// weight whatever its format (an index load and an input load per nonzero;
// docs/runtime.md, "Sparse weights"), and an input that is zero still costs
// the nonzero weights of its column. A layer fed by a ReLU sees about half of
// its inputs exactly zero: walking the weights by column, the kernel visits
// only the columns of the nonzero inputs, and the zero inputs' columns cost
// nothing (each visited block costs more than a row's nonzero, below).
//
// Format (f32_spgemv_csc_pack): the outputs are split into panels of
// panel_rows rows (a multiple of 4; the panel's accumulators stay in L1 and a
// thread takes whole panels). Within a panel each column j keeps the 4x1
// blocks (4 consecutive outputs at input j) that hold a nonzero weight: 4
// values and the block's byte offset from the panel's first output. At 90%
// magnitude zeros about a third of the 4x1 blocks hold a nonzero (1 - 0.9^4),
// 1.16 nonzeros each; a block is one splatted input times one weight vector
// added into 4 accumulators (a load and a store of the accumulator vector).
//
// A run first lists the nonzero inputs (f32_nonzero_indices), then each panel
// starts from its biases, adds every listed column's blocks in increasing j
// and writes the clamped sums. Each accumulator lane sees the same sequence
// of multiply-adds however the panels are spread over threads: the result
// does not depend on the thread count (it does differ in rounding from a
// row-order sum).
//
// Skipping a zero input drops W[o][j] * 0, which is +-0 for finite weights:
// the packing refuses (f32_spgemv_csc_packable) weights that are not finite,
// whose product with zero is NaN. The converse is not handled here: an Inf
// or NaN input meets only the stored weights, so an output whose weight for
// it is a pruned zero stays finite where a dense product gives NaN
// (0 * Inf). A runtime step on this kernel needs the row kernel's fix-up
// (runtime/steps/sparse_nonfinite).
//
// Measured against the row kernel (bench/kernels/spmm_bench.cc --mlp-only;
// docs/runtime.md, "Skipping zero inputs"): a block costs ~2 cycles against
// ~1 per nonzero by rows, so with half the inputs zero it only breaks even,
// and the runtime does not use it.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "kernels/microparams.h"

namespace nnslim::kernels {

constexpr size_t kSpgemvCscBlock = 4;
// Each column of a panel holds a multiple of 4 blocks: the padding blocks
// are zeros aimed at a spare block past the panel's rows, so the kernel's
// loop over a column has no remainder loop (measured: the same time as with
// one; 1.6% more blocks at 90% zeros).
constexpr size_t kSpgemvCscColumnMultiple = 4;
// Byte offsets of blocks within a panel (the spare block's included) are 16-bit.
constexpr size_t kSpgemvCscMaxPanelRows = 16384 - 2 * kSpgemvCscBlock;

struct F32SpgemvCscPacked {
  size_t output_channels = 0, input_channels = 0;
  size_t panel_rows = 0;        // a multiple of 4; the last panel may be shorter
  size_t nonzero_count = 0;     // true nonzeros (padding excluded)
  std::vector<float> bias;      // output_channels rounded up to 4 (zeros after the last)
  // Per panel p, input_channels + 1 entries: column j's blocks are
  // [column_start[p * (input_channels + 1) + j], ... + j + 1).
  std::vector<uint32_t> column_start;
  std::vector<float> values;           // 4 per block (the block's rows in order), padding blocks included
  std::vector<uint16_t> block_offsets;  // per block: byte offset of its first row from the panel's first row

  size_t panels() const { return (output_channels + panel_rows - 1) / panel_rows; }
  size_t stored_blocks() const { return block_offsets.size(); }
};

// Whether every weight is finite (the kernel's skipping of zero inputs is exact only then).
bool f32_spgemv_csc_packable(size_t output_channels, size_t input_channels, const float* w, size_t o_stride,
                             size_t i_stride);
// W[o][i] = w[o * o_stride + i * i_stride] as in f32_spmm_pack; bias may be
// null (zeros). panel_rows: a multiple of 4 in [4, kSpgemvCscMaxPanelRows].
F32SpgemvCscPacked f32_spgemv_csc_pack(size_t output_channels, size_t input_channels, const float* w,
                                       size_t o_stride, size_t i_stride, const float* bias, size_t panel_rows);

// The indices j < n with x[j] != 0 (NaN included, +-0 excluded), in
// increasing order, into indices; returns their count. indices must have
// room for n + 3 entries (the SIMD kernel stores 4 at a time).
using F32NonzeroIndicesFn = size_t (*)(size_t n, const float* x, uint32_t* indices);
size_t f32_nonzero_indices__scalar(size_t n, const float* x, uint32_t* indices);
size_t f32_nonzero_indices__wasmsimd(size_t n, const float* x, uint32_t* indices);

// One panel: nc outputs (<= panel_rows), the active (nonzero) inputs listed
// in active[0..active_count), column_start the panel's own entries,
// values / block_offsets the packing's arrays (column_start indexes them),
// bias the panel's first bias, acc scratch of nc rounded up to 4 floats plus
// the spare block's 4, c the panel's nc outputs.
using F32SpgemvCscUkernelFn = void (*)(size_t nc, size_t active_count, const uint32_t* active, const float* a,
                                       const uint32_t* column_start, const float* values,
                                       const uint16_t* block_offsets, const float* bias, float* acc, float* c,
                                       const F32MinMaxParams* params);
// The reference: one multiply-add at a time, in the SIMD kernel's order.
void f32_spgemv_csc_minmax_ukernel__scalar(size_t nc, size_t active_count, const uint32_t* active, const float* a,
                                           const uint32_t* column_start, const float* values,
                                           const uint16_t* block_offsets, const float* bias, float* acc, float* c,
                                           const F32MinMaxParams* params);
// wasm SIMD: a block is one multiply-add of 4 lanes; 4 blocks per loop trip.
// The reference walks any number of blocks per column; the SIMD kernel
// needs the packing's multiple of 4.
void f32_spgemv_csc_minmax_ukernel__wasmsimd(size_t nc, size_t active_count, const uint32_t* active, const float* a,
                                             const uint32_t* column_start, const float* values,
                                             const uint16_t* block_offsets, const float* bias, float* acc, float* c,
                                             const F32MinMaxParams* params);

}  // namespace nnslim::kernels
