#include "kernels/f32-ibilinear/f32-ibilinear.h"

namespace nnslim::kernels {

void f32_ibilinear_ukernel__scalar_c1(size_t pixels, size_t channels, const float* input, const size_t* offsets,
                                      const float* weights, float* output) {
  for (size_t p = 0; p < pixels; p++, offsets += 4, weights += 2) {
    const float alpha_h = weights[0], alpha_v = weights[1];
    const float* tl = input + offsets[0];
    const float* tr = input + offsets[1];
    const float* bl = input + offsets[2];
    const float* br = input + offsets[3];
    for (size_t c = 0; c < channels; c++) {
      const float top = tl[c] + alpha_h * (tr[c] - tl[c]);
      const float bottom = bl[c] + alpha_h * (br[c] - bl[c]);
      *output++ = top + alpha_v * (bottom - top);
    }
  }
}

void f32_inearest_ukernel__scalar_c1(size_t pixels, size_t channels, const float* input, const size_t* offsets,
                                     float* output) {
  for (size_t p = 0; p < pixels; p++) {
    const float* in = input + offsets[p];
    for (size_t c = 0; c < channels; c++) *output++ = in[c];
  }
}

}  // namespace nnslim::kernels
