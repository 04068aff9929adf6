// wasm SIMD128 pooling, 4 channels per step, 1..3 channel tails with partial
// loads/stores (kernels/simd-partial.h).
#include <cassert>
#include <cstdint>

#include "core/simd.h"
#include "kernels/f32-minmax-keepnan.h"
#include "kernels/f32-pool/f32-pool.h"
#include "kernels/simd-partial.h"

namespace nnslim::kernels {

static inline const float* rebase_tap(const float* p, const float* padding, size_t offset) {
  return p != padding ? reinterpret_cast<const float*>(reinterpret_cast<uintptr_t>(p) + offset) : p;
}

static inline v128_t load_channels(const float* p, size_t n) {
  return n == 4 ? wasm_v128_load(p) : f32x4_load_partial(p, n);
}

static inline void store_channels(float* p, v128_t v, size_t n) {
  if (n == 4) {
    wasm_v128_store(p, v);
  } else {
    f32x4_store_partial(p, v, n);
  }
}

void f32_maxpool_minmax_ukernel__wasmsimd_c4(size_t output_pixels, size_t kernel_size, size_t channels,
                                             const float** input, size_t input_offset, const float* padding,
                                             float* output, size_t input_increment, size_t output_increment,
                                             const F32MinMaxParams* params) {
  assert(output_pixels != 0 && kernel_size != 0 && channels != 0);
  const v128_t vmin = wasm_v128_load32_splat(&params->min);
  const v128_t vmax = wasm_v128_load32_splat(&params->max);
  do {
    for (size_t c = 0; c < channels; c += 4) {
      const size_t n = channels - c < 4 ? channels - c : 4;
      v128_t vmax_in = load_channels(rebase_tap(input[0], padding, input_offset) + c, n);
      for (size_t k = 1; k < kernel_size; k++) {
        const v128_t vi = load_channels(rebase_tap(input[k], padding, input_offset) + c, n);
        vmax_in = f32x4_max_keep_nan(vmax_in, vi);  // a NaN tap makes the max NaN
      }
      store_channels(output + c, wasm_f32x4_pmin(wasm_f32x4_pmax(vmax_in, vmin), vmax), n);
    }
    output += channels;
    input = reinterpret_cast<const float**>(reinterpret_cast<uintptr_t>(input) + input_increment);
    output = reinterpret_cast<float*>(reinterpret_cast<uintptr_t>(output) + output_increment);
  } while (--output_pixels != 0);
}

void f32_avgpool_minmax_ukernel__wasmsimd_c4(size_t output_pixels, size_t kernel_size, size_t channels,
                                             const float** input, size_t input_offset, const float* padding,
                                             const float* multipliers, float* output, size_t input_increment,
                                             size_t output_increment, const F32MinMaxParams* params) {
  assert(output_pixels != 0 && kernel_size != 0 && channels != 0);
  const v128_t vmin = wasm_v128_load32_splat(&params->min);
  const v128_t vmax = wasm_v128_load32_splat(&params->max);
  do {
    const v128_t vscale = wasm_v128_load32_splat(multipliers++);
    for (size_t c = 0; c < channels; c += 4) {
      const size_t n = channels - c < 4 ? channels - c : 4;
      v128_t vsum = wasm_f32x4_splat(0.0f);
      for (size_t k = 0; k < kernel_size; k++)
        vsum = wasm_f32x4_add(vsum, load_channels(rebase_tap(input[k], padding, input_offset) + c, n));
      store_channels(output + c, wasm_f32x4_pmin(wasm_f32x4_pmax(wasm_f32x4_mul(vsum, vscale), vmin), vmax), n);
    }
    output += channels;
    input = reinterpret_cast<const float**>(reinterpret_cast<uintptr_t>(input) + input_increment);
    output = reinterpret_cast<float*>(reinterpret_cast<uintptr_t>(output) + output_increment);
  } while (--output_pixels != 0);
}

void f32_gavgpool_minmax_ukernel__wasmsimd_c4(size_t rows, size_t channels, const float* input,
                                              size_t input_stride, float* output,
                                              const F32ScaleMinMaxParams* params) {
  assert(rows != 0 && channels != 0);
  const v128_t vscale = wasm_v128_load32_splat(&params->scale);
  const v128_t vmin = wasm_v128_load32_splat(&params->min);
  const v128_t vmax = wasm_v128_load32_splat(&params->max);
  for (size_t c = 0; c < channels; c += 4) {
    const size_t n = channels - c < 4 ? channels - c : 4;
    v128_t vsum = wasm_f32x4_splat(0.0f);
    const float* in = input + c;
    for (size_t r = 0; r < rows; r++) {
      vsum = wasm_f32x4_add(vsum, load_channels(in, n));
      in = reinterpret_cast<const float*>(reinterpret_cast<uintptr_t>(in) + input_stride);
    }
    store_channels(output + c, wasm_f32x4_pmin(wasm_f32x4_pmax(wasm_f32x4_mul(vsum, vscale), vmin), vmax), n);
  }
}

}  // namespace nnslim::kernels
