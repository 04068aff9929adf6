// A fixed-tap wasm SIMD128 depthwise conv body that computes two output
// pixels per step (4 channels each): each tap's weight vector is loaded once
// for both pixels, so a tap costs 3 loads for 2 products instead of 4. The
// pixels' tap pointers come from the indirection buffer as usual (any stride,
// padding, dilation). SPLIT: a store barrier every SPLIT taps, as in
// f32-dwconv-wasmsimd.h. An odd last pixel goes through dwconv_wasmsimd.
#pragma once
#include <cassert>
#include <cstdint>

#include "kernels/f32-dwconv/f32-dwconv-wasmsimd.h"

namespace nnslim::kernels {

template <size_t TAPS, size_t SPLIT>
inline void dwconv_2px_wasmsimd(size_t channels, size_t output_width, size_t kernel_size, const float** input,
                                const float* weights, float* output, size_t input_stride, size_t output_increment,
                                size_t input_offset, const float* zero, const F32MinMaxParams* params) {
  static_assert(TAPS != 0, "fixed tap count");
  assert(channels != 0 && output_width != 0 && kernel_size == TAPS);
  const v128_t vmin = wasm_v128_load32_splat(&params->min);
  const v128_t vmax = wasm_v128_load32_splat(&params->max);
  auto tap = [&](const float* const* pixel, size_t k) {
    const float* in = pixel[k];
    return in != zero ? reinterpret_cast<const float*>(reinterpret_cast<uintptr_t>(in) + input_offset) : in;
  };
  const size_t output_pixel_bytes = channels * sizeof(float) + output_increment;
  for (; output_width >= 2; output_width -= 2) {
    const float** input_b = reinterpret_cast<const float**>(reinterpret_cast<uintptr_t>(input) + input_stride);
    float* output_b = reinterpret_cast<float*>(reinterpret_cast<uintptr_t>(output) + output_pixel_bytes);
    const float* a[TAPS];
    const float* b[TAPS];
    dwconv_for_each_tap<TAPS>(TAPS, [&](size_t k) {
      a[k] = tap(input, k);
      b[k] = tap(input_b, k);
    });
    const float* w = weights;
    size_t c = 0;
    for (; c + 4 <= channels; c += 4) {
      v128_t vacc_a = wasm_v128_load(w);
      v128_t vacc_b = vacc_a;
      dwconv_for_each_tap<TAPS>(TAPS, [&](size_t k) {
        const v128_t vk = wasm_v128_load(w + 4 * (k + 1));
        vacc_a = wasm_f32x4_add(vacc_a, wasm_f32x4_mul(wasm_v128_load(a[k] + c), vk));
        vacc_b = wasm_f32x4_add(vacc_b, wasm_f32x4_mul(wasm_v128_load(b[k] + c), vk));
        if (SPLIT != 0 && (k + 1) % SPLIT == 0 && k + 1 < TAPS) {
          wasm_v128_store(output + c, vacc_a);  // barrier, overwritten below
          wasm_v128_store(output_b + c, vacc_b);
        }
      });
      w += 4 * (TAPS + 1);
      wasm_v128_store(output + c, wasm_f32x4_pmin(vmax, wasm_f32x4_pmax(vmin, vacc_a)));
      wasm_v128_store(output_b + c, wasm_f32x4_pmin(vmax, wasm_f32x4_pmax(vmin, vacc_b)));
    }
    if (c < channels) {  // 1..3 channels left, in the last weight tile
      const size_t n = channels - c;
      v128_t vacc_a = wasm_v128_load(w);
      v128_t vacc_b = vacc_a;
      dwconv_for_each_tap<TAPS>(TAPS, [&](size_t k) {
        const v128_t vk = wasm_v128_load(w + 4 * (k + 1));
        vacc_a = wasm_f32x4_add(vacc_a, wasm_f32x4_mul(f32x4_load_partial(a[k] + c, n), vk));
        vacc_b = wasm_f32x4_add(vacc_b, wasm_f32x4_mul(f32x4_load_partial(b[k] + c, n), vk));
      });
      f32x4_store_partial(output + c, wasm_f32x4_pmin(vmax, wasm_f32x4_pmax(vmin, vacc_a)), n);
      f32x4_store_partial(output_b + c, wasm_f32x4_pmin(vmax, wasm_f32x4_pmax(vmin, vacc_b)), n);
    }
    input = reinterpret_cast<const float**>(reinterpret_cast<uintptr_t>(input_b) + input_stride);
    output = reinterpret_cast<float*>(reinterpret_cast<uintptr_t>(output_b) + output_pixel_bytes);
  }
  if (output_width != 0)
    dwconv_wasmsimd<TAPS, 4, 2, 5>(channels, 1, kernel_size, input, weights, output, input_stride, output_increment,
                                   input_offset, zero, params);
}

}  // namespace nnslim::kernels
