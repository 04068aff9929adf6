#include <cassert>
#include <cmath>

#include "kernels/f32-softmax/f32-softmax.h"

namespace nnslim::kernels {

void f32_rmax_ukernel__scalar(size_t batch, const float* x, float* max) {
  assert(batch != 0 && batch % sizeof(float) == 0);
  float m = x[0];
  for (size_t i = 1; i < batch / sizeof(float); i++) m = m < x[i] ? x[i] : m;
  *max = m;
}

void f32_raddstoreexpminusmax_ukernel__scalar(size_t batch, const float* x, const float* max, float* y, float* sum) {
  assert(batch != 0 && batch % sizeof(float) == 0);
  float s = 0.0f;
  for (size_t i = 0; i < batch / sizeof(float); i++) {
    y[i] = std::exp(x[i] - *max);
    s += y[i];
  }
  *sum = s;
}

void f32_softmax_reference(size_t n, const float* x, float* y) {
  double m = x[0];
  for (size_t i = 1; i < n; i++) m = std::fmax(m, static_cast<double>(x[i]));
  double s = 0.0;
  for (size_t i = 0; i < n; i++) s += std::exp(static_cast<double>(x[i]) - m);
  for (size_t i = 0; i < n; i++) y[i] = static_cast<float>(std::exp(static_cast<double>(x[i]) - m) / s);
}

}  // namespace nnslim::kernels
