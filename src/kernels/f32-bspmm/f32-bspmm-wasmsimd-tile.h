// The body shared by the wasm SIMD block-sparse kernels (f32-bspmm.h): for
// R = 4 * kVectors outputs per block, groups of 4 pixels (4 x kVectors
// accumulators: one weight vector load feeds 4 pixels), then single pixels
// with the even and odd blocks in separate accumulators (two independent add
// chains; they meet at the end of the block row).
#pragma once
#include <cstddef>
#include <cstdint>

#include "core/simd.h"
#include "kernels/f32-bspmm/f32-bspmm.h"
#include "kernels/kernel_macros.h"
#include "kernels/simd-partial.h"

namespace nnslim::kernels::bspmm_detail {

inline const float* pixel_row(const float* base, size_t p, size_t stride) {
  return reinterpret_cast<const float*>(reinterpret_cast<const char*>(base) + p * stride);
}
inline float* pixel_row(float* base, size_t p, size_t stride) {
  return reinterpret_cast<float*>(reinterpret_cast<char*>(base) + p * stride);
}

// Clamps and stores the first `count` of the block's 4 * kVectors outputs
// (count < 4 * kVectors only in a partial last block row).
template <size_t kVectors>
NNSLIM_ALWAYS_INLINE inline void store_block(float* c, const v128_t* vacc, size_t count, v128_t vmin, v128_t vmax) {
  for (size_t v = 0; v < kVectors; v++) {
    const v128_t y = wasm_f32x4_pmin(wasm_f32x4_pmax(vacc[v], vmin), vmax);  // value first: NaN passes
    if (NNSLIM_LIKELY(count >= 4 * v + 4)) {
      wasm_v128_store(c + 4 * v, y);
    } else {
      if (count > 4 * v) f32x4_store_partial(c + 4 * v, y, count - 4 * v);
      return;
    }
  }
}

// Pixels a[0..4) -> c[0..4), every block row of the call.
template <size_t kVectors>
NNSLIM_ALWAYS_INLINE inline void four_pixels(size_t nc, const float* a0, const float* a1, const float* a2,
                                             const float* a3, const float* w, const uint32_t* indices,
                                             const uint32_t* blocks, float* c0, float* c1, float* c2, float* c3,
                                             v128_t vmin, v128_t vmax) {
  constexpr size_t kBlock = 4 * kVectors;
  for (size_t o0 = 0, row = 0; o0 < nc; o0 += kBlock, row++) {
    v128_t vacc0[kVectors], vacc1[kVectors], vacc2[kVectors], vacc3[kVectors];
    for (size_t v = 0; v < kVectors; v++) vacc0[v] = vacc1[v] = vacc2[v] = vacc3[v] = wasm_v128_load(w + 4 * v);
    w += kBlock;
    for (uint32_t j = blocks[row]; j != 0; j--) {
      const uint32_t i = *indices++;
      const v128_t vx0 = wasm_v128_load32_splat(a0 + i);
      const v128_t vx1 = wasm_v128_load32_splat(a1 + i);
      const v128_t vx2 = wasm_v128_load32_splat(a2 + i);
      const v128_t vx3 = wasm_v128_load32_splat(a3 + i);
      for (size_t v = 0; v < kVectors; v++) {
        const v128_t vw = wasm_v128_load(w + 4 * v);
        vacc0[v] = wasm_f32x4_add(vacc0[v], wasm_f32x4_mul(vw, vx0));
        vacc1[v] = wasm_f32x4_add(vacc1[v], wasm_f32x4_mul(vw, vx1));
        vacc2[v] = wasm_f32x4_add(vacc2[v], wasm_f32x4_mul(vw, vx2));
        vacc3[v] = wasm_f32x4_add(vacc3[v], wasm_f32x4_mul(vw, vx3));
      }
      w += kBlock;
    }
    const size_t count = nc - o0 < kBlock ? nc - o0 : kBlock;
    store_block<kVectors>(c0 + o0, vacc0, count, vmin, vmax);
    store_block<kVectors>(c1 + o0, vacc1, count, vmin, vmax);
    store_block<kVectors>(c2 + o0, vacc2, count, vmin, vmax);
    store_block<kVectors>(c3 + o0, vacc3, count, vmin, vmax);
  }
}

// One pixel a -> c (the GEMV), every block row of the call.
template <size_t kVectors>
NNSLIM_ALWAYS_INLINE inline void one_pixel(size_t nc, const float* a, const float* w, const uint32_t* indices,
                                           const uint32_t* blocks, float* c, v128_t vmin, v128_t vmax) {
  constexpr size_t kBlock = 4 * kVectors;
  for (size_t o0 = 0, row = 0; o0 < nc; o0 += kBlock, row++) {
    v128_t vacc[kVectors], vodd[kVectors];
    for (size_t v = 0; v < kVectors; v++) {
      vacc[v] = wasm_v128_load(w + 4 * v);
      vodd[v] = wasm_f32x4_const(0.f, 0.f, 0.f, 0.f);
    }
    w += kBlock;
    uint32_t j = blocks[row];
    for (; j >= 2; j -= 2) {
      const v128_t vx0 = wasm_v128_load32_splat(a + indices[0]);
      const v128_t vx1 = wasm_v128_load32_splat(a + indices[1]);
      indices += 2;
      for (size_t v = 0; v < kVectors; v++) {
        vacc[v] = wasm_f32x4_add(vacc[v], wasm_f32x4_mul(wasm_v128_load(w + 4 * v), vx0));
        vodd[v] = wasm_f32x4_add(vodd[v], wasm_f32x4_mul(wasm_v128_load(w + kBlock + 4 * v), vx1));
      }
      w += 2 * kBlock;
    }
    if (j != 0) {
      const v128_t vx = wasm_v128_load32_splat(a + *indices++);
      for (size_t v = 0; v < kVectors; v++)
        vacc[v] = wasm_f32x4_add(vacc[v], wasm_f32x4_mul(wasm_v128_load(w + 4 * v), vx));
      w += kBlock;
    }
    for (size_t v = 0; v < kVectors; v++) vacc[v] = wasm_f32x4_add(vacc[v], vodd[v]);
    store_block<kVectors>(c + o0, vacc, nc - o0 < kBlock ? nc - o0 : kBlock, vmin, vmax);
  }
}

template <size_t kVectors>
NNSLIM_ALWAYS_INLINE inline void bspmm(size_t mc, size_t nc, const float* input, size_t input_stride,
                                       const float* weights, const uint32_t* input_indices, const uint32_t* blocks,
                                       float* output, size_t output_stride, const F32MinMaxParams* params) {
  const v128_t vmin = wasm_v128_load32_splat(&params->min);
  const v128_t vmax = wasm_v128_load32_splat(&params->max);
  size_t p = 0;
  for (; p + 4 <= mc; p += 4)
    four_pixels<kVectors>(nc, pixel_row(input, p, input_stride), pixel_row(input, p + 1, input_stride),
                          pixel_row(input, p + 2, input_stride), pixel_row(input, p + 3, input_stride), weights,
                          input_indices, blocks, pixel_row(output, p, output_stride),
                          pixel_row(output, p + 1, output_stride), pixel_row(output, p + 2, output_stride),
                          pixel_row(output, p + 3, output_stride), vmin, vmax);
  for (; p < mc; p++)
    one_pixel<kVectors>(nc, pixel_row(input, p, input_stride), weights, input_indices, blocks,
                        pixel_row(output, p, output_stride), vmin, vmax);
}

}  // namespace nnslim::kernels::bspmm_detail
