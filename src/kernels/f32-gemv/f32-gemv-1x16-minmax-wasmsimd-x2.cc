// 1x16 GEMV, K unrolled by 2: two k per loop step into the same 4
// accumulator chains (same summation order as the x1 kernel; half the loop
// overhead).
#include <cassert>

#include "core/simd.h"
#include "kernels/f32-madd.h"
#include "kernels/f32-gemv/f32-gemv-store.h"
#include "kernels/f32-gemv/f32-gemv.h"

namespace nnslim::kernels {

void f32_gemv_minmax_ukernel_1x16__wasmsimd_x2(size_t nc, size_t kc, const float* __restrict a,
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
      vacc0123 = f32x4_madd(va0, wasm_v128_load(w + 0), vacc0123);
      vacc4567 = f32x4_madd(va0, wasm_v128_load(w + 4), vacc4567);
      vacc89AB = f32x4_madd(va0, wasm_v128_load(w + 8), vacc89AB);
      vaccCDEF = f32x4_madd(va0, wasm_v128_load(w + 12), vaccCDEF);
      vacc0123 = f32x4_madd(va1, wasm_v128_load(w + 16), vacc0123);
      vacc4567 = f32x4_madd(va1, wasm_v128_load(w + 20), vacc4567);
      vacc89AB = f32x4_madd(va1, wasm_v128_load(w + 24), vacc89AB);
      vaccCDEF = f32x4_madd(va1, wasm_v128_load(w + 28), vaccCDEF);
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
