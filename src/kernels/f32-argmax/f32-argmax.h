// f32 ArgMax microkernels over a [rows, channels] matrix with a row stride
// (elements, >= channels); rows >= 1, channels >= 1. Indices are int64.
//   contiguous ("rargmax"):     y[r] = argmax_c x[r * x_stride + c]
//                               (along the innermost axis: channels in NHWC)
//   discontiguous ("rdargmax"): y[c] = argmax_r x[r * x_stride + c]
//                               (along an outer axis, for every channel)
// Ties: the first index, or the last with select_last. A NaN never
// replaces the running maximum (a NaN first element wins), the reference
// executor's rule.
#pragma once
#include <cstddef>
#include <cstdint>

namespace nnslim::kernels {

using F32ArgmaxUkernelFn = void (*)(size_t rows, size_t channels, const float* x, size_t x_stride, int64_t* y,
                                    bool select_last);

// NNSLIM_F32_ARGMAX_UKERNEL(discontiguous, name)
#define NNSLIM_F32_ARGMAX_UKERNEL(discontiguous, fn) \
  void fn(size_t rows, size_t channels, const float* x, size_t x_stride, int64_t* y, bool select_last);
#include "kernels/f32-argmax/f32-argmax.inc"
#undef NNSLIM_F32_ARGMAX_UKERNEL

struct F32ArgmaxUkernelInfo {
  const char* name;
  bool discontiguous;
  F32ArgmaxUkernelFn fn;
};
const F32ArgmaxUkernelInfo* f32_argmax_ukernels(size_t* count);
// The wasm SIMD kernels only: the runtime's table (the full list would link
// the scalar oracles into the shipped module).
const F32ArgmaxUkernelInfo* f32_argmax_wasmsimd_ukernels(size_t* count);

}  // namespace nnslim::kernels
