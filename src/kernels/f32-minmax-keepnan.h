// wasm SIMD max / min that propagate a NaN from either operand (the scalar
// forms and the why: f32_max_keep_nan in kernels/microparams.h). pmax(a, b) =
// a < b ? b : a keeps a NaN `a`; OR-ing the all-ones mask of `b != b` makes
// the lanes where `b` is NaN all ones, which is a NaN. Three single-cycle ops,
// where f32x4.max lowers to about eight on x86.
#pragma once
#include "core/simd.h"

namespace nnslim::kernels {

static inline v128_t f32x4_max_keep_nan(v128_t va, v128_t vb) {
  return wasm_v128_or(wasm_f32x4_pmax(va, vb), wasm_f32x4_ne(vb, vb));
}
static inline v128_t f32x4_min_keep_nan(v128_t va, v128_t vb) {
  return wasm_v128_or(wasm_f32x4_pmin(va, vb), wasm_f32x4_ne(vb, vb));
}

}  // namespace nnslim::kernels
