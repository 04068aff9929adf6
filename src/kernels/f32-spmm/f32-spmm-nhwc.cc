#include "kernels/f32-spmm/f32-spmm-nhwc.h"

#include <algorithm>
#include <cstdint>

#include "kernels/f32-finite/f32-transpose-finite.h"
#include "kernels/x32-transpose/x32-transpose.h"

namespace nnslim::kernels {

bool f32_spmm_nhwc_strip(F32SpmmMinMaxUkernelFn kernel, size_t strip, size_t count, const F32SpmmPacked& packed,
                         const float* input, float* output, float* block_in, float* block_out,
                         const F32MinMaxParams& params) {
  const size_t cin = packed.input_channels, cout = packed.output_channels;
  const bool finite = f32_transpose_all_finite__wasmsimd(count, cin, input, cin, block_in, strip);
  // A partial strip runs the kernel on its pixels rounded up to a multiple of
  // 4 (the blocks hold `strip` pixels per channel row): the pixels past
  // `count` compute on whatever the block holds there and are never copied
  // out (SIMD lanes are independent), and the real ones get vector tiles
  // instead of the kernel's scalar tail, whose one dependent add per nonzero
  // cost ~a fifth of MobileNetV2's 7x7 convs (49 pixels: 3 strips and 1).
  const size_t padded = std::min(strip, (count + 3) / 4 * 4);
  kernel(padded, cout, block_in, packed.weights.data(), packed.input_offsets.data(), packed.nonzeros.data(), block_out,
         strip * sizeof(float), &params);
  x32_transpose_ukernel__wasmsimd_4x4(cout, count, reinterpret_cast<const uint32_t*>(block_out), strip,
                                      reinterpret_cast<uint32_t*>(output), cout);
  return finite;
}

}  // namespace nnslim::kernels
