// wasm SIMD128 elementwise binary kernels: 8 floats per step, then 4, then a
// 1..3 float tail with partial loads/stores.
#include <cassert>

#include "core/simd.h"
#include "kernels/f32-minmax-keepnan.h"
#include "kernels/f32-vbinary/f32-vbinary.h"
#include "kernels/simd-partial.h"

namespace nnslim::kernels {
namespace {

template <F32BinaryOp OP>
inline v128_t apply(v128_t va, v128_t vb) {
  switch (OP) {
    case F32BinaryOp::kAdd: return wasm_f32x4_add(va, vb);
    case F32BinaryOp::kSub: return wasm_f32x4_sub(va, vb);
    case F32BinaryOp::kRSub: return wasm_f32x4_sub(vb, va);
    case F32BinaryOp::kMul: return wasm_f32x4_mul(va, vb);
    case F32BinaryOp::kDiv: return wasm_f32x4_div(va, vb);
    case F32BinaryOp::kRDiv: return wasm_f32x4_div(vb, va);
    case F32BinaryOp::kMax: return f32x4_max_keep_nan(va, vb);
    case F32BinaryOp::kMin: return f32x4_min_keep_nan(va, vb);
    case F32BinaryOp::kPRelu:
      return wasm_v128_bitselect(wasm_f32x4_mul(va, vb), va, wasm_f32x4_lt(va, wasm_f32x4_splat(0.0f)));
  }
  return va;
}

template <F32BinaryOp OP, bool SCALAR_B>
inline void vbinary(size_t batch, const float* a, const float* b, float* y, const F32MinMaxParams* params) {
  assert(batch != 0 && batch % sizeof(float) == 0);
  const v128_t vmin = wasm_v128_load32_splat(&params->min);
  const v128_t vmax = wasm_v128_load32_splat(&params->max);
  const v128_t vbc = SCALAR_B ? wasm_v128_load32_splat(b) : vmin;
  size_t n = batch / sizeof(float);
  for (; n >= 8; n -= 8) {
    const v128_t va0123 = wasm_v128_load(a), va4567 = wasm_v128_load(a + 4);
    a += 8;
    const v128_t vb0123 = SCALAR_B ? vbc : wasm_v128_load(b), vb4567 = SCALAR_B ? vbc : wasm_v128_load(b + 4);
    if (!SCALAR_B) b += 8;
    v128_t vy0123 = apply<OP>(va0123, vb0123), vy4567 = apply<OP>(va4567, vb4567);
    vy0123 = wasm_f32x4_pmin(wasm_f32x4_pmax(vy0123, vmin), vmax);
    vy4567 = wasm_f32x4_pmin(wasm_f32x4_pmax(vy4567, vmin), vmax);
    wasm_v128_store(y, vy0123);
    wasm_v128_store(y + 4, vy4567);
    y += 8;
  }
  for (; n >= 4; n -= 4) {
    const v128_t va = wasm_v128_load(a);
    a += 4;
    const v128_t vb = SCALAR_B ? vbc : wasm_v128_load(b);
    if (!SCALAR_B) b += 4;
    wasm_v128_store(y, wasm_f32x4_pmin(wasm_f32x4_pmax(apply<OP>(va, vb), vmin), vmax));
    y += 4;
  }
  if (n != 0) {
    const v128_t va = f32x4_load_partial(a, n);
    const v128_t vb = SCALAR_B ? vbc : f32x4_load_partial(b, n);
    f32x4_store_partial(y, wasm_f32x4_pmin(wasm_f32x4_pmax(apply<OP>(va, vb), vmin), vmax), n);
  }
}

}  // namespace

#define NNSLIM_F32_VBINARY_WASMSIMD(op, scalar_b, fn)                                           \
  void fn(size_t batch, const float* a, const float* b, float* y, const F32MinMaxParams* params) { \
    vbinary<op, scalar_b>(batch, a, b, y, params);                                              \
  }
NNSLIM_F32_VBINARY_WASMSIMD(F32BinaryOp::kAdd, false, f32_vadd_minmax_ukernel__wasmsimd_x8)
NNSLIM_F32_VBINARY_WASMSIMD(F32BinaryOp::kSub, false, f32_vsub_minmax_ukernel__wasmsimd_x8)
NNSLIM_F32_VBINARY_WASMSIMD(F32BinaryOp::kMul, false, f32_vmul_minmax_ukernel__wasmsimd_x8)
NNSLIM_F32_VBINARY_WASMSIMD(F32BinaryOp::kDiv, false, f32_vdiv_minmax_ukernel__wasmsimd_x8)
NNSLIM_F32_VBINARY_WASMSIMD(F32BinaryOp::kMax, false, f32_vmax_minmax_ukernel__wasmsimd_x8)
NNSLIM_F32_VBINARY_WASMSIMD(F32BinaryOp::kMin, false, f32_vmin_minmax_ukernel__wasmsimd_x8)
NNSLIM_F32_VBINARY_WASMSIMD(F32BinaryOp::kAdd, true, f32_vaddc_minmax_ukernel__wasmsimd_x8)
NNSLIM_F32_VBINARY_WASMSIMD(F32BinaryOp::kSub, true, f32_vsubc_minmax_ukernel__wasmsimd_x8)
NNSLIM_F32_VBINARY_WASMSIMD(F32BinaryOp::kRSub, true, f32_vrsubc_minmax_ukernel__wasmsimd_x8)
NNSLIM_F32_VBINARY_WASMSIMD(F32BinaryOp::kMul, true, f32_vmulc_minmax_ukernel__wasmsimd_x8)
NNSLIM_F32_VBINARY_WASMSIMD(F32BinaryOp::kDiv, true, f32_vdivc_minmax_ukernel__wasmsimd_x8)
NNSLIM_F32_VBINARY_WASMSIMD(F32BinaryOp::kRDiv, true, f32_vrdivc_minmax_ukernel__wasmsimd_x8)
NNSLIM_F32_VBINARY_WASMSIMD(F32BinaryOp::kMax, true, f32_vmaxc_minmax_ukernel__wasmsimd_x8)
NNSLIM_F32_VBINARY_WASMSIMD(F32BinaryOp::kMin, true, f32_vminc_minmax_ukernel__wasmsimd_x8)
NNSLIM_F32_VBINARY_WASMSIMD(F32BinaryOp::kPRelu, false, f32_vprelu_minmax_ukernel__wasmsimd_x8)
NNSLIM_F32_VBINARY_WASMSIMD(F32BinaryOp::kPRelu, true, f32_vpreluc_minmax_ukernel__wasmsimd_x8)

const F32VbinaryUkernelInfo* f32_vbinary_wasmsimd_ukernels(size_t* count) {
  static const F32VbinaryUkernelInfo kList[] = {
#define NNSLIM_F32_VBINARY_UKERNEL(op, scalar_b, fn) {#fn, op, scalar_b, fn},
#include "kernels/f32-vbinary/f32-vbinary-wasmsimd.inc"
#undef NNSLIM_F32_VBINARY_UKERNEL
  };
  *count = sizeof(kList) / sizeof(kList[0]);
  return kList;
}

}  // namespace nnslim::kernels
