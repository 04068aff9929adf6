#include <cstring>

#include "kernels/f32-qc8w-gemm/f32-qc8w-gemm.h"
#include "kernels/f32-qc8w-gemm/f32-qc8w-panel.h"

namespace nnslim::kernels {

void f32_qc8w_packw(size_t nr, size_t n, size_t k, const int8_t* w, size_t n_stride, size_t k_stride,
                    const float* bias, const float* scales, size_t scale_count, void* packed) {
  char* out = static_cast<char*>(packed);
  for (size_t n0 = 0; n0 < n; n0 += nr) {
    int8_t* q = f32_qc8w_write_panel_header(nr, n0, n, bias, scales, scale_count, out);
    for (size_t kk = 0; kk < k; ++kk)
      for (size_t j = 0; j < nr; ++j) q[kk * nr + j] = n0 + j < n ? w[(n0 + j) * n_stride + kk * k_stride] : 0;
    out += f32_qc8w_panel_bytes(nr, k);
  }
}

void f32_qc8w_packw_c2(size_t nr, size_t n, size_t k, const int8_t* w, size_t n_stride, size_t k_stride,
                       const float* bias, const float* scales, size_t scale_count, void* packed) {
  char* out = static_cast<char*>(packed);
  const size_t k2 = round_up(k, 2);
  for (size_t n0 = 0; n0 < n; n0 += nr) {
    int8_t* q = f32_qc8w_write_panel_header(nr, n0, n, bias, scales, scale_count, out);
    for (size_t kk = 0; kk < k2; kk += 2)
      for (size_t j = 0; j < nr; ++j)
        for (size_t h = 0; h < 2; ++h)
          *q++ = n0 + j < n && kk + h < k ? w[(n0 + j) * n_stride + (kk + h) * k_stride] : 0;
    out += f32_qc8w_c2_panel_bytes(nr, k);
  }
}

void f32_qc8w_dequantize_panels__scalar(size_t nr, size_t k, size_t panels, const void* packed, float* out) {
  const char* in = static_cast<const char*>(packed);
  for (size_t p = 0; p < panels; ++p) {
    float head[2 * 64];  // NR <= 64: the packers' widest tile is 16
    std::memcpy(head, in, nr * 2 * sizeof(float));
    const int8_t* q = reinterpret_cast<const int8_t*>(in + nr * 2 * sizeof(float));
    for (size_t j = 0; j < nr; ++j) *out++ = head[j];
    for (size_t kk = 0; kk < k; ++kk)
      for (size_t j = 0; j < nr; ++j) *out++ = head[nr + j] * static_cast<float>(q[kk * nr + j]);
    in += f32_qc8w_panel_bytes(nr, k);
  }
}

}  // namespace nnslim::kernels
