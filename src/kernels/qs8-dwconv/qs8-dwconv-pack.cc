// qs8 depthwise weight packing (once per plan: a -pack.cc file, compiled
// for size like the other kernel folders' packing).
#include <cassert>
#include <cstring>

#include "kernels/microparams.h"
#include "kernels/qs8-dwconv/qs8-dwconv.h"

namespace nnslim::kernels {

namespace {

size_t packed_taps(size_t kernel_size, QS8DwconvPacking packing) {
  return packing != QS8DwconvPacking::kTaps ? round_up(kernel_size, 2) : kernel_size;
}

// kTapPairs3x3Cols: packed tap i holds the 3x3 tap kColsTapOrder[i]
// (t = 3 ky + kx; 9: none, weight 0): the pairs (0,3) (1,4) (2,5) (6,7)
// and (7,8) with tap 7's weight 0, a 10-tap kTapPairs layout
// (qs8-dwconv-3x3-cols-wasmsimd.h says why).
constexpr unsigned char kColsTapOrder[10] = {0, 3, 1, 4, 2, 5, 6, 7, 9, 8};

}  // namespace

size_t qs8_packw_dwconv_size(size_t ct, size_t channels, size_t kernel_size, QS8DwconvPacking packing) {
  return round_up(channels, ct) * (sizeof(int32_t) + packed_taps(kernel_size, packing) * sizeof(int16_t) + sizeof(float));
}

void qs8_packw_dwconv(size_t ct, size_t channels, size_t kernel_size, const int8_t* w, const int32_t* bias,
                      const float* scales, int32_t x_zero_point, void* packed, QS8DwconvPacking packing) {
  const bool cols = packing == QS8DwconvPacking::kTapPairs3x3Cols;
  assert(!cols || kernel_size == 9);
  // Weight of channel c at packed tap k (0 for the padding tap and channels).
  auto weight = [&](size_t c, size_t k) -> int16_t {
    if (cols && k < 10) k = kColsTapOrder[k];
    return c < channels && k < kernel_size ? w[c * kernel_size + k] : 0;
  };
  const size_t taps = packed_taps(kernel_size, packing);
  char* out = static_cast<char*>(packed);
  for (size_t c0 = 0; c0 < channels; c0 += ct) {
    for (size_t j = 0; j < ct; j++) {
      const size_t c = c0 + j;
      int32_t value = 0;
      if (c < channels) {
        int32_t sum = 0;
        for (size_t k = 0; k < kernel_size; k++) sum += w[c * kernel_size + k];
        value = (bias != nullptr ? bias[c] : 0) - x_zero_point * sum;
      }
      std::memcpy(out, &value, sizeof(value));
      out += sizeof(value);
    }
    if (packing != QS8DwconvPacking::kTaps) {
      for (size_t k = 0; k < taps; k += 2)
        for (size_t j = 0; j < ct; j++)
          for (size_t t = 0; t < 2; t++) {
            const int16_t value = weight(c0 + j, k + t);
            std::memcpy(out, &value, sizeof(value));
            out += sizeof(value);
          }
    } else {
      for (size_t k = 0; k < kernel_size; k++)
        for (size_t j = 0; j < ct; j++) {
          const int16_t value = weight(c0 + j, k);
          std::memcpy(out, &value, sizeof(value));
          out += sizeof(value);
        }
    }
    for (size_t j = 0; j < ct; j++) {
      const float value = c0 + j < channels ? scales[c0 + j] : 0.0f;
      std::memcpy(out, &value, sizeof(value));
      out += sizeof(value);
    }
  }
}

}  // namespace nnslim::kernels
