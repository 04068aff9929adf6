#include "core/simd.h"
#include "kernels/f32-finite/f32-finite.h"

namespace nnslim::kernels {

namespace {

// All ones in a lane whose exponent bits are all ones (NaN or +-inf).
inline v128_t nonfinite_lanes(v128_t v, v128_t exponent) {
  return wasm_i32x4_eq(wasm_v128_and(v, exponent), exponent);
}

}  // namespace

bool f32_all_finite__wasmsimd(size_t n, const float* x) {
  const v128_t exponent = wasm_i32x4_splat(0x7f800000);
  // Four independent OR chains: one load, and, compare, or per vector.
  v128_t bad0 = wasm_i32x4_splat(0), bad1 = bad0, bad2 = bad0, bad3 = bad0;
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    bad0 = wasm_v128_or(bad0, nonfinite_lanes(wasm_v128_load(x + i), exponent));
    bad1 = wasm_v128_or(bad1, nonfinite_lanes(wasm_v128_load(x + i + 4), exponent));
    bad2 = wasm_v128_or(bad2, nonfinite_lanes(wasm_v128_load(x + i + 8), exponent));
    bad3 = wasm_v128_or(bad3, nonfinite_lanes(wasm_v128_load(x + i + 12), exponent));
  }
  for (; i + 4 <= n; i += 4) bad0 = wasm_v128_or(bad0, nonfinite_lanes(wasm_v128_load(x + i), exponent));
  const v128_t bad = wasm_v128_or(wasm_v128_or(bad0, bad1), wasm_v128_or(bad2, bad3));
  return !wasm_v128_any_true(bad) && f32_all_finite__scalar(n - i, x + i);
}

}  // namespace nnslim::kernels
