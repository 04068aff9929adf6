// 1x16 GEMV, K unrolled by 2 as a pairwise sum: acc += a[k] w[k] + a[k+1] w[k+1].
// The accumulator chains get one add per two k (half the dependency length
// of sequential adds) for the same number of adds. The runtime's M = 1
// kernel; the variants it was measured against (K by 1, K by 2 with
// sequential adds, a 1x8 panel) are in docs/runtime.md ("Batch 1: the GEMV path").
#include <cassert>

#include "core/simd.h"
#include "kernels/f32-madd.h"
#include "kernels/f32-gemv/f32-gemv-store.h"
#include "kernels/f32-gemv/f32-gemv.h"

namespace nnslim::kernels {

void f32_gemv_minmax_ukernel_1x16__wasmsimd_x2tree(size_t nc, size_t kc, const float* __restrict a,
                                                   const float* __restrict w, float* __restrict c,
                                                   const F32MinMaxParams* params) {
  assert(nc != 0 && kc != 0 && kc % sizeof(float) == 0);
  const size_t k = kc / sizeof(float);
  const v128_t vmin = wasm_v128_load32_splat(&params->min);
  const v128_t vmax = wasm_v128_load32_splat(&params->max);
  for (size_t n0 = 0; n0 < nc; n0 += 16) {
    v128_t vacc0123 = wasm_v128_load(w + 0);
    v128_t vacc4567 = wasm_v128_load(w + 4);
    v128_t vacc89AB = wasm_v128_load(w + 8);
    v128_t vaccCDEF = wasm_v128_load(w + 12);
    w += 16;
    size_t kk = 0;
    for (; kk + 2 <= k; kk += 2) {
      const v128_t va0 = wasm_v128_load32_splat(a + kk);
      const v128_t va1 = wasm_v128_load32_splat(a + kk + 1);
      vacc0123 = wasm_f32x4_add(
          vacc0123, f32x4_madd(va1, wasm_v128_load(w + 16), wasm_f32x4_mul(va0, wasm_v128_load(w + 0))));
      vacc4567 = wasm_f32x4_add(
          vacc4567, f32x4_madd(va1, wasm_v128_load(w + 20), wasm_f32x4_mul(va0, wasm_v128_load(w + 4))));
      vacc89AB = wasm_f32x4_add(
          vacc89AB, f32x4_madd(va1, wasm_v128_load(w + 24), wasm_f32x4_mul(va0, wasm_v128_load(w + 8))));
      vaccCDEF = wasm_f32x4_add(
          vaccCDEF, f32x4_madd(va1, wasm_v128_load(w + 28), wasm_f32x4_mul(va0, wasm_v128_load(w + 12))));
      w += 32;
    }
    if (kk < k) {
      const v128_t va = wasm_v128_load32_splat(a + kk);
      vacc0123 = f32x4_madd(va, wasm_v128_load(w + 0), vacc0123);
      vacc4567 = f32x4_madd(va, wasm_v128_load(w + 4), vacc4567);
      vacc89AB = f32x4_madd(va, wasm_v128_load(w + 8), vacc89AB);
      vaccCDEF = f32x4_madd(va, wasm_v128_load(w + 12), vaccCDEF);
      w += 16;
    }
    f32_gemv_store_x16(c + n0, nc - n0, vacc0123, vacc4567, vacc89AB, vaccCDEF, vmin, vmax);
  }
}

}  // namespace nnslim::kernels
