// 1x16 GEMV, one k per loop step: 4 accumulator chains of f32x4 (the
// structure of the 1x16 GEMM kernel, kept here as the baseline variant).
#include <cassert>

#include "core/simd.h"
#include "kernels/f32-madd.h"
#include "kernels/f32-gemv/f32-gemv-store.h"
#include "kernels/f32-gemv/f32-gemv.h"

namespace nnslim::kernels {

void f32_gemv_minmax_ukernel_1x16__wasmsimd_x1(size_t nc, size_t kc, const float* __restrict a,
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
    for (size_t kk = 0; kk < k; kk++) {
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
