// IEEE products for the sparse steps. The sparse kernels skip the zero
// weights, but a zero weight times a NaN or an infinity is NaN (IEEE, and the
// dense product of the reference executor): an output channel whose weight
// at input channel k is zero must be NaN for an input row whose element k is
// not finite. After a sparse product, this pass finds the input rows holding
// a NaN or an infinity and writes NaN where a skipped zero weight met one.
// The GEMV and block-sparse steps call it after every product (its first
// whole-block scan rules out the common all-finite input); the spmm step
// calls it only for a strip whose transpose saw a NaN or an infinity.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "runtime/steps/sparse_matmul_step.h"

namespace nnslim {

class SparseNonfiniteInputs {
 public:
  explicit SparseNonfiniteInputs(const ConstantMatrix& w);

  // input: rows x in_channels (row-major), output: rows x out_channels, the
  // sparse product already written (clamp and epilogue applied: NaN passes
  // through both, so writing NaN after them gives the same result).
  void apply(const float* input, size_t rows, float* output) const;

 private:
  size_t out_channels_, in_channels_;
  // zero_[k * out_channels + o]: the weight of output o at input k is zero
  // (one bit each: 1/32 of the dense weights' bytes).
  std::vector<bool> zero_;
};

}  // namespace nnslim
