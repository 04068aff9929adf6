#include "kernels/f32-spmm/f32-spmm-nhwc.h"

#include <algorithm>
#include <cstdint>

#include "kernels/f32-finite/f32-transpose-finite.h"
#include "kernels/x32-transpose/x32-transpose.h"

namespace nnslim::kernels {

bool f32_spmm_nhwc_strip(F32SpmmMinMaxUkernelFn kernel, size_t strip, size_t count, const F32SpmmPacked& packed,
                         const float* input, float* output, float* block_in, float* block_out,
                         const F32MinMaxParams& params) {
  const bool finite = f32_spmm_nhwc_strip_in(strip, count, packed.input_channels, input, block_in);
  f32_spmm_nhwc_strip_out(kernel, strip, count, packed, 0, packed.output_channels, 0, block_in, output, block_out,
                          params);
  return finite;
}

bool f32_spmm_nhwc_strip_in(size_t strip, size_t count, size_t input_channels, const float* input, float* block_in) {
  return f32_transpose_all_finite__wasmsimd(count, input_channels, input, input_channels, block_in, strip);
}

void f32_spmm_nhwc_strip_out(F32SpmmMinMaxUkernelFn kernel, size_t strip, size_t count, const F32SpmmPacked& packed,
                             size_t first_channel, size_t end_channel, size_t nonzeros_before,
                             const float* block_in, float* output, float* block_out, const F32MinMaxParams& params) {
  const size_t cout = packed.output_channels, channels = end_channel - first_channel;
  // A partial strip runs the kernel on its pixels rounded up to a multiple of
  // 4 (the blocks hold `strip` pixels per channel row): the pixels past
  // `count` compute on whatever the block holds there and are never copied
  // out (SIMD lanes are independent), and the real ones get vector tiles
  // instead of the kernel's scalar tail, whose one dependent add per nonzero
  // cost ~a fifth of MobileNetV2's 7x7 convs (49 pixels: 3 strips and 1).
  const size_t padded = std::min(strip, (count + 3) / 4 * 4);
  // Row o's packed values (its bias, then its nonzeros) follow those of rows
  // 0..o-1: o biases and `nonzeros_before` values.
  kernel(padded, channels, block_in, packed.weights.data() + first_channel + nonzeros_before,
         packed.input_offsets.data() + nonzeros_before, packed.nonzeros.data() + first_channel, block_out,
         strip * sizeof(float), &params);
  x32_transpose_ukernel__wasmsimd_4x4(channels, count, reinterpret_cast<const uint32_t*>(block_out), strip,
                                      reinterpret_cast<uint32_t*>(output + first_channel), cout);
}

}  // namespace nnslim::kernels
