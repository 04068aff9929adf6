// f32 reduction microkernels over a [rows, channels] matrix with a row stride
// (in elements, >= channels). rows >= 1, channels >= 1. Two shapes:
//   contiguous ("r"):     y[r] = scale * OP_{c < channels} x[r * x_stride + c]
//                         (each row to one value: a reduction over the
//                         innermost, contiguous axis, e.g. channels in NHWC)
//   discontiguous ("rd"): y[c] = scale * OP_{r < rows} x[r * x_stride + c]
//                         (the rows summed elementwise into one row: a
//                         reduction over an outer axis, e.g. H*W in NHWC)
// OP is sum, max or min; max and min ignore scale. A NaN anywhere in the
// reduced elements makes max and min NaN, as numpy's np.max and the reference
// executor (kernels/microparams.h f32_max_keep_nan).
// Names follow XNNPACK: f32_rsum / f32_rmax / f32_rmin, rd* for discontiguous.
#pragma once
#include <cstddef>

namespace nnslim::kernels {

enum class F32ReduceOp { kSum, kMax, kMin };

struct F32ReduceParams {
  float scale;  // sum only: 1 for ReduceSum, 1 / count for ReduceMean
};

using F32ReduceUkernelFn = void (*)(size_t rows, size_t channels, const float* x, size_t x_stride, float* y,
                                    const F32ReduceParams* params);

// NNSLIM_F32_REDUCE_UKERNEL(op, discontiguous, name)
#define NNSLIM_F32_REDUCE_UKERNEL(op, discontiguous, fn)                                         \
  void fn(size_t rows, size_t channels, const float* x, size_t x_stride, float* y, \
          const F32ReduceParams* params);
#include "kernels/f32-reduce/f32-reduce.inc"
#undef NNSLIM_F32_REDUCE_UKERNEL

struct F32ReduceUkernelInfo {
  const char* name;
  F32ReduceOp op;
  bool discontiguous;
  F32ReduceUkernelFn fn;
};
const F32ReduceUkernelInfo* f32_reduce_ukernels(size_t* count);
// The wasm SIMD kernels only: the runtime's table (the full list would link
// the scalar oracles into the shipped module).
const F32ReduceUkernelInfo* f32_reduce_wasmsimd_ukernels(size_t* count);

// The oracle: the same reduction accumulated in double, rounded once.
void f32_reduce_reference(F32ReduceOp op, bool discontiguous, size_t rows, size_t channels, const float* x,
                          size_t x_stride, float* y, const F32ReduceParams& params);

}  // namespace nnslim::kernels
