// Sparse execution of the matrix products with constant weights (1x1 Conv,
// Gemm, MatMul): when enough weights are exactly zero, the lowering packs the
// nonzeros (kernels/f32-spmm/f32-spmm-pack.h) and runs a sparse kernel that
// skips the zeros, instead of the dense GEMM / GEMV.
//
// Rows > 1 (pixels of an NHWC conv, rows of a Gemm): the "Fast Sparse
// ConvNets" SpMM, vectorised over pixels. It needs each input channel's
// pixels contiguous, so the step works in strips of pixels: it transposes a
// strip of rows [pixels, Cin] into a small channel-major block [Cin, strip]
// (in cache), runs the SpMM into [Cout, strip] and transposes that back into
// the NHWC rows, then applies a fused activation epilogue to the strip. The
// two transposes cost O(Cin + Cout) per pixel against O(nonzeros) for the
// product; the crossover below includes them.
// Rows == 1 (a batch-1 dense layer): the sparse GEMV (kernels/f32-spgemv).
// Zeros in whole R x 1 blocks (block pruning over output channels): the
// block-sparse step (block_sparse_matmul_step.h), any number of rows.
#pragma once
#include <memory>
#include <string>

#include "kernels/microparams.h"
#include "runtime/compiled_plan.h"
#include "runtime/steps/activation_epilogue.h"

namespace nnslim {

// A constant weight matrix as the lowerings find it: W[o][i] =
// data[o * o_stride + i * i_stride] for o < out_channels, i < in_channels
// (elements), plus an optional bias [out_channels].
struct ConstantMatrix {
  const float* data;
  size_t out_channels, in_channels;
  size_t o_stride, i_stride;
  const float* bias;  // may be null
};

// Dense or sparse for a product of `rows` rows with `weights`, by the rule
// measured on V8 (bench/kernels/spmm_bench.cc; numbers in docs/runtime.md, "Sparse weights"):
// sparse once the fraction of zero weights reaches the crossover of its
// kernel; block-sparse when the zeros come in whole blocks and that kernel
// is predicted faster. Fills `info` (weights, zeros, MACs, kernel family and the reason).
bool choose_sparse_kernel(size_t rows, const ConstantMatrix& weights, StepWeightInfo* info);

// The weight facts of a dense step (zeros counted, every MAC performed).
StepWeightInfo dense_weight_info(size_t rows, const ConstantMatrix& weights, const std::string& kernel,
                                 const std::string& reason);

// The sparse step: SpMM over strips for rows > 1, sparse GEMV for rows == 1.
// `what` is the ops part of the description ("Conv+Relu"); `info` (from
// choose_sparse_kernel) becomes the step's weight_info.
std::unique_ptr<Step> make_sparse_matmul_step(size_t rows, const ConstantMatrix& weights,
                                              kernels::F32MinMaxParams clamp, const ActivationEpilogue& epilogue,
                                              const std::string& what, StepWeightInfo info);

// The fraction of zero weights from which the sparse kernels run (the
// measured crossovers), for tests and docs.
double sparse_spmm_threshold();
double sparse_gemv_threshold();

}  // namespace nnslim
