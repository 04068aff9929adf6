#include <cmath>

#include "kernels/qs8-vadd/qs8-vadd.h"

namespace nnslim::kernels {

bool qs8_add_rndnu_params(const QS8AddParams& fp32, QS8AddRndnuParams* out) {
  if (!(fp32.a_mul >= 0.0f && fp32.a_mul < 128.0f && fp32.b_mul >= 0.0f && fp32.b_mul < 128.0f)) return false;  // NaN too
  for (int k = 0; k <= 7; ++k) {
    // mul * 2^(30 - k) in double is exact (a float has 24 bits); < 2^30 after rounding or the next k.
    const double unit = std::ldexp(1.0, 30 - k);
    const int64_t a = std::llround(static_cast<double>(fp32.a_mul) * unit);
    const int64_t b = std::llround(static_cast<double>(fp32.b_mul) * unit);
    if (a >= (int64_t{1} << 30) || b >= (int64_t{1} << 30)) continue;
    out->shift = static_cast<uint32_t>(15 - k);
    out->a_mul_hi = static_cast<int16_t>(a >> 15);
    out->a_mul_lo = static_cast<int16_t>(a & 0x7FFF);
    out->b_mul_hi = static_cast<int16_t>(b >> 15);
    out->b_mul_lo = static_cast<int16_t>(b & 0x7FFF);
    out->a_zero_point = static_cast<int16_t>(fp32.a_zero_point);
    out->b_zero_point = static_cast<int16_t>(fp32.b_zero_point);
    out->bias = fp32.y_zero_point * (int32_t{1} << out->shift) + (int32_t{1} << (out->shift - 1));
    out->qmin = fp32.qmin;
    out->qmax = fp32.qmax;
    return true;
  }
  return false;
}

void qs8_vadd_minmax_rndnu_ukernel__scalar(size_t n, const int8_t* a, const int8_t* b, int8_t* y,
                                           const QS8AddRndnuParams* params) {
  for (size_t i = 0; i < n; i++) {
    const int32_t da = a[i] - params->a_zero_point, db = b[i] - params->b_zero_point;
    const int32_t hi = params->a_mul_hi * da + params->b_mul_hi * db;
    const int32_t lo = params->a_mul_lo * da + params->b_mul_lo * db;
    // Arithmetic shifts = floor divisions (the bias holds the half).
    int32_t v = (hi + (lo >> 15) + params->bias) >> params->shift;
    v = v < params->qmin ? params->qmin : (v > params->qmax ? params->qmax : v);
    y[i] = static_cast<int8_t>(v);
  }
}

}  // namespace nnslim::kernels
