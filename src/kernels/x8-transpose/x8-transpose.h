// 2-D transpose of 8-bit elements (the int8 tensors of a quantized graph:
// the bytes are moved, never interpreted), the kernel of the int8 Transpose
// step:
//   out[j * out_stride + i] = in[i * in_stride + j]   for i < rows, j < cols
// (strides in ELEMENTS). The wasm SIMD variant moves 16x16 tiles with four
// rounds of byte interleaves, the edges element by element. Never allocates;
// rows, cols >= 1.
#pragma once
#include <cstddef>
#include <cstdint>

namespace nnslim::kernels {

using X8TransposeUkernelFn = void (*)(size_t rows, size_t cols, const uint8_t* in, size_t in_stride, uint8_t* out,
                                      size_t out_stride);

void x8_transpose_ukernel__scalar(size_t rows, size_t cols, const uint8_t* in, size_t in_stride, uint8_t* out,
                                  size_t out_stride);
void x8_transpose_ukernel__wasmsimd_16x16(size_t rows, size_t cols, const uint8_t* in, size_t in_stride, uint8_t* out,
                                          size_t out_stride);

}  // namespace nnslim::kernels
