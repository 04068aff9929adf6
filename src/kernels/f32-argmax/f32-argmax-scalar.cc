// Scalar ArgMax kernels: the sequential scan of the definition (the oracle
// of the SIMD variants).
#include <cassert>

#include "kernels/f32-argmax/f32-argmax.h"

namespace nnslim::kernels {

void f32_rargmax_ukernel__scalar_x1(size_t rows, size_t channels, const float* x, size_t x_stride, int64_t* y,
                                    bool select_last) {
  assert(rows != 0 && channels != 0 && x_stride >= channels);
  for (size_t r = 0; r < rows; ++r, x += x_stride) {
    float best = x[0];
    size_t index = 0;
    for (size_t c = 1; c < channels; ++c)
      if (select_last ? x[c] >= best : x[c] > best) best = x[c], index = c;
    y[r] = static_cast<int64_t>(index);
  }
}

void f32_rdargmax_ukernel__scalar_c1(size_t rows, size_t channels, const float* x, size_t x_stride, int64_t* y,
                                     bool select_last) {
  assert(rows != 0 && channels != 0 && x_stride >= channels);
  for (size_t c = 0; c < channels; ++c) {
    float best = x[c];
    size_t index = 0;
    for (size_t r = 1; r < rows; ++r) {
      const float v = x[r * x_stride + c];
      if (select_last ? v >= best : v > best) best = v, index = r;
    }
    y[c] = static_cast<int64_t>(index);
  }
}

const F32ArgmaxUkernelInfo* f32_argmax_ukernels(size_t* count) {
  static const F32ArgmaxUkernelInfo kList[] = {
#define NNSLIM_F32_ARGMAX_UKERNEL(discontiguous, fn) {#fn, discontiguous, fn},
#include "kernels/f32-argmax/f32-argmax.inc"
#undef NNSLIM_F32_ARGMAX_UKERNEL
  };
  *count = sizeof(kList) / sizeof(kList[0]);
  return kList;
}

}  // namespace nnslim::kernels
