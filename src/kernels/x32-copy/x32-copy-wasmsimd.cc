#include "core/simd.h"
#include "kernels/x32-copy/x32-copy.h"

namespace nnslim::kernels {

void x32_copy_rows__wasmsimd(size_t rows, size_t n, const uint32_t* in, size_t in_stride, uint32_t* out,
                             size_t out_stride) {
  if (n < 4) {
    // 1..3 elements (RGB channels, odd channel pads): plain moves, no call.
    for (; rows != 0; rows--, in += in_stride, out += out_stride) {
      out[0] = in[0];
      if (n > 1) out[1] = in[1];
      if (n > 2) out[2] = in[2];
    }
    return;
  }
  for (; rows != 0; rows--, in += in_stride, out += out_stride) {
    size_t j = 0;
    for (; j + 8 <= n; j += 8) {
      const v128_t v0123 = wasm_v128_load(in + j);
      const v128_t v4567 = wasm_v128_load(in + j + 4);
      wasm_v128_store(out + j, v0123);
      wasm_v128_store(out + j + 4, v4567);
    }
    if (j + 4 <= n) {
      wasm_v128_store(out + j, wasm_v128_load(in + j));
      j += 4;
    }
    // The last 1..3 elements: one v128 ending at the row's end (it rewrites
    // up to 3 elements this row already holds, with the same values).
    if (j < n) wasm_v128_store(out + n - 4, wasm_v128_load(in + n - 4));
  }
}

void x32_copy_strided_rows__wasmsimd(size_t rows, size_t n, const uint32_t* in, ptrdiff_t in_stride,
                                     ptrdiff_t in_step, uint32_t* out, size_t out_stride) {
  for (; rows != 0; rows--, in += in_stride, out += out_stride) {
    size_t j = 0;
    if (in_step == 2) {
      // Outputs j..j+3 are in[2j], in[2j+2], in[2j+4], in[2j+6]; the two loads
      // also touch in[2j+7], which must not pass the last element read, in[2n-2].
      for (; j + 5 <= n; j += 4) {
        const v128_t v0123 = wasm_v128_load(in + 2 * j);
        const v128_t v4567 = wasm_v128_load(in + 2 * j + 4);
        wasm_v128_store(out + j, wasm_i32x4_shuffle(v0123, v4567, 0, 2, 4, 6));
      }
    } else if (in_step == -1) {
      // Outputs j..j+3 are in[-j], ..., in[-j-3]: one load ending at in[-j], reversed.
      for (; j + 4 <= n; j += 4) {
        const v128_t v = wasm_v128_load(in - static_cast<ptrdiff_t>(j) - 3);
        wasm_v128_store(out + j, wasm_i32x4_shuffle(v, v, 3, 2, 1, 0));
      }
    }
    for (; j < n; j++) out[j] = in[static_cast<ptrdiff_t>(j) * in_step];
  }
}

void x32_fill_rows__wasmsimd(size_t rows, size_t n, const uint32_t* value, uint32_t* out, size_t out_stride) {
  const uint32_t bits = *value;
  if (n < 4) {
    for (; rows != 0; rows--, out += out_stride)
      for (size_t j = 0; j < n; j++) out[j] = bits;
    return;
  }
  const v128_t vvalue = wasm_i32x4_splat(static_cast<int32_t>(bits));
  for (; rows != 0; rows--, out += out_stride) {
    size_t j = 0;
    for (; j + 4 <= n; j += 4) wasm_v128_store(out + j, vvalue);
    if (j < n) wasm_v128_store(out + n - 4, vvalue);
  }
}

}  // namespace nnslim::kernels
