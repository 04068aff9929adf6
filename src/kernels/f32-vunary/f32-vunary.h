// f32 elementwise unary microkernels: y[i] = f(x[i]), batch in BYTES
// (n * sizeof(float), n >= 1). In-place (y == x) is allowed.
//   clamp      min(max(x, params.min), params.max) (Relu, Relu6, Clip)
//   leakyrelu  x < 0 ? x * params.slope : x
//   hardswish  x * min(max(x / 6 + 1/2, 0), 1)     (ONNX HardSwish)
//   hardsigmoid min(max(params.alpha * x + params.beta, 0), 1)
//   swish      x * sigmoid(x)                      (SiLU: Mul(x, Sigmoid(x)))
//   sigmoid, tanh, exp, gelu (erf form: x/2 (1 + erf(x / sqrt2))), sqrt, abs, neg
//   affine     x * scale + shift, rounded after the multiply and after the add
//              (PP-LCNetV3's learnable affine block: Mul(x, k), Add(., c))
//   hswishdiv  (x * min(max(x + addend, min), max)) / divisor: HardSwish as
//              Paddle2ONNX writes it out (Add 3, Clip 0..6, Mul, Div 6), each op
//              rounded in that order, so the bits equal the separate ops'
//   affine_hswishdiv  affine(post) of hswishdiv(affine(x)): between PP-LCNetV3's
//              affine blocks. An absent one is scale 1, shift -0 (the defaults):
//              x * 1 + -0 is x for every x (-0 included), so this kernel serves
//              the three forms with an affine (the plain form has its own: the
//              identity ops cost ppocr-cls' chains 2-3% of its run)
#pragma once
#include <cstddef>

#include "kernels/microparams.h"

namespace nnslim::kernels {

enum class F32UnaryOp { kClamp, kLeakyRelu, kHardSwish, kSigmoid, kTanh, kExp, kGelu, kSqrt, kAbs, kNeg,
                        kHardSigmoid, kSwish, kAffine, kHardSwishDiv, kAffineHardSwishDiv };

struct F32UnaryParams {
  float min;    // clamp
  float max;    // clamp
  float slope;  // leakyrelu
  float alpha;  // hardsigmoid
  float beta;   // hardsigmoid
  float addend = 0.f;   // hswishdiv: x + addend, then min/max above
  float divisor = 1.f;  // hswishdiv: a true division (x / 6 is not x * (1/6))
  float scale = 1.f;    // affine
  float shift = -0.f;   // affine (-0: x + -0 == x for every x, -0 included)
  float post_scale = 1.f;   // affine_hswishdiv: the affine after it
  float post_shift = -0.f;
};

using F32VunaryUkernelFn = void (*)(size_t batch, const float* x, float* y, const F32UnaryParams* params);

// NNSLIM_F32_VUNARY_UKERNEL(op, name)
#define NNSLIM_F32_VUNARY_UKERNEL(op, fn) void fn(size_t batch, const float* x, float* y, const F32UnaryParams* params);
#include "kernels/f32-vunary/f32-vunary.inc"
#undef NNSLIM_F32_VUNARY_UKERNEL

struct F32VunaryUkernelInfo {
  const char* name;
  F32UnaryOp op;
  F32VunaryUkernelFn fn;
};
// Every kernel (scalar and wasm SIMD), for tests and benchmarks.
const F32VunaryUkernelInfo* f32_vunary_ukernels(size_t* count);
// The wasm SIMD kernels only, for the runtime: the scalar ones are oracles,
// and taking them from the full list would link them into the shipped module.
const F32VunaryUkernelInfo* f32_vunary_wasmsimd_ukernels(size_t* count);

// The oracle for one element: the C library in double precision, rounded.
float f32_unary_reference(F32UnaryOp op, float x, const F32UnaryParams& params);

}  // namespace nnslim::kernels
