// Scalar parts of the batch-1 integer-dot path (f32-qc8w-gemm.h): the int16
// row quantization, the reference GEMV (exact int32
// sums, so the wasm SIMD kernel matches it bit for bit), and the f32 GEMV on
// the same packing for rows with a NaN or an infinity.
#include <algorithm>
#include <cmath>

#include "kernels/f32-qc8w-gemm/f32-qc8w-gemm.h"
#include "kernels/f32-qc8w-gemm/f32-qc8w-panel.h"

namespace nnslim::kernels {

int32_t f32_qc8w_int16_qmax(size_t k) {
  const int64_t bound = INT64_C(2147483647) / (static_cast<int64_t>(round_up(k, 2)) * 128);
  return static_cast<int32_t>(std::min<int64_t>(8191, std::max<int64_t>(bound, 1)));
}

float f32_qc8w_quantize_row_int16(size_t k, const float* a, int16_t* out) {
  float max_abs = 0.0f;
  for (size_t i = 0; i < k; ++i) {
    if (!std::isfinite(a[i])) return 0.0f;
    max_abs = std::max(max_abs, std::fabs(a[i]));
  }
  const int32_t qmax = f32_qc8w_int16_qmax(k);
  // max|a| below qmax / FLT_MAX (subnormals): qmax / max|a| overflows, and
  // 0 * inf would be NaN. Such a row runs on the f32 path.
  if (max_abs != 0.0f && !std::isfinite(static_cast<float>(qmax) / max_abs)) return 0.0f;
  if (round_up(k, 2) != k) out[k] = 0;
  if (max_abs == 0.0f) {
    std::fill(out, out + k, int16_t{0});
    return 1.0f;
  }
  const float inverse = static_cast<float>(qmax) / max_abs;
  for (size_t i = 0; i < k; ++i) {
    const float q = std::nearbyint(a[i] * inverse);  // round half to even (the default mode)
    out[i] = static_cast<int16_t>(std::min<float>(std::max<float>(q, -qmax), qmax));
  }
  return max_abs / static_cast<float>(qmax);
}

namespace {

constexpr size_t kC2Nr = 16;

// The panels of a "c2" packing of nc columns: body(header, k2, c, columns)
// per panel, k2 = K rounded up to 2 (the pairs the panel holds), c the
// panel's first output, columns its count of real columns.
template <typename Body>
void for_each_c2_panel(size_t nc, size_t k, const void* w, float* c, Body&& body) {
  const char* panel = static_cast<const char*>(w);
  const size_t k2 = round_up(k, 2);
  for (size_t n0 = 0; n0 < nc; n0 += kC2Nr) {
    body(F32Qc8wPanelHeader<kC2Nr>(panel), k2, c + n0, std::min(kC2Nr, nc - n0));
    panel += f32_qc8w_c2_panel_bytes(kC2Nr, k);
  }
}

}  // namespace

void f32_qc8w_gemv_dot16_ukernel_1x16__scalar(size_t nc, size_t k, const int16_t* a_q, float a_scale, const void* w,
                                              float* c, const F32MinMaxParams* params) {
  for_each_c2_panel(nc, k, w, c, [&](const F32Qc8wPanelHeader<kC2Nr>& header, size_t k2, float* out, size_t columns) {
    const int8_t* q = header.weights;
    int32_t acc[kC2Nr] = {};
    for (size_t kk = 0; kk < k2; kk += 2, q += 2 * kC2Nr)
      for (size_t j = 0; j < kC2Nr; j++) acc[j] += a_q[kk] * q[2 * j] + a_q[kk + 1] * q[2 * j + 1];
    for (size_t j = 0; j < columns; j++)
      out[j] = f32_clamp(static_cast<float>(acc[j]) * (a_scale * header.scale[j]) + header.bias[j], params->min,
                         params->max);
  });
}

void f32_qc8w_gemv_c2__scalar(size_t nc, size_t k, const float* a, const void* w, float* c,
                              const F32MinMaxParams* params) {
  for_each_c2_panel(nc, k, w, c, [&](const F32Qc8wPanelHeader<kC2Nr>& header, size_t k2, float* out, size_t columns) {
    const int8_t* q = header.weights;
    float acc[kC2Nr] = {};
    for (size_t kk = 0; kk < k2; kk += 2, q += 2 * kC2Nr)
      for (size_t j = 0; j < kC2Nr; j++)
        for (size_t h = 0; h < 2 && kk + h < k; h++) acc[j] += a[kk + h] * static_cast<float>(q[2 * j + h]);
    for (size_t j = 0; j < columns; j++)
      out[j] = f32_clamp(acc[j] * header.scale[j] + header.bias[j], params->min, params->max);
  });
}

}  // namespace nnslim::kernels
