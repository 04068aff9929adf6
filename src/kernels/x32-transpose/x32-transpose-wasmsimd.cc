#include "core/simd.h"
#include "kernels/x32-transpose/x32-transpose-tile.h"
#include "kernels/x32-transpose/x32-transpose.h"

namespace nnslim::kernels {

void x32_transpose_ukernel__wasmsimd_4x4(size_t rows, size_t cols, const uint32_t* in, size_t in_stride, uint32_t* out,
                                         size_t out_stride) {
  size_t i = 0;
  for (; i + 4 <= rows; i += 4) {
    const uint32_t* r0 = in + i * in_stride;
    const uint32_t* r1 = r0 + in_stride;
    const uint32_t* r2 = r1 + in_stride;
    const uint32_t* r3 = r2 + in_stride;
    size_t j = 0;
    for (; j + 4 <= cols; j += 4) {
      const v128_t va = wasm_v128_load(r0 + j), vb = wasm_v128_load(r1 + j);
      const v128_t vc = wasm_v128_load(r2 + j), vd = wasm_v128_load(r3 + j);
      x32_transpose_store_4x4(va, vb, vc, vd, out + j * out_stride + i, out_stride);
    }
    for (; j < cols; j++) {
      uint32_t* o = out + j * out_stride + i;
      o[0] = r0[j], o[1] = r1[j], o[2] = r2[j], o[3] = r3[j];
    }
  }
  for (; i < rows; i++)
    for (size_t j = 0; j < cols; j++) out[j * out_stride + i] = in[i * in_stride + j];
}

}  // namespace nnslim::kernels
