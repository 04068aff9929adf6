// wasm SIMD128 per-channel affine kernels: 8 floats per step, then 4, then a
// 1..3 tail. The clamp is pmax(y, min) then pmin(y, max): with y first a NaN
// passes through (pmax(a, b) = a < b ? b : a), as in f32_clamp_keep_nan.
#include <cassert>

#include "core/simd.h"
#include "kernels/f32-madd.h"
#include "kernels/f32-vaffine/f32-vaffine.h"
#include "kernels/simd-partial.h"

namespace nnslim::kernels {
namespace {

inline v128_t affine(v128_t vx, v128_t vscale, v128_t vshift, v128_t vmin, v128_t vmax) {
  const v128_t vy = f32x4_madd(vx, vscale, vshift);
  return wasm_f32x4_pmin(wasm_f32x4_pmax(vy, vmin), vmax);
}

}  // namespace

void f32_vaffinec_ukernel__wasmsimd_x8(size_t rows, size_t channels, const float* x, const float* scale,
                                       const float* shift, float* y, const F32MinMaxParams* params) {
  assert(rows != 0 && channels != 0);
  const v128_t vmin = wasm_v128_load32_splat(&params->min), vmax = wasm_v128_load32_splat(&params->max);
  do {
    const float* s = scale;
    const float* t = shift;
    size_t c = channels;
    for (; c >= 8; c -= 8) {
      const v128_t vy0123 = affine(wasm_v128_load(x), wasm_v128_load(s), wasm_v128_load(t), vmin, vmax);
      const v128_t vy4567 = affine(wasm_v128_load(x + 4), wasm_v128_load(s + 4), wasm_v128_load(t + 4), vmin, vmax);
      wasm_v128_store(y, vy0123);
      wasm_v128_store(y + 4, vy4567);
      x += 8;
      y += 8;
      s += 8;
      t += 8;
    }
    for (; c >= 4; c -= 4) {
      wasm_v128_store(y, affine(wasm_v128_load(x), wasm_v128_load(s), wasm_v128_load(t), vmin, vmax));
      x += 4;
      y += 4;
      s += 4;
      t += 4;
    }
    if (c != 0) {
      const v128_t vy = affine(f32x4_load_partial(x, c), f32x4_load_partial(s, c), f32x4_load_partial(t, c), vmin, vmax);
      f32x4_store_partial(y, vy, c);
      x += c;
      y += c;
    }
  } while (--rows != 0);
}

void f32_vaffines_ukernel__wasmsimd_x8(size_t batch, const float* x, float scale, float shift, float* y,
                                       const F32MinMaxParams* params) {
  assert(batch != 0 && batch % sizeof(float) == 0);
  const v128_t vmin = wasm_v128_load32_splat(&params->min), vmax = wasm_v128_load32_splat(&params->max);
  const v128_t vscale = wasm_f32x4_splat(scale), vshift = wasm_f32x4_splat(shift);
  size_t n = batch / sizeof(float);
  for (; n >= 8; n -= 8) {
    const v128_t vy0123 = affine(wasm_v128_load(x), vscale, vshift, vmin, vmax);
    const v128_t vy4567 = affine(wasm_v128_load(x + 4), vscale, vshift, vmin, vmax);
    wasm_v128_store(y, vy0123);
    wasm_v128_store(y + 4, vy4567);
    x += 8;
    y += 8;
  }
  for (; n >= 4; n -= 4) {
    wasm_v128_store(y, affine(wasm_v128_load(x), vscale, vshift, vmin, vmax));
    x += 4;
    y += 4;
  }
  if (n != 0) f32x4_store_partial(y, affine(f32x4_load_partial(x, n), vscale, vshift, vmin, vmax), n);
}

}  // namespace nnslim::kernels
