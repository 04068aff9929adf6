#include <cmath>

#include "kernels/f32-layernorm/f32-layernorm.h"

namespace nnslim::kernels {

void f32_layernorm_stats_ukernel__scalar(size_t n, const float* x, float* mean, float* variance) {
  float sum = 0.0f;
  for (size_t i = 0; i < n; i++) sum += x[i];
  const float m = sum / static_cast<float>(n);
  float sum_sq = 0.0f;
  for (size_t i = 0; i < n; i++) {
    const float d = x[i] - m;
    sum_sq += d * d;
  }
  *mean = m;
  *variance = sum_sq / static_cast<float>(n);
}

void f32_layernorm_apply_ukernel__scalar(size_t n, const float* x, float mean, float inv_std, const float* scale,
                                         const float* bias, float* y) {
  for (size_t i = 0; i < n; i++) {
    const float v = (x[i] - mean) * inv_std * scale[i];
    y[i] = bias != nullptr ? v + bias[i] : v;
  }
}

void f32_layernorm_reference(size_t n, const float* x, const float* scale, const float* bias, float epsilon,
                             float* y, float* mean_out, float* inv_std_out) {
  double sum = 0.0;
  for (size_t i = 0; i < n; i++) sum += x[i];
  const double mean = sum / static_cast<double>(n);
  double sum_sq = 0.0;
  for (size_t i = 0; i < n; i++) sum_sq += (x[i] - mean) * (x[i] - mean);
  const double inv_std = 1.0 / std::sqrt(sum_sq / static_cast<double>(n) + epsilon);
  for (size_t i = 0; i < n; i++)
    y[i] = static_cast<float>((x[i] - mean) * inv_std * scale[i] + (bias != nullptr ? bias[i] : 0.0));
  if (mean_out != nullptr) *mean_out = static_cast<float>(mean);
  if (inv_std_out != nullptr) *inv_std_out = static_cast<float>(inv_std);
}

}  // namespace nnslim::kernels
