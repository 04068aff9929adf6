#include "core/simd.h"
#include "kernels/f32-ibilinear/f32-ibilinear.h"
#include "kernels/simd-partial.h"

namespace nnslim::kernels {

namespace {

inline v128_t lerp4(const float* tl, const float* tr, const float* bl, const float* br, v128_t valpha_h,
                    v128_t valpha_v) {
  const v128_t vtl = wasm_v128_load(tl), vtr = wasm_v128_load(tr);
  const v128_t vbl = wasm_v128_load(bl), vbr = wasm_v128_load(br);
  const v128_t vtop = wasm_f32x4_add(vtl, wasm_f32x4_mul(valpha_h, wasm_f32x4_sub(vtr, vtl)));
  const v128_t vbottom = wasm_f32x4_add(vbl, wasm_f32x4_mul(valpha_h, wasm_f32x4_sub(vbr, vbl)));
  return wasm_f32x4_add(vtop, wasm_f32x4_mul(valpha_v, wasm_f32x4_sub(vbottom, vtop)));
}

}  // namespace

void f32_ibilinear_ukernel__wasmsimd_c8(size_t pixels, size_t channels, const float* input, const size_t* offsets,
                                        const float* weights, float* output) {
  for (size_t p = 0; p < pixels; p++, offsets += 4, weights += 2) {
    const float* tl = input + offsets[0];
    const float* tr = input + offsets[1];
    const float* bl = input + offsets[2];
    const float* br = input + offsets[3];
    const v128_t valpha_h = wasm_f32x4_splat(weights[0]);
    const v128_t valpha_v = wasm_f32x4_splat(weights[1]);
    size_t c = channels;
    for (; c >= 8; c -= 8) {
      const v128_t vo0123 = lerp4(tl, tr, bl, br, valpha_h, valpha_v);
      const v128_t vo4567 = lerp4(tl + 4, tr + 4, bl + 4, br + 4, valpha_h, valpha_v);
      wasm_v128_store(output, vo0123);
      wasm_v128_store(output + 4, vo4567);
      tl += 8, tr += 8, bl += 8, br += 8, output += 8;
    }
    if (c >= 4) {
      wasm_v128_store(output, lerp4(tl, tr, bl, br, valpha_h, valpha_v));
      tl += 4, tr += 4, bl += 4, br += 4, output += 4;
      c -= 4;
    }
    if (c != 0) {
      const v128_t vtl = f32x4_load_partial(tl, c), vtr = f32x4_load_partial(tr, c);
      const v128_t vbl = f32x4_load_partial(bl, c), vbr = f32x4_load_partial(br, c);
      const v128_t vtop = wasm_f32x4_add(vtl, wasm_f32x4_mul(valpha_h, wasm_f32x4_sub(vtr, vtl)));
      const v128_t vbottom = wasm_f32x4_add(vbl, wasm_f32x4_mul(valpha_h, wasm_f32x4_sub(vbr, vbl)));
      f32x4_store_partial(output, wasm_f32x4_add(vtop, wasm_f32x4_mul(valpha_v, wasm_f32x4_sub(vbottom, vtop))), c);
      output += c;
    }
  }
}

void f32_inearest_ukernel__wasmsimd_c8(size_t pixels, size_t channels, const float* input, const size_t* offsets,
                                       float* output) {
  for (size_t p = 0; p < pixels; p++) {
    const float* in = input + offsets[p];
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
