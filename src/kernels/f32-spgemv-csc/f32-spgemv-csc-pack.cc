#include <algorithm>
#include <cmath>

#include "kernels/f32-spgemv-csc/f32-spgemv-csc.h"

namespace nnslim::kernels {

bool f32_spgemv_csc_packable(size_t output_channels, size_t input_channels, const float* w, size_t o_stride,
                             size_t i_stride) {
  for (size_t o = 0; o < output_channels; ++o)
    for (size_t i = 0; i < input_channels; ++i)
      if (!std::isfinite(w[o * o_stride + i * i_stride])) return false;
  return true;
}

F32SpgemvCscPacked f32_spgemv_csc_pack(size_t output_channels, size_t input_channels, const float* w,
                                       size_t o_stride, size_t i_stride, const float* bias, size_t panel_rows) {
  F32SpgemvCscPacked packed;
  packed.output_channels = output_channels;
  packed.input_channels = input_channels;
  packed.panel_rows = panel_rows;
  const size_t padded = (output_channels + kSpgemvCscBlock - 1) / kSpgemvCscBlock * kSpgemvCscBlock;
  packed.bias.assign(padded, 0.0f);
  if (bias != nullptr)
    for (size_t o = 0; o < output_channels; ++o) packed.bias[o] = bias[o];
  const size_t panels = packed.panels();
  packed.column_start.reserve(panels * (input_channels + 1));
  for (size_t p = 0; p < panels; ++p) {
    const size_t first = p * panel_rows;
    const size_t rows = std::min(panel_rows, output_channels - first);
    for (size_t i = 0; i < input_channels; ++i) {
      packed.column_start.push_back(static_cast<uint32_t>(packed.block_offsets.size()));
      for (size_t r = 0; r < rows; r += kSpgemvCscBlock) {
        float block[kSpgemvCscBlock] = {};
        bool any = false;
        for (size_t k = 0; k < kSpgemvCscBlock && r + k < rows; ++k) {
          block[k] = w[(first + r + k) * o_stride + i * i_stride];
          if (block[k] != 0.0f) {
            any = true;
            packed.nonzero_count++;
          }
        }
        if (!any) continue;
        packed.values.insert(packed.values.end(), block, block + kSpgemvCscBlock);
        packed.block_offsets.push_back(static_cast<uint16_t>(r * sizeof(float)));
      }
      // Pad the column to a multiple of 4 blocks with zero blocks aimed at
      // the spare block past the panel's rows (never copied out).
      const size_t spare = (rows + kSpgemvCscBlock - 1) / kSpgemvCscBlock * kSpgemvCscBlock * sizeof(float);
      while ((packed.block_offsets.size() - packed.column_start.back()) % kSpgemvCscColumnMultiple != 0) {
        packed.values.insert(packed.values.end(), kSpgemvCscBlock, 0.0f);
        packed.block_offsets.push_back(static_cast<uint16_t>(spare));
      }
    }
    packed.column_start.push_back(static_cast<uint32_t>(packed.block_offsets.size()));
  }
  return packed;
}

}  // namespace nnslim::kernels
