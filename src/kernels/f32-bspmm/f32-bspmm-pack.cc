#include "kernels/f32-bspmm/f32-bspmm.h"

namespace nnslim::kernels {
namespace {

// W[o][i], with the rows past the matrix's last output read as zeros.
struct Matrix {
  size_t outputs, inputs;
  const float* w;
  size_t o_stride, i_stride;
  float at(size_t o, size_t i) const { return o < outputs ? w[o * o_stride + i * i_stride] : 0.f; }
  bool block_is_zero(size_t block, size_t o0, size_t i) const {
    for (size_t r = 0; r < block; r++)
      if (at(o0 + r, i) != 0.f) return false;  // +0 and -0 are zeros
    return true;
  }
};

}  // namespace

F32BspmmPacked f32_bspmm_pack(size_t block, size_t output_channels, size_t input_channels, const float* w,
                              size_t o_stride, size_t i_stride, const float* bias) {
  const Matrix m{output_channels, input_channels, w, o_stride, i_stride};
  const size_t block_rows = divide_round_up(output_channels, block);
  F32BspmmPacked packed;
  packed.block = block;
  packed.output_channels = output_channels;
  packed.input_channels = input_channels;
  packed.blocks.reserve(block_rows);
  packed.weight_start.reserve(block_rows + 1);
  packed.index_start.reserve(block_rows + 1);
  for (size_t row = 0; row < block_rows; row++) {
    const size_t o0 = row * block;
    packed.weight_start.push_back(packed.weights.size());
    packed.index_start.push_back(packed.input_indices.size());
    for (size_t r = 0; r < block; r++) packed.weights.push_back(bias && o0 + r < output_channels ? bias[o0 + r] : 0.f);
    uint32_t count = 0;
    for (size_t i = 0; i < input_channels; i++) {
      if (m.block_is_zero(block, o0, i)) continue;
      for (size_t r = 0; r < block; r++) packed.weights.push_back(m.at(o0 + r, i));
      packed.input_indices.push_back(static_cast<uint32_t>(i));
      count++;
    }
    packed.blocks.push_back(count);
    packed.nonzero_blocks += count;
  }
  packed.weight_start.push_back(packed.weights.size());
  packed.index_start.push_back(packed.input_indices.size());
  return packed;
}

size_t f32_count_zero_blocks(size_t block, size_t output_channels, size_t input_channels, const float* w,
                             size_t o_stride, size_t i_stride) {
  const Matrix m{output_channels, input_channels, w, o_stride, i_stride};
  size_t zeros = 0;
  for (size_t o0 = 0; o0 < output_channels; o0 += block)
    for (size_t i = 0; i < input_channels; i++) zeros += m.block_is_zero(block, o0, i);
  return zeros;
}

}  // namespace nnslim::kernels
