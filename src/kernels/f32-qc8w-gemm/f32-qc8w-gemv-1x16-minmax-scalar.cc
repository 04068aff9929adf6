// Scalar f32 x int8 GEMV on the packed layout: the family's reference. It
// sums in the wasm SIMD kernel's order (pairs of k: acc += a[k] w[k] +
// a[k+1] w[k+1], then an odd last k), so the two agree to the last bit in
// the plain build (the relaxed build may fuse the multiply-adds).

#include "kernels/f32-qc8w-gemm/f32-qc8w-gemm.h"
#include "kernels/f32-qc8w-gemm/f32-qc8w-panel.h"

namespace nnslim::kernels {

void f32_qc8w_gemv_minmax_ukernel_1x16__scalar(size_t nc, size_t k, const float* a, const void* w, float* c,
                                               const F32MinMaxParams* params) {
  constexpr size_t kNr = 16;
  const char* panel = static_cast<const char*>(w);
  for (size_t n0 = 0; n0 < nc; n0 += kNr) {
    const F32Qc8wPanelHeader<kNr> header(panel);
    const int8_t* q = header.weights;
    float acc[kNr] = {};
    size_t kk = 0;
    for (; kk + 2 <= k; kk += 2, q += 2 * kNr)
      for (size_t j = 0; j < kNr; j++)
        acc[j] += a[kk + 1] * static_cast<float>(q[kNr + j]) + a[kk] * static_cast<float>(q[j]);
    if (kk < k)
      for (size_t j = 0; j < kNr; j++) acc[j] += a[kk] * static_cast<float>(q[j]);
    const size_t columns = nc - n0 < kNr ? nc - n0 : kNr;
    for (size_t j = 0; j < columns; j++)
      c[n0 + j] = f32_clamp(acc[j] * header.scale[j] + header.bias[j], params->min, params->max);
    panel += f32_qc8w_panel_bytes(kNr, k);
  }
}

}  // namespace nnslim::kernels
