// float(v) of int32 lanes with |v| < 2^22 by the magic bias: the float with
// bits 0x4B400000 + v is 1.5 * 2^23 + v exactly (the float step there is 1),
// so subtracting 1.5 * 2^23 leaves float(v) exactly, as f32x4.convert_i32x4
// would give it. Why not the conversion: after an i32x4.extend from int16
// lanes (int8 codes widened twice), clang 14 fuses extend + convert into one
// conversion from int16 lanes that it scalarizes (per 4 lanes: 4 extracts, 4
// scalar converts, 4 replaces); the integer add and float subtract stay two
// vector instructions.
#pragma once
#include "core/simd.h"

namespace nnslim::kernels {

inline v128_t i32x4_small_to_f32x4(v128_t v) {
  const v128_t magic = wasm_f32x4_splat(12582912.0f);  // 1.5 * 2^23, bits 0x4B400000
  return wasm_f32x4_sub(wasm_i32x4_add(v, magic), magic);
}

}  // namespace nnslim::kernels
