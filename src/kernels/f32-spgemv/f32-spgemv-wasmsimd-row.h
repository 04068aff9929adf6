// The body shared by the wasm SIMD sparse GEMV kernels: per row, kVectors
// partial-sum vectors take 4 * kVectors nonzeros per step (their inputs
// gathered by scalar loads into lanes), then one vector takes the row's
// remaining groups of 4 (rows are padded to a multiple of 4 nonzeros: no
// scalar tail, whose dependent adds cost more than the vector steps), then
// the lanes are added together. Independent partial sums hide the add
// latency: a row of ~100 nonzeros is otherwise one long dependency chain.
#pragma once
#include <cstddef>
#include <cstdint>

#include "core/simd.h"
#include "kernels/f32-spgemv/f32-spgemv.h"
#include "kernels/kernel_macros.h"

namespace nnslim::kernels::spgemv_detail {

inline float input_at(const float* a, int32_t byte_offset) {
  return *reinterpret_cast<const float*>(reinterpret_cast<const char*>(a) + byte_offset);
}

inline v128_t gather4(const float* a, const int32_t* offsets) {
  return wasm_f32x4_make(input_at(a, offsets[0]), input_at(a, offsets[1]), input_at(a, offsets[2]),
                         input_at(a, offsets[3]));
}

template <size_t kVectors>
NNSLIM_ALWAYS_INLINE inline void spgemv(size_t nc, const float* a, const float* w, const int32_t* offsets,
                                        const uint32_t* nonzeros, float* c, const F32MinMaxParams* params) {
  for (size_t o = 0; o < nc; o++) {
    const float bias = *w++;
    v128_t vacc[kVectors];
    for (size_t v = 0; v < kVectors; v++) vacc[v] = wasm_f32x4_const(0.f, 0.f, 0.f, 0.f);
    uint32_t j = nonzeros[o];
    for (; j >= 4 * kVectors; j -= 4 * kVectors) {
      for (size_t v = 0; v < kVectors; v++)
        vacc[v] = wasm_f32x4_add(vacc[v], wasm_f32x4_mul(wasm_v128_load(w + 4 * v), gather4(a, offsets + 4 * v)));
      w += 4 * kVectors;
      offsets += 4 * kVectors;
    }
    for (; j != 0; j -= 4) {  // (j % 4 == 0: padded rows)
      vacc[0] = wasm_f32x4_add(vacc[0], wasm_f32x4_mul(wasm_v128_load(w), gather4(a, offsets)));
      w += 4;
      offsets += 4;
    }
    for (size_t v = 1; v < kVectors; v++) vacc[0] = wasm_f32x4_add(vacc[0], vacc[v]);
    const float sum = (wasm_f32x4_extract_lane(vacc[0], 0) + wasm_f32x4_extract_lane(vacc[0], 2)) +
                      (wasm_f32x4_extract_lane(vacc[0], 1) + wasm_f32x4_extract_lane(vacc[0], 3));
    c[o] = f32_clamp(bias + sum, params->min, params->max);
  }
}

}  // namespace nnslim::kernels::spgemv_detail
