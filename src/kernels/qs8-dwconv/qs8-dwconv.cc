#include "kernels/qs8-dwconv/qs8-dwconv.h"

#include <cassert>
#include <cstring>
#include <vector>

#include "kernels/microparams.h"

namespace nnslim::kernels {

const QS8DwconvUkernelInfo* qs8_dwconv_ukernels(size_t* count) {
  static const QS8DwconvUkernelInfo list[] = {
#define NNSLIM_QS8_DWCONV_UKERNEL(ct, packing, fn) {#fn, ct, QS8DwconvPacking::packing, fn},
#include "kernels/qs8-dwconv/qs8-dwconv-wasmsimd.inc"
#undef NNSLIM_QS8_DWCONV_UKERNEL
  };
  *count = sizeof(list) / sizeof(list[0]);
  return list;
}

const QS8DwconvUkernelInfo* qs8_dwconv_9p_ukernels(size_t* count) {
  static const QS8DwconvUkernelInfo list[] = {
      {"qs8_dwconv_minmax_fp32_ukernel_9p16c__wasmsimd_dot16x2_2px", 16, QS8DwconvPacking::kTapPairs,
       qs8_dwconv_minmax_fp32_ukernel_9p16c__wasmsimd_dot16x2_2px},
      {"qs8_dwconv_minmax_fp32_ukernel_9p16c__wasmsimd_dot16x2_1px", 16, QS8DwconvPacking::kTapPairs,
       qs8_dwconv_minmax_fp32_ukernel_9p16c__wasmsimd_dot16x2_1px},
      {"qs8_dwconv_minmax_fp32_ukernel_9p8c__wasmsimd_dot16x2_cols", 8, QS8DwconvPacking::kTapPairs3x3Cols,
       qs8_dwconv_minmax_fp32_ukernel_9p8c__wasmsimd_dot16x2_cols},
  };
  *count = sizeof(list) / sizeof(list[0]);
  return list;
}

namespace {

size_t packed_taps(size_t kernel_size, QS8DwconvPacking packing) {
  return packing != QS8DwconvPacking::kTaps ? round_up(kernel_size, 2) : kernel_size;
}

// kTapPairs3x3Cols: the 3x3 taps t = 3 ky + kx reordered into the pairs
// (0,3) (1,4) (2,5) (6,7) and (7,8) with a zero weight for tap 7, i.e. a
// 10-tap kTapPairs kernel (qs8-dwconv-3x3-cols-wasmsimd.h says why).
constexpr int kColsTapOrder[10] = {0, 3, 1, 4, 2, 5, 6, 7, -1, 8};

}  // namespace

size_t qs8_packw_dwconv_size(size_t ct, size_t channels, size_t kernel_size, QS8DwconvPacking packing) {
  return round_up(channels, ct) * (sizeof(int32_t) + packed_taps(kernel_size, packing) * sizeof(int16_t) + sizeof(float));
}

void qs8_packw_dwconv(size_t ct, size_t channels, size_t kernel_size, const int8_t* w, const int32_t* bias,
                      const float* scales, int32_t x_zero_point, void* packed, QS8DwconvPacking packing) {
  if (packing == QS8DwconvPacking::kTapPairs3x3Cols) {
    assert(kernel_size == 9);
    std::vector<int8_t> reordered(channels * 10);
    for (size_t c = 0; c < channels; c++)
      for (size_t i = 0; i < 10; i++)
        reordered[c * 10 + i] = kColsTapOrder[i] < 0 ? int8_t{0} : w[c * 9 + static_cast<size_t>(kColsTapOrder[i])];
    qs8_packw_dwconv(ct, channels, 10, reordered.data(), bias, scales, x_zero_point, packed,
                     QS8DwconvPacking::kTapPairs);
    return;
  }
  // Weight of channel c at tap k (0 for the padding tap and channels).
  auto weight = [&](size_t c, size_t k) -> int16_t {
    return c < channels && k < kernel_size ? w[c * kernel_size + k] : 0;
  };
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
    if (packing == QS8DwconvPacking::kTapPairs) {
      for (size_t k = 0; k < kernel_size; k += 2)
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
