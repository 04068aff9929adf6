#include <cstring>

#include "kernels/qs8-bspmm/qs8-bspmm.h"

namespace nnslim::kernels {
namespace {

// W[o][i], with the rows past the matrix's last output read as zeros.
struct Matrix {
  size_t outputs, inputs;
  const int8_t* w;
  size_t o_stride, i_stride;
  int32_t at(size_t o, size_t i) const { return o < outputs ? w[o * o_stride + i * i_stride] : 0; }
  bool block_is_zero(size_t block, size_t o0, size_t i) const {
    for (size_t r = 0; r < block; r++)
      if (at(o0 + r, i) != 0) return false;
    return true;
  }
};

template <typename T>
void append(std::vector<char>& bytes, T value) {
  const size_t at = bytes.size();
  bytes.resize(at + sizeof(T));
  std::memcpy(bytes.data() + at, &value, sizeof(T));
}

}  // namespace

QS8BspmmPacked qs8_bspmm_pack(size_t block, size_t output_channels, size_t input_channels, const int8_t* w,
                              size_t o_stride, size_t i_stride, const int32_t* bias, const float* scales,
                              int32_t input_zero_point) {
  const Matrix m{output_channels, input_channels, w, o_stride, i_stride};
  const size_t block_rows = (output_channels + block - 1) / block;
  QS8BspmmPacked packed;
  packed.block = block;
  packed.output_channels = output_channels;
  packed.input_channels = input_channels;
  std::vector<uint32_t> kept;
  for (size_t row = 0; row < block_rows; row++) {
    const size_t o0 = row * block;
    packed.weight_start.push_back(packed.weights.size());
    packed.index_start.push_back(packed.input_indices.size());
    kept.clear();
    for (size_t i = 0; i < input_channels; i++)
      if (!m.block_is_zero(block, o0, i)) kept.push_back(static_cast<uint32_t>(i));
    packed.nonzero_blocks += kept.size();
    // bias' = bias - z_x * sum_i W[o][i]: the kernels multiply raw codes.
    for (size_t r = 0; r < block; r++) {
      const size_t o = o0 + r;
      int64_t sum = 0;
      for (uint32_t i : kept) sum += m.at(o, i);
      const int64_t b = o < output_channels && bias ? bias[o] : 0;
      append(packed.weights, static_cast<int32_t>(o < output_channels ? b - int64_t{input_zero_point} * sum : 0));
    }
    // Odd count: the last pair's second block repeats the input, zero weights.
    const bool odd = kept.size() % 2 != 0;
    if (odd) kept.push_back(kept.back());
    for (size_t j = 0; j < kept.size(); j += 2) {
      for (size_t r = 0; r < block; r++) {
        append(packed.weights, static_cast<int16_t>(m.at(o0 + r, kept[j])));
        append(packed.weights, static_cast<int16_t>(odd && j + 2 == kept.size() ? 0 : m.at(o0 + r, kept[j + 1])));
      }
      packed.input_indices.push_back(kept[j]);
      packed.input_indices.push_back(kept[j + 1]);
    }
    for (size_t r = 0; r < block; r++) append(packed.weights, o0 + r < output_channels ? scales[o0 + r] : 0.f);
    packed.pairs.push_back(static_cast<uint32_t>(kept.size() / 2));
  }
  packed.weight_start.push_back(packed.weights.size());
  packed.index_start.push_back(packed.input_indices.size());
  return packed;
}

size_t qs8_count_zero_blocks(size_t block, size_t output_channels, size_t input_channels, const int8_t* w,
                             size_t o_stride, size_t i_stride, size_t* zero_weights) {
  const Matrix m{output_channels, input_channels, w, o_stride, i_stride};
  size_t zero_blocks = 0, zeros = 0;
  for (size_t o0 = 0; o0 < output_channels; o0 += block)
    for (size_t i = 0; i < input_channels; i++) {
      zero_blocks += m.block_is_zero(block, o0, i);
      for (size_t o = o0; o < o0 + block && o < output_channels; o++) zeros += m.at(o, i) == 0;
    }
  if (zero_weights) *zero_weights = zeros;
  return zero_blocks;
}

}  // namespace nnslim::kernels
