// The body shared by the wasm SIMD SpMM kernels: one tile of kVectors * 4
// pixels over every output channel, and the scalar tail for mc % 4 pixels.
// Each nonzero is one broadcast of its weight times the tile's contiguous
// pixels of its input channel; a tile's accumulators stay in registers
// (kVectors <= 8 fits V8's 16 xmm registers with the broadcast and a load).
#pragma once
#include <cstddef>
#include <cstdint>

#include "core/simd.h"
#include "kernels/f32-madd.h"
#include "kernels/f32-spmm/f32-spmm.h"
#include "kernels/kernel_macros.h"

namespace nnslim::kernels::spmm_detail {

inline const float* channel_row(const float* input, int32_t byte_offset) {
  return reinterpret_cast<const float*>(reinterpret_cast<const char*>(input) + byte_offset);
}

// Pixels [0, kVectors * 4) of `input` / `output` (callers pass them advanced to the tile).
template <size_t kVectors>
NNSLIM_ALWAYS_INLINE inline void spmm_tile(size_t nc, const float* input, const float* w, const int32_t* offsets,
                                           const uint32_t* nonzeros, float* output, size_t output_stride,
                                           v128_t vmin, v128_t vmax) {
  for (size_t o = 0; o < nc; o++) {
    v128_t vacc[kVectors];
    const v128_t vbias = wasm_v128_load32_splat(w++);
    for (size_t v = 0; v < kVectors; v++) vacc[v] = vbias;
    uint32_t j = nonzeros[o];
    // Two nonzeros per step, summed before they meet the accumulator: one
    // add on each accumulator's dependency chain per two nonzeros, and half
    // the loop overhead, in the same registers. (The pair's sum is
    // f32x4_madd(w1, x1, w0 * x0): one fused op in the relaxed build, the
    // same mul + mul + add as before in the plain one.)
    for (; j >= 2; j -= 2) {
      const v128_t vw0 = wasm_v128_load32_splat(w);
      const v128_t vw1 = wasm_v128_load32_splat(w + 1);
      const float* x0 = channel_row(input, offsets[0]);
      const float* x1 = channel_row(input, offsets[1]);
      w += 2;
      offsets += 2;
      for (size_t v = 0; v < kVectors; v++)
        vacc[v] = wasm_f32x4_add(vacc[v], f32x4_madd(vw1, wasm_v128_load(x1 + 4 * v),
                                                     wasm_f32x4_mul(vw0, wasm_v128_load(x0 + 4 * v))));
    }
    if (j != 0) {
      const v128_t vw = wasm_v128_load32_splat(w++);
      const float* x = channel_row(input, *offsets++);
      for (size_t v = 0; v < kVectors; v++)
        vacc[v] = f32x4_madd(vw, wasm_v128_load(x + 4 * v), vacc[v]);
    }
    float* out = reinterpret_cast<float*>(reinterpret_cast<char*>(output) + o * output_stride);
    for (size_t v = 0; v < kVectors; v++)
      wasm_v128_store(out + 4 * v, wasm_f32x4_pmin(wasm_f32x4_pmax(vacc[v], vmin), vmax));
  }
}

// Pixels [0, count) with count < 4, one at a time.
inline void spmm_scalar_tail(size_t count, size_t nc, const float* input, const float* weights,
                             const int32_t* input_offsets, const uint32_t* nonzeros, float* output,
                             size_t output_stride, const F32MinMaxParams* params) {
  for (size_t p = 0; p < count; p++) {
    const float* w = weights;
    const int32_t* offsets = input_offsets;
    for (size_t o = 0; o < nc; o++) {
      float acc = *w++;
      for (uint32_t j = nonzeros[o]; j != 0; j--) acc += *w++ * channel_row(input, *offsets++)[p];
      float* out = reinterpret_cast<float*>(reinterpret_cast<char*>(output) + o * output_stride);
      out[p] = f32_clamp(acc, params->min, params->max);
    }
  }
}

// The whole kernel: main tiles of kMainVectors * 4 pixels, then halving tiles
// down to 4 pixels, then the scalar tail.
template <size_t kMainVectors>
NNSLIM_ALWAYS_INLINE inline void spmm(size_t mc, size_t nc, const float* input, const float* weights,
                                      const int32_t* input_offsets, const uint32_t* nonzeros, float* output,
                                      size_t output_stride, const F32MinMaxParams* params) {
  const v128_t vmin = wasm_v128_load32_splat(&params->min);
  const v128_t vmax = wasm_v128_load32_splat(&params->max);
  size_t p = 0;
  for (; p + kMainVectors * 4 <= mc; p += kMainVectors * 4)
    spmm_tile<kMainVectors>(nc, input + p, weights, input_offsets, nonzeros, output + p, output_stride, vmin, vmax);
  if constexpr (kMainVectors > 4) {
    if (p + 16 <= mc) {
      spmm_tile<4>(nc, input + p, weights, input_offsets, nonzeros, output + p, output_stride, vmin, vmax);
      p += 16;
    }
  }
  if constexpr (kMainVectors > 2) {
    if (p + 8 <= mc) {
      spmm_tile<2>(nc, input + p, weights, input_offsets, nonzeros, output + p, output_stride, vmin, vmax);
      p += 8;
    }
  }
  if (p + 4 <= mc) {
    spmm_tile<1>(nc, input + p, weights, input_offsets, nonzeros, output + p, output_stride, vmin, vmax);
    p += 4;
  }
  if (p < mc)
    spmm_scalar_tail(mc - p, nc, input + p, weights, input_offsets, nonzeros, output + p, output_stride, params);
}

}  // namespace nnslim::kernels::spmm_detail
