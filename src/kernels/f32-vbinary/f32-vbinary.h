// f32 elementwise binary microkernels: y[i] = clamp(a[i] OP b[i]) ("vop") or
// y[i] = clamp(a[i] OP b[0]) ("vopc", b is one scalar); "r" reverses the
// operands (vrsubc: b[0] - a[i], vrdivc: b[0] / a[i]). prelu: a < 0 ? a * b : a
// (b the slope: per channel in NHWC rows, or one scalar).
// batch is in BYTES (n * sizeof(float)), n >= 1. Broadcasting over shapes is
// the operator's job: it calls these on contiguous runs.
#pragma once
#include <cstddef>

#include "kernels/microparams.h"

namespace nnslim::kernels {

enum class F32BinaryOp { kAdd, kSub, kRSub, kMul, kDiv, kRDiv, kMax, kMin, kPRelu };

using F32VbinaryUkernelFn = void (*)(size_t batch, const float* a, const float* b, float* y,
                                     const F32MinMaxParams* params);

// NNSLIM_F32_VBINARY_UKERNEL(op, b_is_scalar, name)
#define NNSLIM_F32_VBINARY_UKERNEL(op, scalar_b, fn) \
  void fn(size_t batch, const float* a, const float* b, float* y, const F32MinMaxParams* params);
#include "kernels/f32-vbinary/f32-vbinary.inc"
#undef NNSLIM_F32_VBINARY_UKERNEL

struct F32VbinaryUkernelInfo {
  const char* name;
  F32BinaryOp op;
  bool scalar_b;
  F32VbinaryUkernelFn fn;
};
// Every kernel (scalar and wasm SIMD), for tests and benchmarks.
const F32VbinaryUkernelInfo* f32_vbinary_ukernels(size_t* count);
// The wasm SIMD kernels only, for the runtime: the scalar ones are oracles,
// and taking them from the full list would link them into the shipped module.
const F32VbinaryUkernelInfo* f32_vbinary_wasmsimd_ukernels(size_t* count);

// The oracle for one element.
float f32_binary_reference(F32BinaryOp op, float a, float b);

}  // namespace nnslim::kernels
