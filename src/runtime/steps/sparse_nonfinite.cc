#include "runtime/steps/sparse_nonfinite.h"

#include <cstring>
#include <limits>

namespace nnslim {

namespace {

// NaN and +-inf are the floats whose exponent bits are all ones.
inline bool finite_bits(uint32_t bits) { return (bits & 0x7f800000u) != 0x7f800000u; }

bool row_is_finite(const float* x, size_t n) {
  uint32_t all_ones = 0;  // ORs, per element, "exponent all ones" (vectorizes)
  for (size_t i = 0; i < n; ++i) {
    uint32_t bits;
    std::memcpy(&bits, x + i, sizeof bits);
    all_ones |= static_cast<uint32_t>(!finite_bits(bits));
  }
  return all_ones == 0;
}

}  // namespace

SparseNonfiniteInputs::SparseNonfiniteInputs(const ConstantMatrix& w)
    : out_channels_(w.out_channels), in_channels_(w.in_channels), zero_(w.out_channels * w.in_channels) {
  for (size_t k = 0; k < in_channels_; ++k)
    for (size_t o = 0; o < out_channels_; ++o)
      zero_[k * out_channels_ + o] = w.data[o * w.o_stride + k * w.i_stride] == 0.0f;
}

void SparseNonfiniteInputs::apply(const float* input, size_t rows, float* output) const {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  for (size_t r = 0; r < rows; ++r) {
    const float* x = input + r * in_channels_;
    if (row_is_finite(x, in_channels_)) continue;
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
