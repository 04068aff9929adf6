// The wasm SIMD128 depthwise conv body shared by the named kernels
// (f32-dwconv-*-wasmsimd.cc instantiate it): TAPS taps (0 = kernel_size at
// run time), CT channels per step (4 or 8) with a 4-channel step and a 1..3
// channel tail inside the last weight tile.
// With a fixed TAPS the tap loop is written out at compile time. Two knobs,
// both measured on V8 11.3 x64 code (docs/benchmarks.md, "f32 depthwise"):
// - ACC accumulator chains: tap k adds into chain k % ACC (chain 0 starts
//   from the bias), summed at the end; for 3x3 and ACC = 2 that is chains of
//   5 and 4 dependent f32x4 adds instead of one of 9 (3+ cycles each).
// - SPLIT: after every SPLIT taps the partial sums are stored to the output
//   (overwritten by the final store). V8 keeps loads and stores in program
//   order but places pure arithmetic just before its first use, so without a
//   store in between all 18 loads of a 9-tap step are issued first and spill
//   (15 allocatable xmm registers); the store makes the first taps' multiplies
//   and adds happen before the later taps' loads.
#pragma once
#include <cassert>
#include <cstdint>
#include <utility>

#include "core/simd.h"
#include "kernels/f32-dwconv/f32-dwconv.h"
#include "kernels/f32-madd.h"
#include "kernels/kernel_macros.h"
#include "kernels/simd-partial.h"

namespace nnslim::kernels {

// Calls f(k) for k = 0 .. taps - 1. With a fixed tap count the calls are
// written out one by one (k a constant in each), so the accumulator choice
// k % ACC and the barriers resolve at compile time and the sums stay in
// registers; clang's own unrolling gives up once the body grows.
template <class F, size_t... K>
NNSLIM_ALWAYS_INLINE inline void dwconv_taps_unrolled(F& f, std::index_sequence<K...>) {
  (f(K), ...);
}
template <size_t TAPS, class F>
NNSLIM_ALWAYS_INLINE inline void dwconv_for_each_tap(size_t taps, F&& f) {
  if constexpr (TAPS != 0) {
    dwconv_taps_unrolled(f, std::make_index_sequence<TAPS>());
  } else {
    for (size_t k = 0; k < taps; k++) f(k);
  }
}

template <size_t TAPS, size_t CT, size_t ACC = 1, size_t SPLIT = 0>
inline void dwconv_wasmsimd(size_t channels, size_t output_width, size_t kernel_size, const float** input,
                            const float* weights, float* output, size_t input_stride, size_t output_increment,
                            size_t input_offset, const float* zero, const F32MinMaxParams* params) {
  static_assert(CT == 4 || CT == 8, "channel tile");
  static_assert(ACC == 1 || (ACC >= 2 && ACC <= TAPS), "several accumulator sets need a fixed tap count");
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
    if (TAPS != 0) dwconv_for_each_tap<TAPS>(taps, [&](size_t k) { resolved[k] = tap(k); });
    const float* w = weights;
    size_t c = 0;
    for (; c + CT <= channels; c += CT) {
      // vsum[j]: taps k with k % ACC == j (set 0 starts from the bias).
      v128_t vsum0123[ACC], vsum4567[ACC];
      vsum0123[0] = wasm_v128_load(w);
      vsum4567[0] = CT == 8 ? wasm_v128_load(w + 4) : vsum0123[0];
      dwconv_for_each_tap<TAPS>(taps, [&](size_t k) {
        const float* ik = tap_of_pixel(k) + c;
        const v128_t vi0123 = wasm_v128_load(ik), vk0123 = wasm_v128_load(w + CT * (k + 1));
        const v128_t vi4567 = CT == 8 ? wasm_v128_load(ik + 4) : vi0123;
        const v128_t vk4567 = CT == 8 ? wasm_v128_load(w + CT * (k + 1) + 4) : vk0123;
        // The first tap of chains 1.. starts its chain (a product); every
        // other tap multiply-adds into its chain.
        const size_t j = k % ACC;
        const bool starts_chain = k == j && j != 0;
        vsum0123[j] = starts_chain ? wasm_f32x4_mul(vi0123, vk0123) : f32x4_madd(vi0123, vk0123, vsum0123[j]);
        if (CT == 8)
          vsum4567[j] = starts_chain ? wasm_f32x4_mul(vi4567, vk4567) : f32x4_madd(vi4567, vk4567, vsum4567[j]);
        if (SPLIT != 0 && (k + 1) % SPLIT == 0 && k + 1 < taps) {
          // Barrier: V8 keeps loads and stores in order but computes pure
          // values just before their first use, so without it all 18 loads
          // of a tile come first and spill. Storing the partial sums (into
          // the output, overwritten below) every SPLIT taps makes those taps'
          // math happen before the next taps' loads.
          for (size_t a = 0; a < ACC && a <= k; a++) {
            wasm_v128_store(output, vsum0123[a]);
            if (CT == 8) wasm_v128_store(output + 4, vsum4567[a]);
          }
        }
      });
      for (size_t j = 1; j < ACC; j++) {
        vsum0123[0] = wasm_f32x4_add(vsum0123[0], vsum0123[j]);
        if (CT == 8) vsum4567[0] = wasm_f32x4_add(vsum4567[0], vsum4567[j]);
      }
      v128_t vacc0123 = vsum0123[0], vacc4567 = vsum4567[0];
      w += CT * (taps + 1);
      vacc0123 = wasm_f32x4_pmin(wasm_f32x4_pmax(vacc0123, vmin), vmax);
      wasm_v128_store(output, vacc0123);
      if (CT == 8) {
        vacc4567 = wasm_f32x4_pmin(wasm_f32x4_pmax(vacc4567, vmin), vmax);
        wasm_v128_store(output + 4, vacc4567);
      }
      output += CT;
    }
    // Last, partial tile: 4 channels at a time at lane offset `lane` of the tile.
    for (size_t lane = 0; c < channels; lane += 4) {
      const size_t n = channels - c < 4 ? channels - c : 4;
      v128_t vsum[ACC];
      vsum[0] = wasm_v128_load(w + lane);
      dwconv_for_each_tap<TAPS>(taps, [&](size_t k) {
        const float* ik = tap_of_pixel(k) + c;
        const v128_t vi = n == 4 ? wasm_v128_load(ik) : f32x4_load_partial(ik, n);
        const v128_t vk = wasm_v128_load(w + CT * (k + 1) + lane);
        const size_t j = k % ACC;
        vsum[j] = k == j && j != 0 ? wasm_f32x4_mul(vi, vk) : f32x4_madd(vi, vk, vsum[j]);
      });
      for (size_t j = 1; j < ACC; j++) vsum[0] = wasm_f32x4_add(vsum[0], vsum[j]);
      v128_t vacc = vsum[0];
      vacc = wasm_f32x4_pmin(wasm_f32x4_pmax(vacc, vmin), vmax);
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

}  // namespace nnslim::kernels
