// 2-D transpose of 32-bit elements (float32, int32: the bits are moved, never
// interpreted), the kernel of the general Transpose step:
//   out[j * out_stride + i] = in[i * in_stride + j]   for i < rows, j < cols
// (strides in ELEMENTS). The wasm SIMD variant moves 4x4 tiles with two rounds
// of shuffles, the edges element by element. Never allocates; rows, cols >= 1.
#pragma once
#include <cstddef>
#include <cstdint>

namespace nnslim::kernels {

using X32TransposeUkernelFn = void (*)(size_t rows, size_t cols, const uint32_t* in, size_t in_stride, uint32_t* out,
                                       size_t out_stride);

void x32_transpose_ukernel__scalar(size_t rows, size_t cols, const uint32_t* in, size_t in_stride, uint32_t* out,
                                   size_t out_stride);
void x32_transpose_ukernel__wasmsimd_4x4(size_t rows, size_t cols, const uint32_t* in, size_t in_stride, uint32_t* out,
                                         size_t out_stride);

}  // namespace nnslim::kernels
