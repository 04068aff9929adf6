// The per-row correction of the qs8-dot7w kernels (qs8-dot7w.h): their
// weights are packed as w' = w + 64, so
//   sum_k A[k] W[k] = sum_k A[k] W'[k] - 64 * sum_k A[k],
// and each row's 64 * sum_k A[k] is taken off its accumulators once per
// kernel call (K byte adds per row, against K * NR multiply-adds).
#pragma once
#include <cstddef>
#include <cstdint>

#include "core/simd.h"
#include "kernels/kernel_macros.h"

namespace nnslim::kernels::qs8_dot7w {

constexpr int32_t kWeightOffset = 64;

// 64 * the sum of the k bytes at p; reads only those k bytes.
// |sum| <= 128 k: no overflow for any k below 2^18.
inline int32_t row_offset(const int8_t* p, size_t k) {
  v128_t vsum = wasm_i32x4_splat(0);
  for (; k >= 16; k -= 16, p += 16)
    vsum = wasm_i32x4_add(vsum, wasm_i32x4_extadd_pairwise_i16x8(wasm_i16x8_extadd_pairwise_i8x16(wasm_v128_load(p))));
  int32_t sum = wasm_i32x4_extract_lane(vsum, 0) + wasm_i32x4_extract_lane(vsum, 1) +
                wasm_i32x4_extract_lane(vsum, 2) + wasm_i32x4_extract_lane(vsum, 3);
  for (; k != 0; k--) sum += *p++;
  return sum * kWeightOffset;
}

}  // namespace nnslim::kernels::qs8_dot7w
