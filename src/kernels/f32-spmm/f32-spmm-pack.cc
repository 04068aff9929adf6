#include "kernels/f32-spmm/f32-spmm-pack.h"

namespace nnslim::kernels {

F32SpmmPacked f32_spmm_pack(size_t output_channels, size_t input_channels, const float* w, size_t o_stride,
                            size_t i_stride, const float* bias, size_t input_channel_stride_bytes,
                            size_t row_multiple) {
  F32SpmmPacked packed;
  packed.output_channels = output_channels;
  packed.input_channels = input_channels;
  const size_t zeros = f32_count_zeros(output_channels, input_channels, w, o_stride, i_stride);
  packed.nonzero_count = output_channels * input_channels - zeros;
  packed.weights.reserve(output_channels + packed.nonzero_count);
  packed.input_offsets.reserve(packed.nonzero_count);
  packed.nonzeros.reserve(output_channels);
  for (size_t o = 0; o < output_channels; o++) {
    packed.weights.push_back(bias ? bias[o] : 0.f);
    uint32_t count = 0;
    for (size_t i = 0; i < input_channels; i++) {
      const float value = w[o * o_stride + i * i_stride];
      if (value == 0.f) continue;  // +0 and -0: skipping either leaves the sum unchanged
      packed.weights.push_back(value);
      packed.input_offsets.push_back(static_cast<int32_t>(i * input_channel_stride_bytes));
      count++;
    }
    // Padding entries (zero weights) read an input whose weight in this row
    // is zero, so 0 * x adds a term the dense sum has too: an infinite input
    // there makes both NaN, and an infinite input at a real nonzero stays
    // +-inf (a padding entry at that input would add 0 * inf = NaN). Only a
    // row without zeros pads at its last input.
    size_t pad_input = input_channels == 0 ? 0 : input_channels - 1;
    for (size_t i = 0; i < input_channels; i++)
      if (w[o * o_stride + i * i_stride] == 0.f) {
        pad_input = i;
        break;
      }
    const int32_t pad_offset = static_cast<int32_t>(pad_input * input_channel_stride_bytes);
    for (; row_multiple > 1 && count % row_multiple != 0; count++) {
      packed.weights.push_back(0.f);
      packed.input_offsets.push_back(pad_offset);
    }
    packed.nonzeros.push_back(count);
  }
  return packed;
}

size_t f32_count_zeros(size_t output_channels, size_t input_channels, const float* w, size_t o_stride,
                       size_t i_stride) {
  size_t zeros = 0;
  for (size_t o = 0; o < output_channels; o++)
    for (size_t i = 0; i < input_channels; i++) zeros += w[o * o_stride + i * i_stride] == 0.f;
  return zeros;
}

}  // namespace nnslim::kernels
