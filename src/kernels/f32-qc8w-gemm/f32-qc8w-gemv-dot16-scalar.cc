// Scalar parts of the batch-1 integer-dot path (f32-qc8w-gemm.h): "c2"
// packing, the int16 row quantization, the reference GEMV (exact int32
// sums, so the wasm SIMD kernel matches it bit for bit), and the f32 GEMV on
// the same packing for rows with a NaN or an infinity.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "kernels/f32-qc8w-gemm/f32-qc8w-gemm.h"

namespace nnslim::kernels {

void f32_qc8w_packw_c2(size_t nr, size_t n, size_t k, const int8_t* w, size_t n_stride, size_t k_stride,
                       const float* bias, const float* scales, size_t scale_count, void* packed) {
  char* out = static_cast<char*>(packed);
  const size_t k2 = round_up(k, 2);
  for (size_t n0 = 0; n0 < n; n0 += nr) {
    float* head = reinterpret_cast<float*>(out);
    for (size_t j = 0; j < nr; ++j) {
      const bool real = n0 + j < n;
      head[j] = real && bias ? bias[n0 + j] : 0.0f;
      head[nr + j] = real ? scales[scale_count == 1 ? 0 : n0 + j] : 0.0f;
    }
    int8_t* q = reinterpret_cast<int8_t*>(out + nr * 2 * sizeof(float));
    for (size_t kk = 0; kk < k2; kk += 2)
      for (size_t j = 0; j < nr; ++j)
        for (size_t h = 0; h < 2; ++h)
          *q++ = n0 + j < n && kk + h < k ? w[(n0 + j) * n_stride + (kk + h) * k_stride] : 0;
    out += f32_qc8w_c2_panel_bytes(nr, k);
  }
}

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
  if (round_up(k, 2) != k) out[k] = 0;
  if (max_abs == 0.0f) {
    std::fill(out, out + k, int16_t{0});
    return 1.0f;
  }
  const int32_t qmax = f32_qc8w_int16_qmax(k);
  const float inverse = static_cast<float>(qmax) / max_abs;
  for (size_t i = 0; i < k; ++i) {
    const float q = std::nearbyint(a[i] * inverse);  // round half to even (the default mode)
    out[i] = static_cast<int16_t>(std::min<float>(std::max<float>(q, -qmax), qmax));
  }
  return max_abs / static_cast<float>(qmax);
}

void f32_qc8w_gemv_dot16_ukernel_1x16__scalar(size_t nc, size_t k, const int16_t* a_q, float a_scale, const void* w,
                                              float* c, const F32MinMaxParams* params) {
  constexpr size_t kNr = 16;
  const size_t k2 = round_up(k, 2);
  const char* panel = static_cast<const char*>(w);
  for (size_t n0 = 0; n0 < nc; n0 += kNr) {
    float bias[kNr], scale[kNr];
    std::memcpy(bias, panel, sizeof(bias));
    std::memcpy(scale, panel + sizeof(bias), sizeof(scale));
    const int8_t* q = reinterpret_cast<const int8_t*>(panel + sizeof(bias) + sizeof(scale));
    int32_t acc[kNr] = {};
    for (size_t kk = 0; kk < k2; kk += 2, q += 2 * kNr)
      for (size_t j = 0; j < kNr; j++) acc[j] += a_q[kk] * q[2 * j] + a_q[kk + 1] * q[2 * j + 1];
    const size_t columns = std::min(kNr, nc - n0);
    for (size_t j = 0; j < columns; j++)
      c[n0 + j] = f32_clamp(static_cast<float>(acc[j]) * (a_scale * scale[j]) + bias[j], params->min, params->max);
    panel += f32_qc8w_c2_panel_bytes(kNr, k);
  }
}

void f32_qc8w_gemv_c2__scalar(size_t nc, size_t k, const float* a, const void* w, float* c,
                              const F32MinMaxParams* params) {
  constexpr size_t kNr = 16;
  const size_t k2 = round_up(k, 2);
  const char* panel = static_cast<const char*>(w);
  for (size_t n0 = 0; n0 < nc; n0 += kNr) {
    float bias[kNr], scale[kNr];
    std::memcpy(bias, panel, sizeof(bias));
    std::memcpy(scale, panel + sizeof(bias), sizeof(scale));
    const int8_t* q = reinterpret_cast<const int8_t*>(panel + sizeof(bias) + sizeof(scale));
    float acc[kNr] = {};
    for (size_t kk = 0; kk < k2; kk += 2, q += 2 * kNr)
      for (size_t j = 0; j < kNr; j++)
        for (size_t h = 0; h < 2 && kk + h < k; h++) acc[j] += a[kk + h] * static_cast<float>(q[2 * j + h]);
    const size_t columns = std::min(kNr, nc - n0);
    for (size_t j = 0; j < columns; j++) c[n0 + j] = f32_clamp(acc[j] * scale[j] + bias[j], params->min, params->max);
    panel += f32_qc8w_c2_panel_bytes(kNr, k);
  }
}

}  // namespace nnslim::kernels
