// Block-sparse execution of the matrix products with constant weights (1x1
// Conv, Gemm, MatMul) whose zeros come in whole R x 1 blocks (R consecutive
// output channels at one input channel: what prune({method: 'block', block:
// '8x1' | '4x1' | '4x4'}) leaves). The weights are packed as block-CSR
// (kernels/f32-bspmm) and each block costs one splatted input times R / 4
// weight vectors: vectorised with no gather, on row-major activations with
// no transpose, so it also makes the batch-1 GEMV fast (the CSR GEMV cannot
// vectorise: wasm SIMD has no gather).
//
// Which kernel: choose_sparse_kernel (sparse_matmul_step.h) asks
// best_block_sparse_kernel for the block shape that fits the weights best and
// compares its predicted time with the CSR kernel's and the dense one's.
#pragma once
#include <memory>
#include <string>

#include "kernels/f32-bspmm/f32-bspmm.h"
#include "kernels/microparams.h"
#include "runtime/compiled_plan.h"
#include "runtime/steps/activation_epilogue.h"
#include "runtime/steps/sparse_matmul_step.h"

namespace nnslim {

struct BlockSparseCandidate {
  const kernels::F32BspmmUkernelInfo* kernel = nullptr;  // null: no block shape qualifies
  size_t zero_blocks = 0, blocks = 0;                    // all-zero R x 1 blocks, all blocks
  double predicted = 0.0;  // predicted time as a fraction of the dense kernel's
  double block_sparsity() const { return blocks ? double(zero_blocks) / double(blocks) : 0.0; }
};

// The block shape (of the runtime's kernels) with the lowest predicted time
// for these weights, among those whose zeros come in whole blocks (at least
// 90% of the zero weights lie in all-zero blocks) with a block sparsity at or
// above the shape's measured crossover. `zero_weights`: the matrix's exact
// zeros (already counted by the caller).
BlockSparseCandidate best_block_sparse_kernel(const ConstantMatrix& weights, size_t zero_weights);

// The block-sparse step for `rows` rows (pixels of an NHWC 1x1 conv, rows of
// a Gemm; 1: the GEMV) with the candidate's kernel.
std::unique_ptr<Step> make_block_sparse_matmul_step(size_t rows, const ConstantMatrix& weights,
                                                    const kernels::F32BspmmUkernelInfo& kernel,
                                                    kernels::F32MinMaxParams clamp,
                                                    const ActivationEpilogue& epilogue, const std::string& what);

// The block sparsity from which each block shape runs (measured crossovers),
// for tests and docs: R = 8 or 4.
double block_sparse_threshold(size_t block);

}  // namespace nnslim
