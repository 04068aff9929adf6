// Whether a block of floats holds only finite values (no NaN, no infinity):
// the sparse steps' check before their IEEE fix-up (runtime/steps/
// sparse_nonfinite.h), run once over a step's whole input per run, so it
// must cost little against the sparse product itself. A float is NaN or
// +-inf exactly when its 8 exponent bits are all ones: the kernels test that
// bit pattern, so -0, subnormals and FLT_MAX count as finite.
//
//   n   floats at x, contiguous; 0 allowed (true).
// A kernel never allocates, never throws, and reads only x[0..n).
#pragma once
#include <cstddef>

namespace nnslim::kernels {

// The reference: one float at a time.
bool f32_all_finite__scalar(size_t n, const float* x);
// wasm SIMD: 16 floats per step (four exponent masks OR-ed together, one
// lane test at the end), then 4 at a time, then the scalar tail.
bool f32_all_finite__wasmsimd(size_t n, const float* x);

}  // namespace nnslim::kernels
