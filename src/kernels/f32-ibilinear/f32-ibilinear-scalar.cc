#include "kernels/f32-ibilinear/f32-ibilinear.h"

namespace nnslim::kernels {

void f32_ibilinear_row_ukernel__scalar_c1(size_t pixels, size_t channels, const float* top, const float* bottom,
                                          const size_t* offsets, const float* weights, float alpha_v, float* output) {
  for (size_t x = 0; x < pixels; x++, offsets += 2) {
    const float alpha_h = weights[x];
    const float* tl = top + offsets[0];
    const float* tr = top + offsets[1];
    const float* bl = bottom + offsets[0];
    const float* br = bottom + offsets[1];
    for (size_t c = 0; c < channels; c++) {
      const float t = tl[c] + alpha_h * (tr[c] - tl[c]);
      const float b = bl[c] + alpha_h * (br[c] - bl[c]);
      *output++ = t + alpha_v * (b - t);
    }
  }
}

void f32_inearest_row_ukernel__scalar_c1(size_t pixels, size_t channels, const float* row, const size_t* offsets,
                                         float* output) {
  for (size_t x = 0; x < pixels; x++) {
    const float* in = row + offsets[x];
    for (size_t c = 0; c < channels; c++) *output++ = in[c];
  }
}

}  // namespace nnslim::kernels
