// 1x16 batch-1 GEMV on int16-quantized activations and int8 weights
// ("c2" packing, f32-qc8w-gemm.h): per pair of k, one load32_splat of the
// two activations, four i16x8.load8x8_s of the 16 columns' weight pairs,
// four i32x4.dot_i16x8_s and four adds -- 13 instructions for 32
// multiply-adds, against ~26 for the f32 GEMV -- then
// c = clamp(float(acc) * (s_a * scale) + bias).
#include <cassert>

#include "core/simd.h"
#include "kernels/f32-gemv/f32-gemv-store.h"
#include "kernels/f32-madd.h"
#include "kernels/f32-qc8w-gemm/f32-qc8w-gemm.h"

namespace nnslim::kernels {

void f32_qc8w_gemv_dot16_ukernel_1x16__wasmsimd(size_t nc, size_t k, const int16_t* __restrict a_q, float a_scale,
                                                const void* __restrict w, float* __restrict c,
                                                const F32MinMaxParams* params) {
  assert(nc != 0 && k != 0);
  const size_t k2 = round_up(k, 2);
  const v128_t vmin = wasm_v128_load32_splat(&params->min);
  const v128_t vmax = wasm_v128_load32_splat(&params->max);
  const v128_t va_scale = wasm_f32x4_splat(a_scale);
  const char* panel = static_cast<const char*>(w);
  for (size_t n0 = 0; n0 < nc; n0 += 16) {
    const float* head = reinterpret_cast<const float*>(panel);
    const int8_t* q = reinterpret_cast<const int8_t*>(panel + 32 * sizeof(float));
    v128_t vacc0 = wasm_i32x4_splat(0);
    v128_t vacc1 = vacc0, vacc2 = vacc0, vacc3 = vacc0;
    for (size_t kk = 0; kk < k2; kk += 2) {
      const v128_t va = wasm_v128_load32_splat(a_q + kk);
      vacc0 = wasm_i32x4_add(vacc0, wasm_i32x4_dot_i16x8(va, wasm_i16x8_load8x8(q + 0)));
      vacc1 = wasm_i32x4_add(vacc1, wasm_i32x4_dot_i16x8(va, wasm_i16x8_load8x8(q + 8)));
      vacc2 = wasm_i32x4_add(vacc2, wasm_i32x4_dot_i16x8(va, wasm_i16x8_load8x8(q + 16)));
      vacc3 = wasm_i32x4_add(vacc3, wasm_i32x4_dot_i16x8(va, wasm_i16x8_load8x8(q + 24)));
      q += 32;
    }
    const v128_t v0 = f32x4_madd(wasm_f32x4_convert_i32x4(vacc0), wasm_f32x4_mul(va_scale, wasm_v128_load(head + 16)),
                                 wasm_v128_load(head + 0));
    const v128_t v1 = f32x4_madd(wasm_f32x4_convert_i32x4(vacc1), wasm_f32x4_mul(va_scale, wasm_v128_load(head + 20)),
                                 wasm_v128_load(head + 4));
    const v128_t v2 = f32x4_madd(wasm_f32x4_convert_i32x4(vacc2), wasm_f32x4_mul(va_scale, wasm_v128_load(head + 24)),
                                 wasm_v128_load(head + 8));
    const v128_t v3 = f32x4_madd(wasm_f32x4_convert_i32x4(vacc3), wasm_f32x4_mul(va_scale, wasm_v128_load(head + 28)),
                                 wasm_v128_load(head + 12));
    f32_gemv_store_x16(c + n0, nc - n0, v0, v1, v2, v3, vmin, vmax);
    panel += f32_qc8w_c2_panel_bytes(16, k);
  }
}

}  // namespace nnslim::kernels
