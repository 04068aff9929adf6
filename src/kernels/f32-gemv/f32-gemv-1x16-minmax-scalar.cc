// Scalar f32 GEMV on the packed layout: the portable reference of the
// family (the tests also check it against the unpacked triple-loop oracle).
#include "kernels/f32-gemv/f32-gemv.h"

namespace nnslim::kernels {

void f32_gemv_minmax_ukernel_1x16__scalar(size_t nc, size_t kc, const float* a, const float* w, float* c,
                                          const F32MinMaxParams* params) {
  constexpr size_t kNr = 16;
  const size_t k = kc / sizeof(float);
  for (size_t n0 = 0; n0 < nc; n0 += kNr) {
    float acc[kNr];
    for (size_t j = 0; j < kNr; j++) acc[j] = w[j];
    w += kNr;
    for (size_t kk = 0; kk < k; kk++) {
      for (size_t j = 0; j < kNr; j++) acc[j] += a[kk] * w[j];
      w += kNr;
    }
    const size_t columns = nc - n0 < kNr ? nc - n0 : kNr;
    for (size_t j = 0; j < columns; j++) c[n0 + j] = f32_clamp(acc[j], params->min, params->max);
  }
}

}  // namespace nnslim::kernels
