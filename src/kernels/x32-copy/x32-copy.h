// Row copies of 32-bit elements (float32, int32: the bits are moved, never
// interpreted), the inner loop of the data-movement steps (Concat, Slice,
// Split, Pad, Tile, Expand, Gather):
//   copy: out[r * out_stride + j] = in[r * in_stride + j]   for r < rows, j < n
//   fill: out[r * out_stride + j] = *value                   for r < rows, j < n
// (strides in ELEMENTS). In NHWC a channel Concat copies one short run of
// channels per pixel, so rows are many and n is small: the wasm SIMD variant
// moves 4 elements per v128 and finishes a row with one overlapping v128 (no
// scalar tail) when n >= 4. Never allocates; rows, n >= 1; in and out do not
// overlap.
#pragma once
#include <cstddef>
#include <cstdint>

namespace nnslim::kernels {

void x32_copy_rows__scalar(size_t rows, size_t n, const uint32_t* in, size_t in_stride, uint32_t* out,
                           size_t out_stride);
void x32_copy_rows__wasmsimd(size_t rows, size_t n, const uint32_t* in, size_t in_stride, uint32_t* out,
                             size_t out_stride);

// Strided source (Slice with a step): out[r * out_stride + j] =
// in[r * in_stride + j * in_step] (in_step != 0, may be negative). The SIMD
// variant deinterleaves step 2 with one shuffle per 4 outputs (never reading
// past the row's last element read) and reverses step -1 with one shuffle;
// other steps move element by element.
void x32_copy_strided_rows__scalar(size_t rows, size_t n, const uint32_t* in, ptrdiff_t in_stride, ptrdiff_t in_step,
                                   uint32_t* out, size_t out_stride);
void x32_copy_strided_rows__wasmsimd(size_t rows, size_t n, const uint32_t* in, ptrdiff_t in_stride,
                                     ptrdiff_t in_step, uint32_t* out, size_t out_stride);

void x32_fill_rows__scalar(size_t rows, size_t n, const uint32_t* value, uint32_t* out, size_t out_stride);
void x32_fill_rows__wasmsimd(size_t rows, size_t n, const uint32_t* value, uint32_t* out, size_t out_stride);

}  // namespace nnslim::kernels
