// wasm SIMD128 power-by-constant kernels: 8 floats per step, then 4, then a
// 1..3 tail (the loop of f32-vunary).
#include <cassert>

#include "core/simd.h"
#include "kernels/f32-vpowc/f32-vpowc.h"
#include "kernels/simd-partial.h"

namespace nnslim::kernels {
namespace {

template <F32PowcOp OP>
inline v128_t apply(v128_t vx) {
  switch (OP) {
    case F32PowcOp::kSquare: return wasm_f32x4_mul(vx, vx);
    case F32PowcOp::kCube: return wasm_f32x4_mul(wasm_f32x4_mul(vx, vx), vx);
    case F32PowcOp::kReciprocal: return wasm_f32x4_div(wasm_f32x4_splat(1.0f), vx);
    case F32PowcOp::kSqrt: {
      // pow(x, 0.5): sqrt(-0) + 0 = +0; pow(-inf, 0.5) = +inf where sqrt gives NaN.
      const v128_t vinf = wasm_f32x4_splat(__builtin_inff());
      const v128_t vroot = wasm_f32x4_add(wasm_f32x4_sqrt(vx), wasm_f32x4_splat(0.0f));
      return wasm_v128_bitselect(vinf, vroot, wasm_f32x4_eq(vx, wasm_f32x4_neg(vinf)));
    }
    case F32PowcOp::kAny: break;  // no SIMD kernel
  }
  return vx;
}

template <F32PowcOp OP>
inline void vpowc(size_t batch, const float* x, float* y) {
  assert(batch != 0 && batch % sizeof(float) == 0);
  size_t n = batch / sizeof(float);
  for (; n >= 8; n -= 8) {
    const v128_t vx0123 = wasm_v128_load(x), vx4567 = wasm_v128_load(x + 4);
    x += 8;
    wasm_v128_store(y, apply<OP>(vx0123));
    wasm_v128_store(y + 4, apply<OP>(vx4567));
    y += 8;
  }
  for (; n >= 4; n -= 4) {
    wasm_v128_store(y, apply<OP>(wasm_v128_load(x)));
    x += 4;
    y += 4;
  }
  if (n != 0) f32x4_store_partial(y, apply<OP>(f32x4_load_partial(x, n)), n);
}

}  // namespace

void f32_vsqr_ukernel__wasmsimd_x8(size_t batch, const float* x, float* y, const F32PowcParams*) {
  vpowc<F32PowcOp::kSquare>(batch, x, y);
}
void f32_vcube_ukernel__wasmsimd_x8(size_t batch, const float* x, float* y, const F32PowcParams*) {
  vpowc<F32PowcOp::kCube>(batch, x, y);
}
void f32_vrcp_ukernel__wasmsimd_x8(size_t batch, const float* x, float* y, const F32PowcParams*) {
  vpowc<F32PowcOp::kReciprocal>(batch, x, y);
}
void f32_vpowhalf_ukernel__wasmsimd_x8(size_t batch, const float* x, float* y, const F32PowcParams*) {
  vpowc<F32PowcOp::kSqrt>(batch, x, y);
}

const F32VpowcUkernelInfo& f32_vpowc_select(float exponent) {
  static const F32VpowcUkernelInfo kList[] = {
#define NNSLIM_F32_VPOWC_UKERNEL(op, fn) {#fn, op, fn},
#include "kernels/f32-vpowc/f32-vpowc-wasmsimd.inc"
#undef NNSLIM_F32_VPOWC_UKERNEL
      {"f32_vpowc_ukernel__scalar_x1", F32PowcOp::kAny, f32_vpowc_ukernel__scalar_x1},
  };
  F32PowcOp op = F32PowcOp::kAny;
  if (exponent == 2.0f) op = F32PowcOp::kSquare;
  else if (exponent == 3.0f) op = F32PowcOp::kCube;
  else if (exponent == -1.0f) op = F32PowcOp::kReciprocal;
  else if (exponent == 0.5f) op = F32PowcOp::kSqrt;
  for (const F32VpowcUkernelInfo& ukernel : kList)
    if (ukernel.op == op) return ukernel;
  return kList[sizeof(kList) / sizeof(kList[0]) - 1];
}

}  // namespace nnslim::kernels
