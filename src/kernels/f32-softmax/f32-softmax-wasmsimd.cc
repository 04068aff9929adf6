#include <cassert>

#include "core/simd.h"
#include "kernels/f32-softmax/f32-softmax.h"
#include "kernels/f32-vbinary/f32-vbinary.h"
#include "kernels/f32-vmath.h"
#include "kernels/simd-partial.h"

namespace nnslim::kernels {

static inline float f32x4_hmax(v128_t v) {
  v = wasm_f32x4_pmax(v, wasm_i32x4_shuffle(v, v, 2, 3, 0, 1));
  v = wasm_f32x4_pmax(v, wasm_i32x4_shuffle(v, v, 1, 0, 3, 2));
  return wasm_f32x4_extract_lane(v, 0);
}

static inline float f32x4_hsum(v128_t v) {
  v = wasm_f32x4_add(v, wasm_i32x4_shuffle(v, v, 2, 3, 0, 1));
  v = wasm_f32x4_add(v, wasm_i32x4_shuffle(v, v, 1, 0, 3, 2));
  return wasm_f32x4_extract_lane(v, 0);
}

void f32_rmax_ukernel__wasmsimd(size_t batch, const float* x, float* max) {
  assert(batch != 0 && batch % sizeof(float) == 0);
  size_t n = batch / sizeof(float);
  v128_t vmax0 = wasm_v128_load32_splat(x), vmax1 = vmax0;
  for (; n >= 8; n -= 8) {
    vmax0 = wasm_f32x4_pmax(vmax0, wasm_v128_load(x));
    vmax1 = wasm_f32x4_pmax(vmax1, wasm_v128_load(x + 4));
    x += 8;
  }
  float m = f32x4_hmax(wasm_f32x4_pmax(vmax0, vmax1));
  for (; n != 0; n--, x++) m = m < *x ? *x : m;
  *max = m;
}

void f32_raddstoreexpminusmax_ukernel__wasmsimd(size_t batch, const float* x, const float* max, float* y,
                                                float* sum) {
  assert(batch != 0 && batch % sizeof(float) == 0);
  size_t n = batch / sizeof(float);
  const v128_t vmax = wasm_v128_load32_splat(max);
  v128_t vsum0 = wasm_f32x4_splat(0.0f), vsum1 = vsum0;
  for (; n >= 8; n -= 8) {
    const v128_t ve0123 = f32x4_exp(wasm_f32x4_sub(wasm_v128_load(x), vmax));
    const v128_t ve4567 = f32x4_exp(wasm_f32x4_sub(wasm_v128_load(x + 4), vmax));
    x += 8;
    wasm_v128_store(y, ve0123);
    wasm_v128_store(y + 4, ve4567);
    y += 8;
    vsum0 = wasm_f32x4_add(vsum0, ve0123);
    vsum1 = wasm_f32x4_add(vsum1, ve4567);
  }
  for (; n >= 4; n -= 4) {
    const v128_t ve = f32x4_exp(wasm_f32x4_sub(wasm_v128_load(x), vmax));
    x += 4;
    wasm_v128_store(y, ve);
    y += 4;
    vsum0 = wasm_f32x4_add(vsum0, ve);
  }
  if (n != 0) {
    // Lanes past n hold exp(-inf - ...) = 0 after masking: load zeros, then
    // zero them explicitly (exp(0 - max) is not 0).
    v128_t ve = f32x4_exp(wasm_f32x4_sub(f32x4_load_partial(x, n), vmax));
    const v128_t vlane = wasm_i32x4_make(0, 1, 2, 3);
    ve = wasm_v128_and(ve, wasm_i32x4_lt(vlane, wasm_i32x4_splat(static_cast<int32_t>(n))));
    f32x4_store_partial(y, ve, n);
    vsum0 = wasm_f32x4_add(vsum0, ve);
  }
  *sum = f32x4_hsum(wasm_f32x4_add(vsum0, vsum1));
}

void f32_softmax_row(size_t n, const float* x, float* y) {
  float max, sum;
  f32_rmax_ukernel__wasmsimd(n * sizeof(float), x, &max);
  f32_raddstoreexpminusmax_ukernel__wasmsimd(n * sizeof(float), x, &max, y, &sum);
  const float scale = 1.0f / sum;
  const F32MinMaxParams none = f32_minmax_none();
  f32_vmulc_minmax_ukernel__wasmsimd_x8(n * sizeof(float), y, &scale, y, &none);
}

}  // namespace nnslim::kernels
