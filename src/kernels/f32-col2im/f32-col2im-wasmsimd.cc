#include "core/simd.h"
#include "kernels/f32-col2im/f32-col2im.h"
#include "kernels/simd-partial.h"

namespace nnslim::kernels {

namespace {

// dst[0..n) += src[0..n), 8 then 4 floats at a time, then a partial vector.
inline void accumulate(float* dst, const float* src, size_t n) {
  for (; n >= 8; n -= 8, dst += 8, src += 8) {
    const v128_t v0123 = wasm_f32x4_add(wasm_v128_load(dst), wasm_v128_load(src));
    const v128_t v4567 = wasm_f32x4_add(wasm_v128_load(dst + 4), wasm_v128_load(src + 4));
    wasm_v128_store(dst, v0123);
    wasm_v128_store(dst + 4, v4567);
  }
  if (n >= 4) {
    wasm_v128_store(dst, wasm_f32x4_add(wasm_v128_load(dst), wasm_v128_load(src)));
    dst += 4, src += 4, n -= 4;
  }
  if (n != 0) f32x4_store_partial(dst, wasm_f32x4_add(f32x4_load_partial(dst, n), f32x4_load_partial(src, n)), n);
}

}  // namespace

void f32_col2im_nhwc_ukernel__wasmsimd_x8(const Col2ImGeometry& g, size_t first_pixel, size_t pixels,
                                          const float* col, float* output) {
  // Walk the pixels row by row so the tap rows that land are found once per row segment.
  size_t p = first_pixel;
  const size_t end = first_pixel + pixels;
  while (p < end) {
    const size_t iy = p / g.input_w, ix_begin = p % g.input_w;
    const size_t ix_end = end - p < g.input_w - ix_begin ? ix_begin + (end - p) : g.input_w;
    for (size_t ky = 0; ky < g.kernel_h; ky++) {
      const int64_t oy = static_cast<int64_t>(iy * g.stride_h + ky * g.dilation_h) - g.pad_top;
      if (oy < 0 || oy >= static_cast<int64_t>(g.output_h)) continue;
      float* out_row = output + static_cast<size_t>(oy) * g.output_w * g.out_pixel_stride;
      const float* col_row = col + ky * g.kernel_w * g.channels;
      for (size_t ix = ix_begin; ix < ix_end; ix++) {
        const float* src = col_row + (ix - ix_begin) * g.col_stride;
        for (size_t kx = 0; kx < g.kernel_w; kx++, src += g.channels) {
          const int64_t ox = static_cast<int64_t>(ix * g.stride_w + kx * g.dilation_w) - g.pad_left;
          if (ox < 0 || ox >= static_cast<int64_t>(g.output_w)) continue;
          accumulate(out_row + static_cast<size_t>(ox) * g.out_pixel_stride, src, g.channels);
        }
      }
    }
    col += (ix_end - ix_begin) * g.col_stride;
    p += ix_end - ix_begin;
  }
}

}  // namespace nnslim::kernels
