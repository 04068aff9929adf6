// The two ends of a packed qs8 weight panel, shared by every qs8 packing
// (qs8-gemm.h's int16 / int8 layouts, qs8-dot7.h's c4 layout): NR folded
// int32 biases before the weights, NR float requantization scales after
// them. Channels past n are zeros.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace nnslim::kernels {

// bias'[j] = bias[col] - a_zero_point * sum over taps and kc of W(col, tap, c),
// col = n0 + j (qs8-gemm.h: the kernels never subtract the input zero point).
// W(col, tap, c) = w[col * n_stride + tap * tap_stride + c * c_stride].
// Returns `out` past the NR values.
inline char* qs8_pack_folded_bias(size_t nr, size_t n0, size_t n, size_t taps, size_t kc, const int8_t* w,
                                  size_t n_stride, size_t tap_stride, size_t c_stride, const int32_t* bias,
                                  int32_t a_zero_point, char* out) {
  for (size_t j = 0; j < nr; j++) {
    const size_t col = n0 + j;
    int32_t value = 0;
    if (col < n) {
      int32_t sum = 0;
      for (size_t t = 0; t < taps; t++)
        for (size_t c = 0; c < kc; c++) sum += w[col * n_stride + t * tap_stride + c * c_stride];
      value = (bias != nullptr ? bias[col] : 0) - a_zero_point * sum;
    }
    std::memcpy(out, &value, sizeof(value));
    out += sizeof(value);
  }
  return out;
}

// scales[n0 .. n0 + nr), zeros past n. Returns `out` past the NR values.
inline char* qs8_pack_scales(size_t nr, size_t n0, size_t n, const float* scales, char* out) {
  for (size_t j = 0; j < nr; j++) {
    const float value = n0 + j < n ? scales[n0 + j] : 0.0f;
    std::memcpy(out, &value, sizeof(value));
    out += sizeof(value);
  }
  return out;
}

}  // namespace nnslim::kernels
