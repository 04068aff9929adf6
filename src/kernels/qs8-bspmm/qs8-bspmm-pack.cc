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

// Appends values to a byte buffer sized in advance.
struct Writer {
  char* p;
  template <typename T>
  void put(T value) {
    std::memcpy(p, &value, sizeof(T));
    p += sizeof(T);
  }
};

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
  // The stored blocks' inputs, row by row; an odd count repeats its last
  // input as a zero block to complete the last pair.
  std::vector<uint32_t>& indices = packed.input_indices;
  std::vector<bool> padded(block_rows);
  for (size_t row = 0; row < block_rows; row++) {
    packed.index_start.push_back(indices.size());
    for (size_t i = 0; i < input_channels; i++)
      if (!m.block_is_zero(block, row * block, i)) indices.push_back(static_cast<uint32_t>(i));
    const size_t count = indices.size() - packed.index_start.back();
    packed.nonzero_blocks += count;
    padded[row] = count % 2 != 0;
    if (padded[row]) indices.push_back(indices.back());
    packed.pairs.push_back(static_cast<uint32_t>((count + 1) / 2));
  }
  packed.index_start.push_back(indices.size());
  const size_t row_bytes = block * (sizeof(int32_t) + sizeof(float));
  packed.weights.resize(block_rows * row_bytes + indices.size() * block * sizeof(int16_t));
  Writer out{packed.weights.data()};
  for (size_t row = 0; row < block_rows; row++) {
    const size_t o0 = row * block, first = packed.index_start[row], last = packed.index_start[row + 1];
    packed.weight_start.push_back(static_cast<size_t>(out.p - packed.weights.data()));
    // bias' = bias - z_x * sum_i W[o][i]: the kernels multiply raw codes
    // (the padding block's input is not a block of the row: left out).
    const size_t stored = last - (padded[row] ? 1 : 0);
    for (size_t r = 0; r < block; r++) {
      int64_t sum = 0;
      for (size_t j = first; j < stored; j++) sum += m.at(o0 + r, indices[j]);
      const bool real = o0 + r < output_channels;
      const int64_t b = real && bias ? bias[o0 + r] : 0;
      out.put(static_cast<int32_t>(real ? b - int64_t{input_zero_point} * sum : 0));
    }
    for (size_t j = first; j < last; j += 2) {
      const bool zero_second = padded[row] && j + 2 == last;
      for (size_t r = 0; r < block; r++) {
        out.put(static_cast<int16_t>(m.at(o0 + r, indices[j])));
        out.put(static_cast<int16_t>(zero_second ? 0 : m.at(o0 + r, indices[j + 1])));
      }
    }
    for (size_t r = 0; r < block; r++) out.put(o0 + r < output_channels ? scales[o0 + r] : 0.f);
  }
  packed.weight_start.push_back(packed.weights.size());
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
