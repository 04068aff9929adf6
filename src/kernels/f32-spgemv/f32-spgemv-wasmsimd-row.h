// The body shared by the wasm SIMD sparse GEMV kernels: per row, kVectors
// partial-sum vectors take 4 * kVectors nonzeros per step, then one vector
// takes the row's remaining groups of 4 (rows are padded to a multiple of 4
// nonzeros: no scalar tail, whose dependent adds cost more than the vector
// steps), then the lanes are added together. The index kernels read a
// group's four 16-bit indices with one 64-bit load and gather the inputs
// into lanes (gather4_indices); the lane kernels read four 16-bit byte
// offsets and load each input straight into its lane (gather4_lanes).
// Independent partial sums hide the add latency: a row of ~100 nonzeros is
// otherwise one long dependency chain.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "core/simd.h"
#include "kernels/f32-madd.h"
#include "kernels/f32-spgemv/f32-spgemv.h"
#include "kernels/kernel_macros.h"

namespace nnslim::kernels::spgemv_detail {

NNSLIM_ALWAYS_INLINE inline v128_t gather4_indices(const float* a, const uint16_t* indices) {
  uint64_t packed;
  std::memcpy(&packed, indices, sizeof(packed));  // (8-byte aligned: groups of 4 from an aligned start)
  const uint32_t low = static_cast<uint32_t>(packed), high = static_cast<uint32_t>(packed >> 32);
  return wasm_f32x4_make(a[low & 0xFFFF], a[low >> 16], a[high & 0xFFFF], a[high >> 16]);
}

// One 16-bit load, one add and one v128.load32_lane per input; the first
// input zero-extends into lane 0, cutting the dependency on the old vector.
NNSLIM_ALWAYS_INLINE inline v128_t gather4_lanes(const float* a, const uint16_t* byte_offsets) {
  const char* base = reinterpret_cast<const char*>(a);
  v128_t v = wasm_v128_load32_zero(base + byte_offsets[0]);
  v = wasm_v128_load32_lane(base + byte_offsets[1], v, 1);
  v = wasm_v128_load32_lane(base + byte_offsets[2], v, 2);
  return wasm_v128_load32_lane(base + byte_offsets[3], v, 3);
}

using Gather4Fn = v128_t (*)(const float* a, const uint16_t* entries);

template <size_t kVectors, Gather4Fn gather4 = gather4_indices>
NNSLIM_ALWAYS_INLINE inline void spgemv(size_t nc, const float* a, const float* w, const uint16_t* indices,
                                        const uint32_t* nonzeros, float* c, const F32MinMaxParams* params) {
  for (size_t o = 0; o < nc; o++) {
    const float bias = *w++;
    v128_t vacc[kVectors];
    for (size_t v = 0; v < kVectors; v++) vacc[v] = wasm_f32x4_const(0.f, 0.f, 0.f, 0.f);
    uint32_t j = nonzeros[o];
    for (; j >= 4 * kVectors; j -= 4 * kVectors) {
      for (size_t v = 0; v < kVectors; v++)
        vacc[v] = f32x4_madd(wasm_v128_load(w + 4 * v), gather4(a, indices + 4 * v), vacc[v]);
      w += 4 * kVectors;
      indices += 4 * kVectors;
    }
    for (; j != 0; j -= 4) {  // (j % 4 == 0: padded rows)
      vacc[0] = f32x4_madd(wasm_v128_load(w), gather4(a, indices), vacc[0]);
      w += 4;
      indices += 4;
    }
    for (size_t v = 1; v < kVectors; v++) vacc[0] = wasm_f32x4_add(vacc[0], vacc[v]);
    const float sum = (wasm_f32x4_extract_lane(vacc[0], 0) + wasm_f32x4_extract_lane(vacc[0], 2)) +
                      (wasm_f32x4_extract_lane(vacc[0], 1) + wasm_f32x4_extract_lane(vacc[0], 3));
    c[o] = f32_clamp(bias + sum, params->min, params->max);
  }
}

}  // namespace nnslim::kernels::spgemv_detail
