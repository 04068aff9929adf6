#include "core/simd.h"
#include "kernels/x32-transpose/x32-transpose-tile.h"
#include "kernels/x32-transpose/x32-transpose.h"

namespace nnslim::kernels {

void x32_transpose_rows_ukernel__wasmsimd_4x4(size_t rows, size_t cols, const uint32_t* in, const uint32_t* in_rows,
                                              size_t in_stride, uint32_t* out, size_t out_stride) {
  size_t i = 0;
  for (; i + 4 <= rows; i += 4) {
    // Four output columns' rows: one table read per 4 x cols elements.
    const uint32_t* r[4];
    for (size_t k = 0; k < 4; k++) r[k] = in + in_rows[i + k] * in_stride;
    size_t j = 0;
    for (; j + 4 <= cols; j += 4)
      x32_transpose_store_4x4(wasm_v128_load(r[0] + j), wasm_v128_load(r[1] + j), wasm_v128_load(r[2] + j),
                              wasm_v128_load(r[3] + j), out + j * out_stride + i, out_stride);
    for (; j < cols; j++)
      for (size_t k = 0; k < 4; k++) out[j * out_stride + i + k] = r[k][j];
  }
  for (; i < rows; i++) {
    const uint32_t* row = in + in_rows[i] * in_stride;
    for (size_t j = 0; j < cols; j++) out[j * out_stride + i] = row[j];
  }
}

}  // namespace nnslim::kernels
