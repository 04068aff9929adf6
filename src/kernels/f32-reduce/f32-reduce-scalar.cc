// Scalar reduction kernels: float accumulators, one element at a time (the
// plain loops a compiler would write); the double-precision oracle below is
// what every variant is tested against.
#include <cassert>
#include <limits>

#include "kernels/f32-reduce/f32-reduce.h"
#include "kernels/microparams.h"

namespace nnslim::kernels {
namespace {

template <F32ReduceOp OP>
inline float combine(float acc, float v) {
  if (OP == F32ReduceOp::kSum) return acc + v;
  if (OP == F32ReduceOp::kMin) return f32_min_keep_nan(acc, v);
  return f32_max_keep_nan(acc, v);
}
// Sum starts at 0, max at -inf, min at +inf (a NaN anywhere makes the result NaN).
template <F32ReduceOp OP>
inline float identity() {
  const float inf = std::numeric_limits<float>::infinity();
  return OP == F32ReduceOp::kSum ? 0.0f : OP == F32ReduceOp::kMax ? -inf : inf;
}
template <F32ReduceOp OP>
inline float finish(float acc, const F32ReduceParams* params) {
  return OP == F32ReduceOp::kSum ? acc * params->scale : acc;
}

template <F32ReduceOp OP>
void reduce_rows(size_t rows, size_t channels, const float* x, size_t x_stride, float* y,
                 const F32ReduceParams* params) {
  assert(rows != 0 && channels != 0 && x_stride >= channels);
  for (size_t r = 0; r < rows; ++r, x += x_stride) {
    float acc = identity<OP>();
    for (size_t c = 0; c < channels; ++c) acc = combine<OP>(acc, x[c]);
    y[r] = finish<OP>(acc, params);
  }
}

template <F32ReduceOp OP>
void reduce_columns(size_t rows, size_t channels, const float* x, size_t x_stride, float* y,
                    const F32ReduceParams* params) {
  assert(rows != 0 && channels != 0 && x_stride >= channels);
  for (size_t c = 0; c < channels; ++c) {
    float acc = identity<OP>();
    for (size_t r = 0; r < rows; ++r) acc = combine<OP>(acc, x[r * x_stride + c]);
    y[c] = finish<OP>(acc, params);
  }
}

}  // namespace

void f32_reduce_reference(F32ReduceOp op, bool discontiguous, size_t rows, size_t channels, const float* x,
                          size_t x_stride, float* y, const F32ReduceParams& params) {
  const size_t outputs = discontiguous ? channels : rows, inner = discontiguous ? rows : channels;
  for (size_t o = 0; o < outputs; ++o) {
    const double inf = std::numeric_limits<double>::infinity();
    double acc = op == F32ReduceOp::kSum ? 0.0 : op == F32ReduceOp::kMax ? -inf : inf;
    for (size_t i = 0; i < inner; ++i) {
      const double v = discontiguous ? x[i * x_stride + o] : x[o * x_stride + i];
      // Max and min are exact: the float forms serve the double oracle too.
      acc = op == F32ReduceOp::kSum   ? acc + v
            : op == F32ReduceOp::kMax ? f32_max_keep_nan(static_cast<float>(acc), static_cast<float>(v))
                                      : f32_min_keep_nan(static_cast<float>(acc), static_cast<float>(v));
    }
    y[o] = static_cast<float>(op == F32ReduceOp::kSum ? acc * params.scale : acc);
  }
}

void f32_rsum_ukernel__scalar_x1(size_t rows, size_t channels, const float* x, size_t x_stride, float* y,
                                 const F32ReduceParams* params) {
  reduce_rows<F32ReduceOp::kSum>(rows, channels, x, x_stride, y, params);
}
void f32_rmax_ukernel__scalar_x1(size_t rows, size_t channels, const float* x, size_t x_stride, float* y,
                                 const F32ReduceParams* params) {
  reduce_rows<F32ReduceOp::kMax>(rows, channels, x, x_stride, y, params);
}
void f32_rmin_ukernel__scalar_x1(size_t rows, size_t channels, const float* x, size_t x_stride, float* y,
                                 const F32ReduceParams* params) {
  reduce_rows<F32ReduceOp::kMin>(rows, channels, x, x_stride, y, params);
}
void f32_rdmin_ukernel__scalar_c1(size_t rows, size_t channels, const float* x, size_t x_stride, float* y,
                                  const F32ReduceParams* params) {
  reduce_columns<F32ReduceOp::kMin>(rows, channels, x, x_stride, y, params);
}
void f32_rdsum_ukernel__scalar_c1(size_t rows, size_t channels, const float* x, size_t x_stride, float* y,
                                  const F32ReduceParams* params) {
  reduce_columns<F32ReduceOp::kSum>(rows, channels, x, x_stride, y, params);
}
void f32_rdmax_ukernel__scalar_c1(size_t rows, size_t channels, const float* x, size_t x_stride, float* y,
                                  const F32ReduceParams* params) {
  reduce_columns<F32ReduceOp::kMax>(rows, channels, x, x_stride, y, params);
}

const F32ReduceUkernelInfo* f32_reduce_ukernels(size_t* count) {
  static const F32ReduceUkernelInfo kList[] = {
#define NNSLIM_F32_REDUCE_UKERNEL(op, discontiguous, fn) {#fn, op, discontiguous, fn},
#include "kernels/f32-reduce/f32-reduce.inc"
#undef NNSLIM_F32_REDUCE_UKERNEL
  };
  *count = sizeof(kList) / sizeof(kList[0]);
  return kList;
}

}  // namespace nnslim::kernels
