#include <cmath>

#include "kernels/qs8-vadd/qs8-vadd.h"

namespace nnslim::kernels {

void qs8_vadd_minmax_fp32_ukernel__scalar(size_t n, const int8_t* a, const int8_t* b, int8_t* y,
                                          const QS8AddParams* params) {
  const float lo = static_cast<float>(params->qmin - params->y_zero_point);
  const float hi = static_cast<float>(params->qmax - params->y_zero_point);
  for (size_t i = 0; i < n; i++) {
    const float pa = params->a_mul * static_cast<float>(a[i] - params->a_zero_point);
    const float pb = params->b_mul * static_cast<float>(b[i] - params->b_zero_point);
    float v = pa + pb;
    v = v < lo ? lo : (v > hi ? hi : v);
    y[i] = static_cast<int8_t>(static_cast<int32_t>(std::nearbyint(v)) + params->y_zero_point);
  }
}

}  // namespace nnslim::kernels
