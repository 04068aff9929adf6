#include "core/simd.h"
#include "kernels/x8-transpose/x8-transpose.h"

namespace nnslim::kernels {
namespace {

// One round of the 16x16 byte transpose: rows i and i + 8 interleaved, the
// low halves into row 2i, the high halves into row 2i + 1. Number a byte by
// its row and column bits (r3 r2 r1 r0 c3 c2 c1 c0): a round moves it to row
// (r2 r1 r0 c3), column (c2 c1 c0 r3), a rotation of the 8 bits by one; four
// rounds rotate by four, (c3 c2 c1 c0 r3 r2 r1 r0): the transpose.
inline void interleave_round(const v128_t* v, v128_t* next) {
  for (int i = 0; i < 8; i++) {
    next[2 * i] = wasm_i8x16_shuffle(v[i], v[i + 8], 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
    next[2 * i + 1] = wasm_i8x16_shuffle(v[i], v[i + 8], 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
  }
}

// Three rows into packed triples (out_stride 3: an RGB image's NCHW planes
// to NHWC, the stem of every image model), 16 columns per step: output
// byte 3p + r is row r's byte p, so each of the three output vectors takes
// its row-0/row-1 bytes from one shuffle of (a, b) and its row-2 bytes from
// a second shuffle with c (lanes marked 0 in the first are replaced).
// Returns the columns done.
size_t transpose_3_rows_packed(size_t cols, const uint8_t* in, size_t in_stride, uint8_t* out) {
  size_t j = 0;
  for (; j + 16 <= cols; j += 16) {
    const v128_t a = wasm_v128_load(in + j), b = wasm_v128_load(in + in_stride + j);
    const v128_t c = wasm_v128_load(in + 2 * in_stride + j);
    const v128_t ab0 = wasm_i8x16_shuffle(a, b, 0, 16, 0, 1, 17, 0, 2, 18, 0, 3, 19, 0, 4, 20, 0, 5);
    const v128_t ab1 = wasm_i8x16_shuffle(a, b, 21, 0, 6, 22, 0, 7, 23, 0, 8, 24, 0, 9, 25, 0, 10, 26);
    const v128_t ab2 = wasm_i8x16_shuffle(a, b, 0, 11, 27, 0, 12, 28, 0, 13, 29, 0, 14, 30, 0, 15, 31, 0);
    uint8_t* o = out + 3 * j;
    wasm_v128_store(o, wasm_i8x16_shuffle(ab0, c, 0, 1, 16, 3, 4, 17, 6, 7, 18, 9, 10, 19, 12, 13, 20, 15));
    wasm_v128_store(o + 16, wasm_i8x16_shuffle(ab1, c, 0, 21, 2, 3, 22, 5, 6, 23, 8, 9, 24, 11, 12, 25, 14, 15));
    wasm_v128_store(o + 32, wasm_i8x16_shuffle(ab2, c, 26, 1, 2, 27, 4, 5, 28, 7, 8, 29, 10, 11, 30, 13, 14, 31));
  }
  return j;
}

}  // namespace

void x8_transpose_ukernel__wasmsimd_16x16(size_t rows, size_t cols, const uint8_t* in, size_t in_stride, uint8_t* out,
                                          size_t out_stride) {
  if (rows == 3 && out_stride == 3) {
    const size_t done = transpose_3_rows_packed(cols, in, in_stride, out);
    in += done;
    out += 3 * done;
    cols -= done;
    if (cols == 0) return;
  }
  size_t i = 0;
  for (; i + 16 <= rows; i += 16) {
    const uint8_t* block = in + i * in_stride;
    size_t j = 0;
    for (; j + 16 <= cols; j += 16) {
      v128_t a[16], b[16];
      for (size_t r = 0; r < 16; r++) a[r] = wasm_v128_load(block + r * in_stride + j);
      interleave_round(a, b);
      interleave_round(b, a);
      interleave_round(a, b);
      interleave_round(b, a);
      uint8_t* o = out + j * out_stride + i;
      for (size_t r = 0; r < 16; r++) wasm_v128_store(o + r * out_stride, a[r]);
    }
    for (; j < cols; j++) {
      uint8_t* o = out + j * out_stride + i;
      for (size_t r = 0; r < 16; r++) o[r] = block[r * in_stride + j];
    }
  }
  for (; i < rows; i++)
    for (size_t j = 0; j < cols; j++) out[j * out_stride + i] = in[i * in_stride + j];
}

}  // namespace nnslim::kernels
