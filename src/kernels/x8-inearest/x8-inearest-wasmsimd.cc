#include <cstring>

#include "core/simd.h"
#include "kernels/x8-inearest/x8-inearest.h"

namespace nnslim::kernels {

void x8_inearest_row_ukernel__wasmsimd_c16(size_t pixels, size_t channels, const int8_t* row, const size_t* offsets,
                                           int8_t* output) {
  if (channels >= 16) {
    // Whole blocks, then the block that ends at the last channel.
    const size_t last = channels - 16;
    for (size_t x = 0; x < pixels; x++, output += channels) {
      const int8_t* in = row + offsets[x];
      for (size_t c = 0; c < last; c += 16) wasm_v128_store(output + c, wasm_v128_load(in + c));
      wasm_v128_store(output + last, wasm_v128_load(in + last));
    }
  } else if (channels >= 8) {
    const size_t last = channels - 8;
    for (size_t x = 0; x < pixels; x++, output += channels) {
      const int8_t* in = row + offsets[x];
      wasm_v128_store64_lane(output, wasm_v128_load64_zero(in), 0);
      wasm_v128_store64_lane(output + last, wasm_v128_load64_zero(in + last), 0);
    }
  } else if (channels >= 4) {
    const size_t last = channels - 4;
    for (size_t x = 0; x < pixels; x++, output += channels) {
      const int8_t* in = row + offsets[x];
      wasm_v128_store32_lane(output, wasm_v128_load32_zero(in), 0);
      wasm_v128_store32_lane(output + last, wasm_v128_load32_zero(in + last), 0);
    }
  } else {
    for (size_t x = 0; x < pixels; x++)
      for (size_t c = 0; c < channels; c++) *output++ = row[offsets[x] + c];
  }
}

}  // namespace nnslim::kernels
