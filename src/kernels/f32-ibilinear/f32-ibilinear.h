// Bilinear and nearest resizing of NHWC images, one output row per call.
//
// Resizing is separable, so the tables are per output row and per output
// column (compile-time, O(out_h + out_w) memory), not per output pixel:
// output row y reads input rows `top` and `bottom` with vertical weight
// alpha_v (the bottom row's); output pixel x of the row reads the input
// pixels at element offsets offsets[2x] (left) and offsets[2x+1] (right) from
// the start of a row, with horizontal weight alpha_h = weights[x] (the right
// pixel's). For every channel c:
//   t = top[l + c]    + alpha_h * (top[r + c]    - top[l + c])
//   b = bottom[l + c] + alpha_h * (bottom[r + c] - bottom[l + c])
//   out[x * channels + c] = t + alpha_v * (b - t)
// Nearest: out[x * channels + c] = row[offsets[x] + c].
// Kernels never allocate; pixels, channels >= 1; output is contiguous.
#pragma once
#include <cstddef>

namespace nnslim::kernels {

using F32IbilinearRowUkernelFn = void (*)(size_t pixels, size_t channels, const float* top, const float* bottom,
                                          const size_t* offsets, const float* weights, float alpha_v, float* output);
using F32InearestRowUkernelFn = void (*)(size_t pixels, size_t channels, const float* row, const size_t* offsets,
                                         float* output);

void f32_ibilinear_row_ukernel__scalar_c1(size_t pixels, size_t channels, const float* top, const float* bottom,
                                          const size_t* offsets, const float* weights, float alpha_v, float* output);
void f32_ibilinear_row_ukernel__wasmsimd_c8(size_t pixels, size_t channels, const float* top, const float* bottom,
                                            const size_t* offsets, const float* weights, float alpha_v, float* output);

void f32_inearest_row_ukernel__scalar_c1(size_t pixels, size_t channels, const float* row, const size_t* offsets,
                                         float* output);
void f32_inearest_row_ukernel__wasmsimd_c8(size_t pixels, size_t channels, const float* row, const size_t* offsets,
                                           float* output);

}  // namespace nnslim::kernels
