// Scalar power-by-constant kernels: the exact forms one element at a time,
// and the general one through the C library's powf.
#include <cassert>
#include <cmath>
#include <limits>

#include "kernels/f32-vpowc/f32-vpowc.h"

namespace nnslim::kernels {

float f32_powc_reference(float x, float exponent) {
  return static_cast<float>(std::pow(static_cast<double>(x), static_cast<double>(exponent)));
}

namespace {

float pow_half(float x) {
  if (x == -std::numeric_limits<float>::infinity()) return std::numeric_limits<float>::infinity();
  return std::sqrt(x) + 0.0f;  // + 0 turns sqrt(-0) = -0 into pow's +0
}

template <F32PowcOp OP>
float apply(float x, float exponent) {
  switch (OP) {
    case F32PowcOp::kSquare: return x * x;
    case F32PowcOp::kCube: return x * x * x;
    case F32PowcOp::kReciprocal: return 1.0f / x;
    case F32PowcOp::kSqrt: return pow_half(x);
    case F32PowcOp::kAny: return std::pow(x, exponent);  // powf
  }
  return x;
}

template <F32PowcOp OP>
void vpowc_scalar(size_t batch, const float* x, float* y, const F32PowcParams* params) {
  assert(batch != 0 && batch % sizeof(float) == 0);
  const float exponent = params->exponent;
  for (size_t i = 0; i < batch / sizeof(float); i++) y[i] = apply<OP>(x[i], exponent);
}

}  // namespace

void f32_vsqr_ukernel__scalar_x1(size_t batch, const float* x, float* y, const F32PowcParams* params) {
  vpowc_scalar<F32PowcOp::kSquare>(batch, x, y, params);
}
void f32_vcube_ukernel__scalar_x1(size_t batch, const float* x, float* y, const F32PowcParams* params) {
  vpowc_scalar<F32PowcOp::kCube>(batch, x, y, params);
}
void f32_vrcp_ukernel__scalar_x1(size_t batch, const float* x, float* y, const F32PowcParams* params) {
  vpowc_scalar<F32PowcOp::kReciprocal>(batch, x, y, params);
}
void f32_vpowhalf_ukernel__scalar_x1(size_t batch, const float* x, float* y, const F32PowcParams* params) {
  vpowc_scalar<F32PowcOp::kSqrt>(batch, x, y, params);
}
void f32_vpowc_ukernel__scalar_x1(size_t batch, const float* x, float* y, const F32PowcParams* params) {
  vpowc_scalar<F32PowcOp::kAny>(batch, x, y, params);
}

const F32VpowcUkernelInfo* f32_vpowc_ukernels(size_t* count) {
  static const F32VpowcUkernelInfo kList[] = {
#define NNSLIM_F32_VPOWC_UKERNEL(op, fn) {#fn, op, fn},
#include "kernels/f32-vpowc/f32-vpowc.inc"
#undef NNSLIM_F32_VPOWC_UKERNEL
  };
  *count = sizeof(kList) / sizeof(kList[0]);
  return kList;
}

}  // namespace nnslim::kernels
