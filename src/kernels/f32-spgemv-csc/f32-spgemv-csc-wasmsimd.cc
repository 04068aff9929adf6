// The column-oriented sparse GEMV and the nonzero-input listing in wasm SIMD.

#include <cstring>

#include "core/simd.h"
#include "kernels/f32-madd.h"
#include "kernels/f32-spgemv-csc/f32-spgemv-csc.h"
#include "kernels/kernel_macros.h"

namespace nnslim::kernels {
namespace {

// kCompact[m]: the positions of the set bits of the 4-bit mask m, first in
// the low lanes (the rest unused): the lane numbers of the nonzero floats.
alignas(16) constexpr uint32_t kCompact[16][4] = {
    {0, 0, 0, 0}, {0, 0, 0, 0}, {1, 0, 0, 0}, {0, 1, 0, 0}, {2, 0, 0, 0}, {0, 2, 0, 0}, {1, 2, 0, 0}, {0, 1, 2, 0},
    {3, 0, 0, 0}, {0, 3, 0, 0}, {1, 3, 0, 0}, {0, 1, 3, 0}, {2, 3, 0, 0}, {0, 2, 3, 0}, {1, 2, 3, 0}, {0, 1, 2, 3},
};

}  // namespace

size_t f32_nonzero_indices__wasmsimd(size_t n, const float* x, uint32_t* indices) {
  // Per 4 floats: a compare, a lane mask, one table row plus the first
  // index stored whole (4 entries; the next store overwrites the unused
  // ones), and the count advanced by the mask's population: no branch
  // on the data.
  size_t count = 0, j = 0;
  const v128_t vzero = wasm_f32x4_const(0.f, 0.f, 0.f, 0.f);
  for (; j + 4 <= n; j += 4) {
    const uint32_t mask = wasm_i32x4_bitmask(wasm_f32x4_ne(wasm_v128_load(x + j), vzero));
    const v128_t lanes = wasm_v128_load(kCompact[mask]);
    wasm_v128_store(indices + count, wasm_i32x4_add(lanes, wasm_i32x4_splat(static_cast<int32_t>(j))));
    count += static_cast<size_t>(__builtin_popcount(mask));
  }
  for (; j < n; ++j) {
    indices[count] = static_cast<uint32_t>(j);
    count += x[j] != 0.0f ? 1 : 0;
  }
  return count;
}

void f32_spgemv_csc_minmax_ukernel__wasmsimd(size_t nc, size_t active_count, const uint32_t* active, const float* a,
                                             const uint32_t* column_start, const float* values,
                                             const uint16_t* block_offsets, const float* bias, float* acc, float* c,
                                             const F32MinMaxParams* params) {
  const size_t padded = (nc + 3) & ~size_t{3};
  for (size_t o = 0; o < padded; o += 4) wasm_v128_store(acc + o, wasm_v128_load(bias + o));
  char* base = reinterpret_cast<char*>(acc);
  for (size_t t = 0; t < active_count; ++t) {
    const uint32_t j = active[t];
    const v128_t vx = wasm_v128_load32_splat(a + j);
    uint32_t b = column_start[j];
    const uint32_t end = column_start[j + 1];
    const float* w = values + size_t{b} * 4;
    const uint16_t* offsets = block_offsets + b;
    // The blocks of one column touch distinct rows (the padding's spare
    // block aside, whose sums are never read): four in flight. Columns hold
    // a multiple of 4 blocks.
    for (; b != end; b += 4) {
      // The four offsets in one 64-bit load, split by shifts: the kernel is
      // bound by memory operations (3 per block plus this one per 4 blocks).
      uint64_t four;
      std::memcpy(&four, offsets, sizeof(four));
      float* r0 = reinterpret_cast<float*>(base + static_cast<uint32_t>(four & 0xFFFF));
      float* r1 = reinterpret_cast<float*>(base + static_cast<uint32_t>((four >> 16) & 0xFFFF));
      float* r2 = reinterpret_cast<float*>(base + static_cast<uint32_t>((four >> 32) & 0xFFFF));
      float* r3 = reinterpret_cast<float*>(base + static_cast<uint32_t>(four >> 48));
      wasm_v128_store(r0, f32x4_madd(wasm_v128_load(w), vx, wasm_v128_load(r0)));
      wasm_v128_store(r1, f32x4_madd(wasm_v128_load(w + 4), vx, wasm_v128_load(r1)));
      wasm_v128_store(r2, f32x4_madd(wasm_v128_load(w + 8), vx, wasm_v128_load(r2)));
      wasm_v128_store(r3, f32x4_madd(wasm_v128_load(w + 12), vx, wasm_v128_load(r3)));
      w += 16;
      offsets += 4;
    }
  }
  const v128_t vmin = wasm_v128_load32_splat(&params->min);
  const v128_t vmax = wasm_v128_load32_splat(&params->max);
  // pmax(x, min) = x < min ? min : x and pmin(x, max) = max < x ? max : x:
  // f32_clamp's comparisons, so a NaN sum stays NaN.
  size_t o = 0;
  for (; o + 4 <= nc; o += 4)
    wasm_v128_store(c + o, wasm_f32x4_pmin(wasm_f32x4_pmax(wasm_v128_load(acc + o), vmin), vmax));
  for (; o < nc; ++o) c[o] = f32_clamp(acc[o], params->min, params->max);
}

}  // namespace nnslim::kernels
