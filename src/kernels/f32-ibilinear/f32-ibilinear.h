// Bilinear interpolation of NHWC pixels through an indirection table (the
// scheme of XNNPACK's f32-ibilinear, with element offsets instead of pointers
// so the table does not depend on where the input lives):
// for output pixel p with corner offsets o = offsets[4p .. 4p+3] (top-left,
// top-right, bottom-left, bottom-right; in ELEMENTS from `input`) and weights
// (alpha_h, alpha_v) = weights[2p], weights[2p+1] (the right / bottom taps' weights),
// for every channel c:
//   top    = in[o0 + c] + alpha_h * (in[o1 + c] - in[o0 + c])
//   bottom = in[o2 + c] + alpha_h * (in[o3 + c] - in[o2 + c])
//   out[p * channels + c] = top + alpha_v * (bottom - top)
// Nearest-neighbour resizing is the same with one offset and no weights
// (f32_inearest). Kernels never allocate; pixels, channels >= 1.
#pragma once
#include <cstddef>

namespace nnslim::kernels {

using F32IbilinearUkernelFn = void (*)(size_t pixels, size_t channels, const float* input, const size_t* offsets,
                                       const float* weights, float* output);

void f32_ibilinear_ukernel__scalar_c1(size_t pixels, size_t channels, const float* input, const size_t* offsets,
                                      const float* weights, float* output);
void f32_ibilinear_ukernel__wasmsimd_c8(size_t pixels, size_t channels, const float* input, const size_t* offsets,
                                        const float* weights, float* output);

// out[p * channels + c] = input[offsets[p] + c].
void f32_inearest_ukernel__scalar_c1(size_t pixels, size_t channels, const float* input, const size_t* offsets,
                                     float* output);
void f32_inearest_ukernel__wasmsimd_c8(size_t pixels, size_t channels, const float* input, const size_t* offsets,
                                       float* output);

}  // namespace nnslim::kernels
