#include "runtime/steps/sparse_nonfinite.h"

#include <cstring>
#include <limits>

#include "kernels/f32-finite/f32-finite.h"

namespace nnslim {

namespace {

// NaN and +-inf are the floats whose exponent bits are all ones.
inline bool finite_bits(uint32_t bits) { return (bits & 0x7f800000u) != 0x7f800000u; }

}  // namespace

SparseNonfiniteInputs::SparseNonfiniteInputs(const ConstantMatrix& w)
    : out_channels_(w.out_channels), in_channels_(w.in_channels), zero_(w.out_channels * w.in_channels) {
  for (size_t k = 0; k < in_channels_; ++k)
    for (size_t o = 0; o < out_channels_; ++o)
      zero_[k * out_channels_ + o] = w.data[o * w.o_stride + k * w.i_stride] == 0.0f;
}

void SparseNonfiniteInputs::apply(const float* input, size_t rows, float* output) const {
  // An all-finite block (the common case for the callers that do not check
  // their input themselves) in one SIMD pass; for the spmm step, which calls
  // this only for a strip known to hold a NaN or an infinity, the pass is one
  // extra read of that rare strip. (This file is compiled for size: the scan
  // lives in the kernels, compiled for speed; a scalar scan here cost as much
  // as the product.)
  if (kernels::f32_all_finite__wasmsimd(rows * in_channels_, input)) return;
  const float nan = std::numeric_limits<float>::quiet_NaN();
  for (size_t r = 0; r < rows; ++r) {
    const float* x = input + r * in_channels_;
    if (kernels::f32_all_finite__wasmsimd(in_channels_, x)) continue;
    float* y = output + r * out_channels_;
    for (size_t k = 0; k < in_channels_; ++k) {
      uint32_t bits;
      std::memcpy(&bits, x + k, sizeof bits);
      if (finite_bits(bits)) continue;
      for (size_t o = 0; o < out_channels_; ++o)
        if (zero_[k * out_channels_ + o]) y[o] = nan;
    }
  }
}

}  // namespace nnslim
