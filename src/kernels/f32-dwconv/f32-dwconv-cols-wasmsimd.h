// A KHxKW depthwise conv body for PX output pixels per step that loads each
// input column once when the pixels are neighbours on a stride-1 row.
//
// There, pixel p + 1's tap (ky, kx) is pixel p's tap (ky, kx + 1) (padding
// taps included: both are the zero buffer), so PX pixels read PX + KW - 1
// input columns per kernel row instead of PX * KW: for 3x3 and 3 pixels,
// 15 input loads per 4 channels instead of 27 (plus the 9 weight loads both
// share). Whether a step's pixels are such neighbours is read off the
// indirection buffer (the pointers themselves are compared), so strides,
// dilations, padding and steps across an output row's end stay correct: those
// steps take dwconv_px_step. Each pixel still sums bias, tap 0, ..., tap
// KH*KW - 1 in that order, so the result is bit for bit the one of
// dwconv_px_wasmsimd<KH * KW, PX, KW> (tested).
// STRIDE2: also share on stride-2 rows (pixel p + 1's tap (ky, kx) is pixel
// p's tap (ky, kx + 2); 3x3 and 3 pixels: 7 columns per kernel row instead
// of 9). It pays with fused multiply-adds only: in bench/kernels/dwconv_bench.cc
// MobileNetV2's four stride-2 layers take 515 -> 464 us in the relaxed build,
// but the plain build's mul + add needs a register more per product and its
// 112 -> 56 layer went from 337 to 400 us (spills).
#pragma once
#include <cassert>
#include <cstdint>

#include "kernels/f32-dwconv/f32-dwconv-px-wasmsimd.h"

namespace nnslim::kernels {

// Whether pixel p + 1's tap (ky, kx) equals pixel p's tap (ky, kx + S) for
// every pixel pair of the step. Then (by induction over p) every tap of the
// step is the pointer dwconv_cols_step reads for its column S p + kx: the
// check is on the very pointers that path uses, whatever the geometry.
template <size_t KH, size_t KW, size_t PX, size_t S>
NNSLIM_ALWAYS_INLINE inline bool dwconv_pixels_share_columns(const float* const (&in)[PX][KH * KW]) {
  bool shared = true;
  for (size_t p = 0; p + 1 < PX; p++)
    for (size_t ky = 0; ky < KH; ky++)
      for (size_t kx = 0; kx + S < KW; kx++) shared &= in[p + 1][ky * KW + kx] == in[p][ky * KW + kx + S];
  return shared;
}

// 4 channels (PARTIAL: the last n = 1..3) of a step through the shared
// columns: col[ky][j] + c is input column j of kernel row ky (pixel p's tap
// (ky, kx) is column S p + kx); w: the channel group's packed bias and taps.
// A store barrier after every kernel row but the last (as SPLIT = KW in
// dwconv_px_step): the next row's loads then come after this row's math.
template <size_t KH, size_t KW, size_t PX, size_t S, bool PARTIAL>
NNSLIM_ALWAYS_INLINE inline void dwconv_cols_group(const float* const (&col)[KH][S * (PX - 1) + KW],
                                                   float* const (&out)[PX], const float* w, size_t c, size_t n,
                                                   v128_t vmin, v128_t vmax) {
  constexpr size_t kCols = S * (PX - 1) + KW;
  v128_t vacc[PX];
  vacc[0] = wasm_v128_load(w);
  dwconv_for_each_tap<PX>(PX, [&](size_t p) { vacc[p] = vacc[0]; });
  dwconv_for_each_tap<KH>(KH, [&](size_t ky) {
    v128_t vi[kCols];
    dwconv_for_each_tap<kCols>(kCols, [&](size_t j) {
      vi[j] = PARTIAL ? f32x4_load_partial(col[ky][j] + c, n) : wasm_v128_load(col[ky][j] + c);
    });
    dwconv_for_each_tap<KW>(KW, [&](size_t kx) {
      const v128_t vk = wasm_v128_load(w + 4 * (ky * KW + kx + 1));
      dwconv_for_each_tap<PX>(PX, [&](size_t p) { vacc[p] = f32x4_madd(vi[S * p + kx], vk, vacc[p]); });
    });
    if (!PARTIAL && ky + 1 < KH)  // barrier, overwritten below
      dwconv_for_each_tap<PX>(PX, [&](size_t p) { wasm_v128_store(out[p] + c, vacc[p]); });
  });
  dwconv_for_each_tap<PX>(PX, [&](size_t p) {
    const v128_t v = wasm_f32x4_pmin(wasm_f32x4_pmax(vacc[p], vmin), vmax);
    if (PARTIAL) {
      f32x4_store_partial(out[p] + c, v, n);
    } else {
      wasm_v128_store(out[p] + c, v);
    }
  });
}

// One step over all channels through the shared columns.
template <size_t KH, size_t KW, size_t PX, size_t S>
NNSLIM_ALWAYS_INLINE inline void dwconv_cols_step(size_t channels, const float* const (&in)[PX][KH * KW],
                                                  float* const (&out)[PX], const float* weights, v128_t vmin,
                                                  v128_t vmax) {
  constexpr size_t kCols = S * (PX - 1) + KW;
  // Column j is tap (ky, j - S p) of pixel p = min(j / S, PX - 1).
  const float* col[KH][kCols];
  for (size_t ky = 0; ky < KH; ky++)
    for (size_t j = 0; j < kCols; j++) {
      const size_t p = j / S < PX ? j / S : PX - 1;
      col[ky][j] = in[p][ky * KW + j - S * p];
    }
  const float* w = weights;
  size_t c = 0;
  for (; c + 4 <= channels; c += 4, w += 4 * (KH * KW + 1))
    dwconv_cols_group<KH, KW, PX, S, false>(col, out, w, c, 4, vmin, vmax);
  if (c < channels) dwconv_cols_group<KH, KW, PX, S, true>(col, out, w, c, channels - c, vmin, vmax);
}

template <size_t KH, size_t KW, size_t PX, bool STRIDE2>
inline void dwconv_px_cols_wasmsimd(size_t channels, size_t output_width, size_t kernel_size, const float** input,
                                    const float* weights, float* output, size_t input_stride,
                                    size_t output_increment, size_t input_offset, const float* zero,
                                    const F32MinMaxParams* params) {
  constexpr size_t kTaps = KH * KW;
  static_assert(PX >= 2 && KW >= 2, "several pixels that share columns");
  assert(channels != 0 && output_width != 0 && kernel_size == kTaps);
  (void)kernel_size;
  dwconv_px_rows<kTaps, PX>(
      channels, output_width, input, weights, output, input_stride, output_increment, input_offset, zero, params,
      [&](const float* const(&in)[PX][kTaps], float* const(&out)[PX], v128_t vmin, v128_t vmax)
          NNSLIM_ALWAYS_INLINE {
        // The pointers decide per step: shared columns at stride 1 (or 2),
        // else the plain multi-pixel body.
        if (dwconv_pixels_share_columns<KH, KW, PX, 1>(in)) {
          dwconv_cols_step<KH, KW, PX, 1>(channels, in, out, weights, vmin, vmax);
        } else if (STRIDE2 && dwconv_pixels_share_columns<KH, KW, PX, 2>(in)) {
          dwconv_cols_step<KH, KW, PX, 2>(channels, in, out, weights, vmin, vmax);
        } else {
          dwconv_px_step<kTaps, PX, KW>(channels, in, out, weights, vmin, vmax);
        }
      });
}

}  // namespace nnslim::kernels
