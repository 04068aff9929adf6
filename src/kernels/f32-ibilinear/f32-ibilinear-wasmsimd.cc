#include "core/simd.h"
#include "kernels/f32-ibilinear/f32-ibilinear.h"
#include "kernels/simd-partial.h"

namespace nnslim::kernels {

namespace {

inline v128_t lerp2d(v128_t vtl, v128_t vtr, v128_t vbl, v128_t vbr, v128_t valpha_h, v128_t valpha_v) {
  const v128_t vt = wasm_f32x4_add(vtl, wasm_f32x4_mul(valpha_h, wasm_f32x4_sub(vtr, vtl)));
  const v128_t vb = wasm_f32x4_add(vbl, wasm_f32x4_mul(valpha_h, wasm_f32x4_sub(vbr, vbl)));
  return wasm_f32x4_add(vt, wasm_f32x4_mul(valpha_v, wasm_f32x4_sub(vb, vt)));
}

inline v128_t lerp2d_load(const float* tl, const float* tr, const float* bl, const float* br, v128_t valpha_h,
                          v128_t valpha_v) {
  return lerp2d(wasm_v128_load(tl), wasm_v128_load(tr), wasm_v128_load(bl), wasm_v128_load(br), valpha_h, valpha_v);
}

}  // namespace

void f32_ibilinear_row_ukernel__wasmsimd_c8(size_t pixels, size_t channels, const float* top, const float* bottom,
                                            const size_t* offsets, const float* weights, float alpha_v,
                                            float* output) {
  const v128_t valpha_v = wasm_f32x4_splat(alpha_v);
  for (size_t x = 0; x < pixels; x++, offsets += 2) {
    const float* tl = top + offsets[0];
    const float* tr = top + offsets[1];
    const float* bl = bottom + offsets[0];
    const float* br = bottom + offsets[1];
    const v128_t valpha_h = wasm_f32x4_splat(weights[x]);
    size_t c = channels;
    for (; c >= 8; c -= 8) {
      const v128_t vo0123 = lerp2d_load(tl, tr, bl, br, valpha_h, valpha_v);
      const v128_t vo4567 = lerp2d_load(tl + 4, tr + 4, bl + 4, br + 4, valpha_h, valpha_v);
      wasm_v128_store(output, vo0123);
      wasm_v128_store(output + 4, vo4567);
      tl += 8, tr += 8, bl += 8, br += 8, output += 8;
    }
    if (c >= 4) {
      wasm_v128_store(output, lerp2d_load(tl, tr, bl, br, valpha_h, valpha_v));
      tl += 4, tr += 4, bl += 4, br += 4, output += 4;
      c -= 4;
    }
    if (c != 0) {
      const v128_t vo = lerp2d(f32x4_load_partial(tl, c), f32x4_load_partial(tr, c), f32x4_load_partial(bl, c),
                               f32x4_load_partial(br, c), valpha_h, valpha_v);
      f32x4_store_partial(output, vo, c);
      output += c;
    }
  }
}

void f32_inearest_row_ukernel__wasmsimd_c8(size_t pixels, size_t channels, const float* row, const size_t* offsets,
                                           float* output) {
  for (size_t x = 0; x < pixels; x++) {
    const float* in = row + offsets[x];
    size_t c = channels;
    for (; c >= 8; c -= 8) {
      const v128_t v0123 = wasm_v128_load(in), v4567 = wasm_v128_load(in + 4);
      wasm_v128_store(output, v0123);
      wasm_v128_store(output + 4, v4567);
      in += 8, output += 8;
    }
    if (c >= 4) {
      wasm_v128_store(output, wasm_v128_load(in));
      in += 4, output += 4;
      c -= 4;
    }
    if (c != 0) {
      f32x4_store_partial(output, f32x4_load_partial(in, c), c);
      output += c;
    }
  }
}

}  // namespace nnslim::kernels
