// Scalar unary kernels: each applies the oracle f32_unary_reference (C
// library math in double, rounded to float) element by element.
#include <cassert>
#include <cmath>

#include "kernels/f32-vunary/f32-vunary.h"

namespace nnslim::kernels {

namespace {

// The ops of the graph, each rounded to float in the graph's order.
float hswish_div(float x, const F32UnaryParams& p) {
  const float t = f32_clamp(x + p.addend, p.min, p.max);
  const float m = x * t;
  return m / p.divisor;
}

float affine(float x, float scale, float shift) {
  const float m = x * scale;
  return m + shift;
}

}  // namespace

float f32_unary_reference(F32UnaryOp op, float x, const F32UnaryParams& params) {
  const double d = x;
  switch (op) {
    case F32UnaryOp::kClamp: return f32_clamp(x, params.min, params.max);
    case F32UnaryOp::kLeakyRelu: return x < 0.0f ? x * params.slope : x;
    case F32UnaryOp::kHardSwish: return x * f32_clamp(x * (1.0f / 6.0f) + 0.5f, 0.0f, 1.0f);
    case F32UnaryOp::kSigmoid: return static_cast<float>(1.0 / (1.0 + std::exp(-d)));
    case F32UnaryOp::kTanh: return static_cast<float>(std::tanh(d));
    case F32UnaryOp::kExp: return static_cast<float>(std::exp(d));
    case F32UnaryOp::kGelu: return static_cast<float>(0.5 * d * std::erfc(-d / std::sqrt(2.0)));
    case F32UnaryOp::kSqrt: return std::sqrt(x);
    case F32UnaryOp::kAbs: return std::fabs(x);
    case F32UnaryOp::kNeg: return -x;
    case F32UnaryOp::kHardSigmoid: return f32_clamp(params.alpha * x + params.beta, 0.0f, 1.0f);
    case F32UnaryOp::kSwish: return static_cast<float>(d / (1.0 + std::exp(-d)));
    case F32UnaryOp::kAffine: return affine(x, params.scale, params.shift);
    case F32UnaryOp::kHardSwishDiv: return hswish_div(x, params);
    case F32UnaryOp::kAffineHardSwishDiv:
      return affine(hswish_div(affine(x, params.scale, params.shift), params), params.post_scale, params.post_shift);
  }
  return x;
}

#define NNSLIM_F32_VUNARY_SCALAR(op, fn)                                                 \
  void fn(size_t batch, const float* x, float* y, const F32UnaryParams* params) {       \
    assert(batch != 0 && batch % sizeof(float) == 0);                                   \
    for (size_t i = 0; i < batch / sizeof(float); i++) y[i] = f32_unary_reference(op, x[i], *params); \
  }
NNSLIM_F32_VUNARY_SCALAR(F32UnaryOp::kClamp, f32_vclamp_ukernel__scalar_x1)
NNSLIM_F32_VUNARY_SCALAR(F32UnaryOp::kLeakyRelu, f32_vlrelu_ukernel__scalar_x1)
NNSLIM_F32_VUNARY_SCALAR(F32UnaryOp::kHardSwish, f32_vhswish_ukernel__scalar_x1)
NNSLIM_F32_VUNARY_SCALAR(F32UnaryOp::kSigmoid, f32_vsigmoid_ukernel__scalar_x1)
NNSLIM_F32_VUNARY_SCALAR(F32UnaryOp::kTanh, f32_vtanh_ukernel__scalar_x1)
NNSLIM_F32_VUNARY_SCALAR(F32UnaryOp::kExp, f32_vexp_ukernel__scalar_x1)
NNSLIM_F32_VUNARY_SCALAR(F32UnaryOp::kGelu, f32_vgelu_ukernel__scalar_x1)
NNSLIM_F32_VUNARY_SCALAR(F32UnaryOp::kSqrt, f32_vsqrt_ukernel__scalar_x1)
NNSLIM_F32_VUNARY_SCALAR(F32UnaryOp::kAbs, f32_vabs_ukernel__scalar_x1)
NNSLIM_F32_VUNARY_SCALAR(F32UnaryOp::kNeg, f32_vneg_ukernel__scalar_x1)
NNSLIM_F32_VUNARY_SCALAR(F32UnaryOp::kHardSigmoid, f32_vhsigmoid_ukernel__scalar_x1)
NNSLIM_F32_VUNARY_SCALAR(F32UnaryOp::kSwish, f32_vswish_ukernel__scalar_x1)
NNSLIM_F32_VUNARY_SCALAR(F32UnaryOp::kHardSwishDiv, f32_vhswishdiv_ukernel__scalar_x1)
NNSLIM_F32_VUNARY_SCALAR(F32UnaryOp::kAffineHardSwishDiv, f32_vaffine_hswishdiv_ukernel__scalar_x1)
NNSLIM_F32_VUNARY_SCALAR(F32UnaryOp::kAffine, f32_vaffine_ukernel__scalar_x1)

const F32VunaryUkernelInfo* f32_vunary_ukernels(size_t* count) {
  static const F32VunaryUkernelInfo kList[] = {
#define NNSLIM_F32_VUNARY_UKERNEL(op, fn) {#fn, op, fn},
#include "kernels/f32-vunary/f32-vunary.inc"
#undef NNSLIM_F32_VUNARY_UKERNEL
  };
  *count = sizeof(kList) / sizeof(kList[0]);
  return kList;
}

}  // namespace nnslim::kernels
