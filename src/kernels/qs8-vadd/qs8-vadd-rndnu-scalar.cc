#include <cmath>

#include "kernels/qs8-vadd/qs8-vadd.h"

namespace nnslim::kernels {

bool qs8_add_rndnu_params(const QS8AddParams& fp32, QS8AddRndnuParams* out) {
  const float largest = fp32.a_mul > fp32.b_mul ? fp32.a_mul : fp32.b_mul;
  if (!(fp32.a_mul >= 0.0f && fp32.b_mul >= 0.0f && largest < 1.0f)) return false;  // NaN fails too
  const uint32_t shift = 15;
  const int32_t a_mul = static_cast<int32_t>(std::lround(fp32.a_mul * static_cast<float>(1 << shift)));
  const int32_t b_mul = static_cast<int32_t>(std::lround(fp32.b_mul * static_cast<float>(1 << shift)));
  if (a_mul > 32767 || b_mul > 32767) return false;
  out->a_mul = static_cast<int16_t>(a_mul);
  out->b_mul = static_cast<int16_t>(b_mul);
  out->shift = shift;
  // |y_zp| <= 128 and shift <= 15: each term below 2^23.
  out->bias = fp32.y_zero_point * (1 << shift) - a_mul * fp32.a_zero_point - b_mul * fp32.b_zero_point +
              (1 << (shift - 1));
  out->qmin = fp32.qmin;
  out->qmax = fp32.qmax;
  return true;
}

void qs8_vadd_minmax_rndnu_ukernel__scalar(size_t n, const int8_t* a, const int8_t* b, int8_t* y,
                                           const QS8AddRndnuParams* params) {
  for (size_t i = 0; i < n; i++) {
    const int32_t acc = params->a_mul * a[i] + params->b_mul * b[i] + params->bias;
    // Arithmetic shift = floor division by 2^shift (the bias holds the half).
    int32_t v = acc >> params->shift;
    v = v < params->qmin ? params->qmin : (v > params->qmax ? params->qmax : v);
    y[i] = static_cast<int8_t>(v);
  }
}

}  // namespace nnslim::kernels
