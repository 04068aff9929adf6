#include <cstring>

#include "core/simd.h"
#include "kernels/x8-lut/x8-lut.h"

namespace nnslim::kernels {

namespace {

// Rows 0..15 of the table (16 bytes each) in registers.
struct TableRows {
  v128_t row[16];
  explicit TableRows(const int8_t* table) {
    for (int r = 0; r < 16; r++) row[r] = wasm_v128_load(table + 16 * r);
  }
  // Index i (as unsigned) hits row i / 16: after r subtractions of 16 only
  // that row's lane index lies in 0..15 (wrap-around puts earlier rows' at >= 240).
  v128_t lookup(v128_t index) const {
    const v128_t v16 = wasm_i8x16_splat(16);
    v128_t y = wasm_i8x16_swizzle(row[0], index);
    for (int r = 1; r < 16; r++) {
      index = wasm_i8x16_sub(index, v16);
      y = wasm_v128_or(y, wasm_i8x16_swizzle(row[r], index));
    }
    return y;
  }
};

}  // namespace

void x8_lut_ukernel__wasmsimd_x16(size_t n, const int8_t* x, int8_t* y, const int8_t* table) {
  const TableRows rows(table);
  for (; n >= 16; n -= 16) {
    wasm_v128_store(y, rows.lookup(wasm_v128_load(x)));
    x += 16;
    y += 16;
  }
  if (n != 0) {
    int8_t buffer[16] = {0};
    std::memcpy(buffer, x, n);
    wasm_v128_store(buffer, rows.lookup(wasm_v128_load(buffer)));
    std::memcpy(y, buffer, n);
  }
}

}  // namespace nnslim::kernels
