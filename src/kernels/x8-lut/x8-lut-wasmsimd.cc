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

namespace {

// Four vectors of indices (i[k] in 0..16 rows - 1 as unsigned bytes, or
// beyond: 0) looked up in `rows` table rows, 64 bytes stored at y: each row
// loaded once and used four times. The x16 loop keeps all 16 rows live,
// more than the 16 vector registers V8 has on x64, so its rows spill and
// reload anyway; here 4 indices, 4 results, a row and the step 16 stay in
// registers.
inline void lookup_x64(const int8_t* table, size_t rows, v128_t i0, v128_t i1, v128_t i2, v128_t i3, int8_t* y) {
  const v128_t v16 = wasm_i8x16_splat(16);
  const v128_t row0 = wasm_v128_load(table);
  v128_t y0 = wasm_i8x16_swizzle(row0, i0), y1 = wasm_i8x16_swizzle(row0, i1);
  v128_t y2 = wasm_i8x16_swizzle(row0, i2), y3 = wasm_i8x16_swizzle(row0, i3);
  for (size_t r = 1; r < rows; r++) {
    const v128_t row = wasm_v128_load(table + 16 * r);
    i0 = wasm_i8x16_sub(i0, v16);
    i1 = wasm_i8x16_sub(i1, v16);
    i2 = wasm_i8x16_sub(i2, v16);
    i3 = wasm_i8x16_sub(i3, v16);
    y0 = wasm_v128_or(y0, wasm_i8x16_swizzle(row, i0));
    y1 = wasm_v128_or(y1, wasm_i8x16_swizzle(row, i1));
    y2 = wasm_v128_or(y2, wasm_i8x16_swizzle(row, i2));
    y3 = wasm_v128_or(y3, wasm_i8x16_swizzle(row, i3));
  }
  wasm_v128_store(y, y0);
  wasm_v128_store(y + 16, y1);
  wasm_v128_store(y + 32, y2);
  wasm_v128_store(y + 48, y3);
}

}  // namespace

// The same lookup on four vectors per pass over the rows (lookup_x64).
void x8_lut_ukernel__wasmsimd_x64(size_t n, const int8_t* x, int8_t* y, const int8_t* table) {
  for (; n >= 64; n -= 64) {
    lookup_x64(table, 16, wasm_v128_load(x), wasm_v128_load(x + 16), wasm_v128_load(x + 32), wasm_v128_load(x + 48),
               y);
    x += 64;
    y += 64;
  }
  if (n != 0) x8_lut_ukernel__wasmsimd_x16(n, x, y, table);
}

namespace {

// The index into range->table: clamp(x, lo, hi) - lo, as an unsigned byte.
struct RangeIndex {
  v128_t lo, hi;
  explicit RangeIndex(const X8LutRange* range)
      : lo(wasm_i8x16_splat(range->lo)), hi(wasm_i8x16_splat(range->hi)) {}
  v128_t operator()(v128_t x) const { return wasm_i8x16_sub(wasm_i8x16_min(wasm_i8x16_max(x, lo), hi), lo); }
};

}  // namespace

void x8_lut_ukernel__wasmsimd_x64_range(size_t n, const int8_t* x, int8_t* y, const X8LutRange* range) {
  const RangeIndex index(range);
  const int8_t* table = range->table;
  const size_t rows = range->rows;
  const v128_t v16 = wasm_i8x16_splat(16);
  for (; n >= 64; n -= 64) {
    lookup_x64(table, rows, index(wasm_v128_load(x)), index(wasm_v128_load(x + 16)), index(wasm_v128_load(x + 32)),
               index(wasm_v128_load(x + 48)), y);
    x += 64;
    y += 64;
  }
  // The rest 16 bytes at a time; a last partial block through a buffer.
  int8_t buffer[16] = {0};
  while (n != 0) {
    const size_t block = n < 16 ? n : 16;
    const int8_t* px = block < 16 ? static_cast<const int8_t*>(std::memcpy(buffer, x, block)) : x;
    v128_t i0 = index(wasm_v128_load(px));
    v128_t y0 = wasm_i8x16_swizzle(wasm_v128_load(table), i0);
    for (size_t r = 1; r < rows; r++) {
      i0 = wasm_i8x16_sub(i0, v16);
      y0 = wasm_v128_or(y0, wasm_i8x16_swizzle(wasm_v128_load(table + 16 * r), i0));
    }
    if (block < 16) {
      wasm_v128_store(buffer, y0);
      std::memcpy(y, buffer, block);
    } else {
      wasm_v128_store(y, y0);
    }
    x += block;
    y += block;
    n -= block;
  }
}

}  // namespace nnslim::kernels
