#include "kernels/f32-packw/f32-packw.h"

#include "kernels/microparams.h"

namespace nnslim::kernels {

size_t f32_packw_gemm_size(size_t n, size_t k, size_t nr) { return round_up(n, nr) * (k + 1); }

namespace {

// Shared by both GEMM layouts: weight(kk, col) reads B in either order.
template <typename WeightAt>
void pack_panels(size_t nr, size_t n, size_t k, const float* bias, float* packed, WeightAt weight) {
  for (size_t n0 = 0; n0 < n; n0 += nr) {
    for (size_t j = 0; j < nr; j++) *packed++ = (n0 + j < n && bias != nullptr) ? bias[n0 + j] : 0.0f;
    for (size_t kk = 0; kk < k; kk++)
      for (size_t j = 0; j < nr; j++) *packed++ = n0 + j < n ? weight(kk, n0 + j) : 0.0f;
  }
}

}  // namespace

void f32_packw_gemm_gio(size_t nr, size_t n, size_t k, const float* b, size_t b_stride, const float* bias,
                        float* packed) {
  pack_panels(nr, n, k, bias, packed, [&](size_t kk, size_t col) { return b[kk * b_stride + col]; });
}

void f32_packw_gemm_goi(size_t nr, size_t n, size_t k, const float* b, size_t b_stride, const float* bias,
                        float* packed) {
  pack_panels(nr, n, k, bias, packed, [&](size_t kk, size_t col) { return b[col * b_stride + kk]; });
}

size_t f32_packw_conv_size(size_t out_channels, size_t in_channels, size_t kernel_size, size_t nr) {
  return round_up(out_channels, nr) * (kernel_size * in_channels + 1);
}

void f32_packw_conv_oihw(size_t nr, size_t out_channels, size_t in_channels, size_t kernel_size,
                         const float* weights, const float* bias, float* packed) {
  // Row kk of the implicit GEMM = (ks, i) with ks outer: kk = ks * I + i.
  pack_panels(nr, out_channels, kernel_size * in_channels, bias, packed, [&](size_t kk, size_t o) {
    const size_t ks = kk / in_channels, i = kk % in_channels;
    return weights[(o * in_channels + i) * kernel_size + ks];
  });
}

size_t f32_packw_dwconv_size(size_t channels, size_t kernel_size, size_t ct) {
  return round_up(channels, ct) * (kernel_size + 1);
}

void f32_packw_dwconv_chw(size_t ct, size_t channels, size_t kernel_size, const float* weights,
                          const float* bias, float* packed) {
  for (size_t c0 = 0; c0 < channels; c0 += ct) {
    for (size_t j = 0; j < ct; j++) *packed++ = (c0 + j < channels && bias != nullptr) ? bias[c0 + j] : 0.0f;
    for (size_t ks = 0; ks < kernel_size; ks++)
      for (size_t j = 0; j < ct; j++) *packed++ = c0 + j < channels ? weights[(c0 + j) * kernel_size + ks] : 0.0f;
  }
}

}  // namespace nnslim::kernels

namespace nnslim::kernels {

size_t f32_packw_deconv_size(size_t in_channels, size_t out_channels, size_t kernel_size, size_t nr) {
  return f32_packw_gemm_size(kernel_size * out_channels, in_channels, nr);
}

void f32_packw_deconv_iohw(size_t nr, size_t in_channels, size_t out_channels, size_t kernel_size,
                           const float* weights, float* packed) {
  pack_panels(nr, kernel_size * out_channels, in_channels, nullptr, packed, [&](size_t i, size_t col) {
    const size_t t = col / out_channels, o = col % out_channels;
    return weights[(i * out_channels + o) * kernel_size + t];
  });
}

}  // namespace nnslim::kernels
