// Benchmark baseline only: the depthwise kernel body as it was before the
// two-accumulator / barrier kernels (git 03ffdc7, src/kernels/f32-dwconv/
// f32-dwconv-wasmsimd.h), in namespace `before`, so dwconv_bench.cc can time
// the old 9p4c in the same binary, round-robin with the new kernels.
// The wasm SIMD128 depthwise conv body shared by the named kernels
// (f32-dwconv-*-wasmsimd.cc instantiate it): TAPS taps (0 = kernel_size at
// run time), CT channels per step (4 or 8) with a 4-channel step and a 1..3
// channel tail inside the last weight tile.
#pragma once
#include <cassert>
#include <cstdint>

#include "core/simd.h"
#include "kernels/f32-dwconv/f32-dwconv.h"
#include "kernels/simd-partial.h"

namespace nnslim::kernels::before {

template <size_t TAPS, size_t CT>
inline void dwconv_wasmsimd(size_t channels, size_t output_width, size_t kernel_size, const float** input,
                            const float* weights, float* output, size_t input_stride, size_t output_increment,
                            size_t input_offset, const float* zero, const F32MinMaxParams* params) {
  static_assert(CT == 4 || CT == 8, "channel tile");
  assert(channels != 0 && output_width != 0);
  assert(TAPS == 0 || kernel_size == TAPS);
  const size_t taps = TAPS != 0 ? TAPS : kernel_size;
  const v128_t vmin = wasm_v128_load32_splat(&params->min);
  const v128_t vmax = wasm_v128_load32_splat(&params->max);
  // Tap pointer k, rebased unless it is the zero buffer.
  auto tap = [&](size_t k) {
    const float* in = input[k];
    return in != zero ? reinterpret_cast<const float*>(reinterpret_cast<uintptr_t>(in) + input_offset) : in;
  };
  // With a fixed tap count the taps' pointers are resolved (zero check,
  // rebase) once per output pixel, not once per channel tile: for 144
  // channels that is 9 resolutions instead of 162 (XNNPACK keeps i0..i8 the same way).
  constexpr size_t kHoisted = TAPS != 0 ? TAPS : 1;
  const float* resolved[kHoisted];
  auto tap_of_pixel = [&](size_t k) { return TAPS != 0 ? resolved[k] : tap(k); };
  do {
    if (TAPS != 0)
      for (size_t k = 0; k < kHoisted; k++) resolved[k] = tap(k);
    const float* w = weights;
    size_t c = 0;
    for (; c + CT <= channels; c += CT) {
      v128_t vacc0123 = wasm_v128_load(w);
      v128_t vacc4567 = CT == 8 ? wasm_v128_load(w + 4) : vacc0123;
      for (size_t k = 0; k < taps; k++) {
        const float* ik = tap_of_pixel(k) + c;
        const v128_t vk0123 = wasm_v128_load(w + CT * (k + 1));
        vacc0123 = wasm_f32x4_add(vacc0123, wasm_f32x4_mul(wasm_v128_load(ik), vk0123));
        if (CT == 8) {
          const v128_t vk4567 = wasm_v128_load(w + CT * (k + 1) + 4);
          vacc4567 = wasm_f32x4_add(vacc4567, wasm_f32x4_mul(wasm_v128_load(ik + 4), vk4567));
        }
      }
      w += CT * (taps + 1);
      vacc0123 = wasm_f32x4_pmin(vmax, wasm_f32x4_pmax(vmin, vacc0123));
      wasm_v128_store(output, vacc0123);
      if (CT == 8) {
        vacc4567 = wasm_f32x4_pmin(vmax, wasm_f32x4_pmax(vmin, vacc4567));
        wasm_v128_store(output + 4, vacc4567);
      }
      output += CT;
    }
    // Last, partial tile: 4 channels at a time at lane offset `lane` of the tile.
    for (size_t lane = 0; c < channels; lane += 4) {
      const size_t n = channels - c < 4 ? channels - c : 4;
      v128_t vacc = wasm_v128_load(w + lane);
      for (size_t k = 0; k < taps; k++) {
        const float* ik = tap_of_pixel(k) + c;
        const v128_t vi = n == 4 ? wasm_v128_load(ik) : f32x4_load_partial(ik, n);
        vacc = wasm_f32x4_add(vacc, wasm_f32x4_mul(vi, wasm_v128_load(w + CT * (k + 1) + lane)));
      }
      vacc = wasm_f32x4_pmin(vmax, wasm_f32x4_pmax(vmin, vacc));
      if (n == 4) {
        wasm_v128_store(output, vacc);
      } else {
        f32x4_store_partial(output, vacc, n);
      }
      output += n;
      c += n;
    }
    input = reinterpret_cast<const float**>(reinterpret_cast<uintptr_t>(input) + input_stride);
    output = reinterpret_cast<float*>(reinterpret_cast<uintptr_t>(output) + output_increment);
  } while (--output_width != 0);
}

}  // namespace nnslim::kernels::before
