// A transpose that also tells whether everything it moved is finite: the
// sparse SpMM step transposes each strip of NHWC rows into a channel-major
// block anyway (kernels/f32-spmm/f32-spmm-nhwc.h), so its IEEE fix-up's
// finiteness check (runtime/steps/sparse_nonfinite.h) rides on the loads of
// that transpose instead of a second pass over the step's input (measured:
// the separate scan cost ~6% of MobileNetV2's 34 sparse 1x1 convs at 90%).
//
//   out[j * out_stride + i] = in[i * in_stride + j]   for i < rows, j < cols
//   returns: no in[i * in_stride + j] (i < rows, j < cols) is NaN or +-inf
//
// Strides in elements. The same bits as x32-transpose (floats are moved as
// 32-bit words: NaN payloads kept) and the same finiteness test as
// f32_all_finite (exponent bits all ones). Reads and writes nothing else.
#pragma once
#include <cstddef>

namespace nnslim::kernels {

// The reference: one element at a time.
bool f32_transpose_all_finite__scalar(size_t rows, size_t cols, const float* in, size_t in_stride, float* out,
                                      size_t out_stride);
// wasm SIMD: 4x4 tiles (four loads, eight shuffles, four stores) and per
// loaded vector one AND (drop the sign) and one signed max into four running
// maxima: a float is non-finite exactly when its magnitude bits are >=
// 0x7f800000, so one compare after the loop decides. Edge rows and columns
// one element at a time.
bool f32_transpose_all_finite__wasmsimd(size_t rows, size_t cols, const float* in, size_t in_stride, float* out,
                                        size_t out_stride);

}  // namespace nnslim::kernels
