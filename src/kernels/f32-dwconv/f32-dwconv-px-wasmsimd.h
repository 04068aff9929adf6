// A fixed-tap wasm SIMD128 depthwise conv body that computes PX output
// pixels per step (4 channels each): each tap's weight vector is loaded once
// for all PX pixels, so a tap costs PX + 1 loads for PX products instead of
// 2 PX. The pixels' tap pointers come from the indirection buffer as usual
// (any stride, padding, dilation). SPLIT: a store barrier every SPLIT taps,
// as in f32-dwconv-wasmsimd.h. The last output_width % PX pixels go through
// dwconv_wasmsimd.
#pragma once
#include <cassert>
#include <cstdint>

#include "kernels/f32-dwconv/f32-dwconv-wasmsimd.h"

namespace nnslim::kernels {

// One step of PX output pixels over all channels: in[p][k] is pixel p's
// resolved tap k, out[p] its output. Per pixel the sum is bias, then taps 0,
// 1, ..., TAPS - 1 in order (the order dwconv_px_cols_wasmsimd keeps too).
template <size_t TAPS, size_t PX, size_t SPLIT>
NNSLIM_ALWAYS_INLINE inline void dwconv_px_step(size_t channels, const float* const (&in)[PX][TAPS],
                                                float* const (&out)[PX], const float* weights, v128_t vmin,
                                                v128_t vmax) {
  const float* w = weights;
  size_t c = 0;
  // One chain per pixel in both builds: the PX pixels are PX independent
  // chains already, and the out-of-order core overlaps consecutive channel
  // groups. Splitting each pixel's taps into two chains for the fused
  // multiply-add's longer latency (relaxed build) measured 15-25% slower
  // (bench/kernels/dwconv_bench.cc vs its relaxed twin): twice the
  // accumulators and barrier stores.
  for (; c + 4 <= channels; c += 4) {
    v128_t vacc[PX];
    vacc[0] = wasm_v128_load(w);
    dwconv_for_each_tap<PX>(PX, [&](size_t p) { vacc[p] = vacc[0]; });
    dwconv_for_each_tap<TAPS>(TAPS, [&](size_t k) {
      const v128_t vk = wasm_v128_load(w + 4 * (k + 1));
      dwconv_for_each_tap<PX>(PX, [&](size_t p) { vacc[p] = f32x4_madd(wasm_v128_load(in[p][k] + c), vk, vacc[p]); });
      if (SPLIT != 0 && (k + 1) % SPLIT == 0 && k + 1 < TAPS)  // barrier, overwritten below
        dwconv_for_each_tap<PX>(PX, [&](size_t p) { wasm_v128_store(out[p] + c, vacc[p]); });
    });
    w += 4 * (TAPS + 1);
    dwconv_for_each_tap<PX>(PX, [&](size_t p) {
      wasm_v128_store(out[p] + c, wasm_f32x4_pmin(wasm_f32x4_pmax(vacc[p], vmin), vmax));
    });
  }
  if (c < channels) {  // 1..3 channels left, in the last weight tile
    const size_t n = channels - c;
    v128_t vacc[PX];
    vacc[0] = wasm_v128_load(w);
    dwconv_for_each_tap<PX>(PX, [&](size_t p) { vacc[p] = vacc[0]; });
    dwconv_for_each_tap<TAPS>(TAPS, [&](size_t k) {
      const v128_t vk = wasm_v128_load(w + 4 * (k + 1));
      dwconv_for_each_tap<PX>(PX, [&](size_t p) {
        vacc[p] = f32x4_madd(f32x4_load_partial(in[p][k] + c, n), vk, vacc[p]);
      });
    });
    dwconv_for_each_tap<PX>(PX, [&](size_t p) {
      f32x4_store_partial(out[p] + c, wasm_f32x4_pmin(wasm_f32x4_pmax(vacc[p], vmin), vmax), n);
    });
  }
}

// The PX pixels' resolved tap pointers (zero check, rebase) and output
// pointers of the step starting at `input` / `output`.
template <size_t TAPS, size_t PX>
NNSLIM_ALWAYS_INLINE inline void dwconv_px_pointers(const float** input, float* output, size_t input_stride,
                                                    size_t output_pixel_bytes, size_t input_offset, const float* zero,
                                                    const float* (&in)[PX][TAPS], float* (&out)[PX]) {
  dwconv_for_each_tap<PX>(PX, [&](size_t p) {
    const float* const* pixel =
        reinterpret_cast<const float* const*>(reinterpret_cast<uintptr_t>(input) + p * input_stride);
    out[p] = reinterpret_cast<float*>(reinterpret_cast<uintptr_t>(output) + p * output_pixel_bytes);
    dwconv_for_each_tap<TAPS>(TAPS, [&](size_t k) {
      const float* i = pixel[k];
      in[p][k] = i != zero ? reinterpret_cast<const float*>(reinterpret_cast<uintptr_t>(i) + input_offset) : i;
    });
  });
}

// The row loop every multi-pixel body shares: PX output pixels per call of
// `step(in, out, vmin, vmax)` (in[p][k]: pixel p's resolved tap k, out[p]:
// its output), the last output_width % PX pixels through dwconv_wasmsimd.
// `step` must be always-inline too: a lambda clang 14 leaves out of line
// keeps in[][] in memory (~10% more instructions in the 3x3 bodies).
template <size_t TAPS, size_t PX, typename Step>
NNSLIM_ALWAYS_INLINE inline void dwconv_px_rows(size_t channels, size_t output_width, const float** input,
                                                const float* weights, float* output, size_t input_stride,
                                                size_t output_increment, size_t input_offset, const float* zero,
                                                const F32MinMaxParams* params, Step step) {
  const v128_t vmin = wasm_v128_load32_splat(&params->min);
  const v128_t vmax = wasm_v128_load32_splat(&params->max);
  const size_t output_pixel_bytes = channels * sizeof(float) + output_increment;
  for (; output_width >= PX; output_width -= PX) {
    const float* in[PX][TAPS];
    float* out[PX];
    dwconv_px_pointers<TAPS, PX>(input, output, input_stride, output_pixel_bytes, input_offset, zero, in, out);
    step(in, out, vmin, vmax);
    input = reinterpret_cast<const float**>(reinterpret_cast<uintptr_t>(input) + PX * input_stride);
    output = reinterpret_cast<float*>(reinterpret_cast<uintptr_t>(output) + PX * output_pixel_bytes);
  }
  if (output_width != 0)
    dwconv_wasmsimd<TAPS, 4, 2, 5>(channels, output_width, TAPS, input, weights, output, input_stride,
                                   output_increment, input_offset, zero, params);
}

template <size_t TAPS, size_t PX, size_t SPLIT>
inline void dwconv_px_wasmsimd(size_t channels, size_t output_width, size_t kernel_size, const float** input,
                               const float* weights, float* output, size_t input_stride, size_t output_increment,
                               size_t input_offset, const float* zero, const F32MinMaxParams* params) {
  static_assert(TAPS != 0 && PX >= 2, "fixed tap count, several pixels");
  assert(channels != 0 && output_width != 0 && kernel_size == TAPS);
  (void)kernel_size;
  dwconv_px_rows<TAPS, PX>(
      channels, output_width, input, weights, output, input_stride, output_increment, input_offset, zero, params,
      [&](const float* const(&in)[PX][TAPS], float* const(&out)[PX], v128_t vmin, v128_t vmax)
          NNSLIM_ALWAYS_INLINE { dwconv_px_step<TAPS, PX, SPLIT>(channels, in, out, weights, vmin, vmax); });
}

}  // namespace nnslim::kernels
