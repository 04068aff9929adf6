// The 4x4 tile of the wasm SIMD transposes (x32-transpose, and the
// transpose with a finiteness check in f32-finite): rows a, b, c, d of four
// 32-bit words become columns, stored at o, o + out_stride, ... (elements).
#pragma once
#include <cstddef>

#include "core/simd.h"
#include "kernels/kernel_macros.h"

namespace nnslim::kernels {

template <class T>
NNSLIM_ALWAYS_INLINE inline void x32_transpose_store_4x4(v128_t va, v128_t vb, v128_t vc, v128_t vd, T* o,
                                                         size_t out_stride) {
  // [a0 b0 a1 b1], [a2 b2 a3 b3], [c0 d0 c1 d1], [c2 d2 c3 d3]
  const v128_t vab01 = wasm_i32x4_shuffle(va, vb, 0, 4, 1, 5);
  const v128_t vab23 = wasm_i32x4_shuffle(va, vb, 2, 6, 3, 7);
  const v128_t vcd01 = wasm_i32x4_shuffle(vc, vd, 0, 4, 1, 5);
  const v128_t vcd23 = wasm_i32x4_shuffle(vc, vd, 2, 6, 3, 7);
  wasm_v128_store(o, wasm_i32x4_shuffle(vab01, vcd01, 0, 1, 4, 5));                   // [a0 b0 c0 d0]
  wasm_v128_store(o + out_stride, wasm_i32x4_shuffle(vab01, vcd01, 2, 3, 6, 7));      // [a1 b1 c1 d1]
  wasm_v128_store(o + 2 * out_stride, wasm_i32x4_shuffle(vab23, vcd23, 0, 1, 4, 5));  // [a2 b2 c2 d2]
  wasm_v128_store(o + 3 * out_stride, wasm_i32x4_shuffle(vab23, vcd23, 2, 3, 6, 7));  // [a3 b3 c3 d3]
}

}  // namespace nnslim::kernels
