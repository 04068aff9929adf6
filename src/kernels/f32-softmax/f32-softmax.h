// Softmax building blocks (XNNPACK's three-pass scheme), batch in BYTES:
//   1. rmax:                    max = max_i x[i]
//   2. raddstoreexpminusmax:    y[i] = exp(x[i] - max), sum = sum_i y[i]
//   3. scale (f32_vmulc_minmax_ukernel_*): y[i] *= 1 / sum
// Subtracting the max keeps every exponent <= 0 (no overflow).
#pragma once
#include <cstddef>

namespace nnslim::kernels {

using F32RmaxUkernelFn = void (*)(size_t batch, const float* x, float* max);
using F32RaddstoreexpminusmaxUkernelFn = void (*)(size_t batch, const float* x, const float* max, float* y,
                                                  float* sum);

void f32_rmax_ukernel__scalar(size_t batch, const float* x, float* max);
void f32_rmax_ukernel__wasmsimd(size_t batch, const float* x, float* max);
void f32_raddstoreexpminusmax_ukernel__scalar(size_t batch, const float* x, const float* max, float* y, float* sum);
void f32_raddstoreexpminusmax_ukernel__wasmsimd(size_t batch, const float* x, const float* max, float* y,
                                                float* sum);

// Softmax of one row of n >= 1 floats with the wasm SIMD kernels (y may be x).
void f32_softmax_row(size_t n, const float* x, float* y);

// The oracle: double precision, std::exp.
void f32_softmax_reference(size_t n, const float* x, float* y);

}  // namespace nnslim::kernels
