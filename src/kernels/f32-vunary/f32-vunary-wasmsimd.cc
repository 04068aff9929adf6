// wasm SIMD128 unary kernels: 8 floats per step, then 4, then a 1..3 tail.
// The transcendental functions live in kernels/f32-vmath.h.
#include <cassert>

#include "core/simd.h"
#include "kernels/f32-vmath.h"
#include "kernels/f32-vunary/f32-vunary.h"
#include "kernels/simd-partial.h"

namespace nnslim::kernels {
namespace {

struct UnaryConsts {
  v128_t vmin, vmax, vslope, valpha, vbeta, vaddend, vdivisor, vscale, vshift, vpost_scale, vpost_shift;
};

// The same instructions the separate steps run (vaddc + pmax/pmin clamp,
// vmul, vdivc; vmulc, vaddc), so the results are bit-identical to theirs.
inline v128_t hswish_div(v128_t vx, const UnaryConsts& k) {
  const v128_t vt = wasm_f32x4_pmin(wasm_f32x4_pmax(wasm_f32x4_add(vx, k.vaddend), k.vmin), k.vmax);
  return wasm_f32x4_div(wasm_f32x4_mul(vx, vt), k.vdivisor);
}

inline v128_t affine(v128_t vx, v128_t vscale, v128_t vshift) {
  return wasm_f32x4_add(wasm_f32x4_mul(vx, vscale), vshift);
}

template <F32UnaryOp OP>
inline v128_t apply(v128_t vx, const UnaryConsts& k) {
  switch (OP) {
    case F32UnaryOp::kClamp: return wasm_f32x4_pmin(wasm_f32x4_pmax(vx, k.vmin), k.vmax);
    case F32UnaryOp::kLeakyRelu:
      return wasm_v128_bitselect(wasm_f32x4_mul(vx, k.vslope), vx, wasm_f32x4_lt(vx, wasm_f32x4_splat(0.0f)));
    case F32UnaryOp::kHardSwish: {
      v128_t vg = wasm_f32x4_add(wasm_f32x4_mul(vx, wasm_f32x4_splat(1.0f / 6.0f)), wasm_f32x4_splat(0.5f));
      vg = wasm_f32x4_pmin(wasm_f32x4_pmax(vg, wasm_f32x4_splat(0.0f)), wasm_f32x4_splat(1.0f));
      return wasm_f32x4_mul(vx, vg);
    }
    case F32UnaryOp::kSigmoid: return f32x4_sigmoid(vx);
    case F32UnaryOp::kTanh: return f32x4_tanh(vx);
    case F32UnaryOp::kExp: return f32x4_exp(vx);
    case F32UnaryOp::kGelu: return f32x4_gelu(vx);
    case F32UnaryOp::kSqrt: return wasm_f32x4_sqrt(vx);
    case F32UnaryOp::kAbs: return wasm_f32x4_abs(vx);
    case F32UnaryOp::kNeg: return wasm_f32x4_neg(vx);
    case F32UnaryOp::kHardSigmoid: {
      const v128_t vg = wasm_f32x4_add(wasm_f32x4_mul(vx, k.valpha), k.vbeta);
      return wasm_f32x4_pmin(wasm_f32x4_pmax(vg, wasm_f32x4_splat(0.0f)), wasm_f32x4_splat(1.0f));
    }
    case F32UnaryOp::kSwish: return wasm_f32x4_mul(vx, f32x4_sigmoid(vx));
    case F32UnaryOp::kAffine: return affine(vx, k.vscale, k.vshift);
    case F32UnaryOp::kHardSwishDiv: return hswish_div(vx, k);
    case F32UnaryOp::kAffineHardSwishDiv:
      return affine(hswish_div(affine(vx, k.vscale, k.vshift), k), k.vpost_scale, k.vpost_shift);
  }
  return vx;
}

template <F32UnaryOp OP>
inline void vunary(size_t batch, const float* x, float* y, const F32UnaryParams* params) {
  assert(batch != 0 && batch % sizeof(float) == 0);
  const UnaryConsts k{wasm_v128_load32_splat(&params->min), wasm_v128_load32_splat(&params->max),
                      wasm_v128_load32_splat(&params->slope), wasm_v128_load32_splat(&params->alpha),
                      wasm_v128_load32_splat(&params->beta),  wasm_v128_load32_splat(&params->addend),
                      wasm_v128_load32_splat(&params->divisor), wasm_v128_load32_splat(&params->scale),
                      wasm_v128_load32_splat(&params->shift), wasm_v128_load32_splat(&params->post_scale),
                      wasm_v128_load32_splat(&params->post_shift)};
  size_t n = batch / sizeof(float);
  for (; n >= 8; n -= 8) {
    const v128_t vx0123 = wasm_v128_load(x), vx4567 = wasm_v128_load(x + 4);
    x += 8;
    wasm_v128_store(y, apply<OP>(vx0123, k));
    wasm_v128_store(y + 4, apply<OP>(vx4567, k));
    y += 8;
  }
  for (; n >= 4; n -= 4) {
    wasm_v128_store(y, apply<OP>(wasm_v128_load(x), k));
    x += 4;
    y += 4;
  }
  if (n != 0) f32x4_store_partial(y, apply<OP>(f32x4_load_partial(x, n), k), n);
}

}  // namespace

#define NNSLIM_F32_VUNARY_WASMSIMD(op, fn) \
  void fn(size_t batch, const float* x, float* y, const F32UnaryParams* params) { vunary<op>(batch, x, y, params); }
NNSLIM_F32_VUNARY_WASMSIMD(F32UnaryOp::kClamp, f32_vclamp_ukernel__wasmsimd_x8)
NNSLIM_F32_VUNARY_WASMSIMD(F32UnaryOp::kLeakyRelu, f32_vlrelu_ukernel__wasmsimd_x8)
NNSLIM_F32_VUNARY_WASMSIMD(F32UnaryOp::kHardSwish, f32_vhswish_ukernel__wasmsimd_x8)
NNSLIM_F32_VUNARY_WASMSIMD(F32UnaryOp::kSigmoid, f32_vsigmoid_ukernel__wasmsimd_x8)
NNSLIM_F32_VUNARY_WASMSIMD(F32UnaryOp::kTanh, f32_vtanh_ukernel__wasmsimd_x8)
NNSLIM_F32_VUNARY_WASMSIMD(F32UnaryOp::kExp, f32_vexp_ukernel__wasmsimd_x8)
NNSLIM_F32_VUNARY_WASMSIMD(F32UnaryOp::kGelu, f32_vgelu_ukernel__wasmsimd_x8)
NNSLIM_F32_VUNARY_WASMSIMD(F32UnaryOp::kSqrt, f32_vsqrt_ukernel__wasmsimd_x8)
NNSLIM_F32_VUNARY_WASMSIMD(F32UnaryOp::kAbs, f32_vabs_ukernel__wasmsimd_x8)
NNSLIM_F32_VUNARY_WASMSIMD(F32UnaryOp::kNeg, f32_vneg_ukernel__wasmsimd_x8)
NNSLIM_F32_VUNARY_WASMSIMD(F32UnaryOp::kHardSigmoid, f32_vhsigmoid_ukernel__wasmsimd_x8)
NNSLIM_F32_VUNARY_WASMSIMD(F32UnaryOp::kSwish, f32_vswish_ukernel__wasmsimd_x8)
NNSLIM_F32_VUNARY_WASMSIMD(F32UnaryOp::kHardSwishDiv, f32_vhswishdiv_ukernel__wasmsimd_x8)
NNSLIM_F32_VUNARY_WASMSIMD(F32UnaryOp::kAffineHardSwishDiv, f32_vaffine_hswishdiv_ukernel__wasmsimd_x8)
NNSLIM_F32_VUNARY_WASMSIMD(F32UnaryOp::kAffine, f32_vaffine_ukernel__wasmsimd_x8)

const F32VunaryUkernelInfo* f32_vunary_wasmsimd_ukernels(size_t* count) {
  static const F32VunaryUkernelInfo kList[] = {
#define NNSLIM_F32_VUNARY_UKERNEL(op, fn) {#fn, op, fn},
#include "kernels/f32-vunary/f32-vunary-wasmsimd.inc"
#undef NNSLIM_F32_VUNARY_UKERNEL
  };
  *count = sizeof(kList) / sizeof(kList[0]);
  return kList;
}

}  // namespace nnslim::kernels
