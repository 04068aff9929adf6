// 1x16 f32 x int8 GEMV, K unrolled by 2 as a pairwise sum (like the f32
// x2tree GEMV): acc += a[k] w[k] + a[k+1] w[k+1], then
// c = clamp(acc * scale + bias). Each row of 16 int8 weights is two
// i16x8.load8x8 (load and sign-extend in one instruction), four
// i32x4.extend and four f32x4.convert: 10 instructions that replace the
// f32 kernel's 4 loads of 64 bytes with 16 bytes of memory traffic.
#include <cassert>

#include "core/simd.h"
#include "kernels/f32-gemv/f32-gemv-store.h"
#include "kernels/f32-madd.h"
#include "kernels/f32-qc8w-gemm/f32-qc8w-gemm.h"
#include "kernels/f32-qc8w-gemm/f32-qc8w-widen.h"
#include "kernels/kernel_macros.h"

namespace nnslim::kernels {
namespace {

struct F32x16 {
  v128_t v0, v1, v2, v3;
};

// 16 int8 weights at q as 16 floats.
NNSLIM_ALWAYS_INLINE inline F32x16 load_int8x16_as_f32(const int8_t* q) {
  F32x16 w;
  load_int8x8_as_f32(q, &w.v0, &w.v1);
  load_int8x8_as_f32(q + 8, &w.v2, &w.v3);
  return w;
}

}  // namespace

void f32_qc8w_gemv_minmax_ukernel_1x16__wasmsimd_x2tree(size_t nc, size_t k, const float* __restrict a,
                                                        const void* __restrict w, float* __restrict c,
                                                        const F32MinMaxParams* params) {
  assert(nc != 0 && k != 0);
  const v128_t vmin = wasm_v128_load32_splat(&params->min);
  const v128_t vmax = wasm_v128_load32_splat(&params->max);
  const char* panel = static_cast<const char*>(w);
  for (size_t n0 = 0; n0 < nc; n0 += 16) {
    const float* head = reinterpret_cast<const float*>(panel);
    const int8_t* q = reinterpret_cast<const int8_t*>(panel + 32 * sizeof(float));
    v128_t vacc0 = wasm_f32x4_splat(0.0f);
    v128_t vacc1 = vacc0, vacc2 = vacc0, vacc3 = vacc0;
    size_t kk = 0;
    for (; kk + 2 <= k; kk += 2) {
      const v128_t va0 = wasm_v128_load32_splat(a + kk);
      const v128_t va1 = wasm_v128_load32_splat(a + kk + 1);
      const F32x16 w0 = load_int8x16_as_f32(q);
      const F32x16 w1 = load_int8x16_as_f32(q + 16);
      q += 32;
      vacc0 = wasm_f32x4_add(vacc0, f32x4_madd(va1, w1.v0, wasm_f32x4_mul(va0, w0.v0)));
      vacc1 = wasm_f32x4_add(vacc1, f32x4_madd(va1, w1.v1, wasm_f32x4_mul(va0, w0.v1)));
      vacc2 = wasm_f32x4_add(vacc2, f32x4_madd(va1, w1.v2, wasm_f32x4_mul(va0, w0.v2)));
      vacc3 = wasm_f32x4_add(vacc3, f32x4_madd(va1, w1.v3, wasm_f32x4_mul(va0, w0.v3)));
    }
    if (kk < k) {
      const v128_t va = wasm_v128_load32_splat(a + kk);
      const F32x16 w0 = load_int8x16_as_f32(q);
      vacc0 = f32x4_madd(va, w0.v0, vacc0);
      vacc1 = f32x4_madd(va, w0.v1, vacc1);
      vacc2 = f32x4_madd(va, w0.v2, vacc2);
      vacc3 = f32x4_madd(va, w0.v3, vacc3);
    }
    vacc0 = f32x4_madd(vacc0, wasm_v128_load(head + 16), wasm_v128_load(head + 0));
    vacc1 = f32x4_madd(vacc1, wasm_v128_load(head + 20), wasm_v128_load(head + 4));
    vacc2 = f32x4_madd(vacc2, wasm_v128_load(head + 24), wasm_v128_load(head + 8));
    vacc3 = f32x4_madd(vacc3, wasm_v128_load(head + 28), wasm_v128_load(head + 12));
    f32_gemv_store_x16(c + n0, nc - n0, vacc0, vacc1, vacc2, vacc3, vmin, vmax);
    panel += f32_qc8w_panel_bytes(16, k);
  }
}

}  // namespace nnslim::kernels
