#include <cmath>

#include "kernels/qs8-ibilinear/qs8-ibilinear.h"

namespace nnslim::kernels {

void qs8_ibilinear_row_ukernel__scalar_c1(size_t pixels, size_t channels, const int8_t* top, const int8_t* bottom,
                                          const size_t* offsets, const float* weights, float alpha_v, int8_t* output,
                                          const QS8IbilinearParams* params) {
  const float lo = params->requant.min_less_zero_point, hi = params->requant.max_less_zero_point;
  const int32_t y_zero_point = INT32_C(0x4B400000) - params->requant.magic_bias_less_output_zero_point;
  for (size_t x = 0; x < pixels; x++, offsets += 2) {
    const float alpha_h = weights[x];
    const int8_t* tl = top + offsets[0];
    const int8_t* tr = top + offsets[1];
    const int8_t* bl = bottom + offsets[0];
    const int8_t* br = bottom + offsets[1];
    for (size_t c = 0; c < channels; c++) {
      const float t = float(tl[c]) + alpha_h * (float(tr[c]) - float(tl[c]));
      const float b = float(bl[c]) + alpha_h * (float(br[c]) - float(bl[c]));
      const float v = t + alpha_v * (b - t);
      float f = (v - params->x_zero_point) * params->scale;
      f = f < lo ? lo : (f > hi ? hi : f);
      *output++ = static_cast<int8_t>(static_cast<int32_t>(std::nearbyint(f)) + y_zero_point);
    }
  }
}

}  // namespace nnslim::kernels
