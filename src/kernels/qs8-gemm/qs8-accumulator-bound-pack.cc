// The pack-time checks of the *_i8min kernels (qs8-gemm.h,
// qs8-dwconv.h): whether packed weights keep every accumulator within
// |acc * scale| <= 2^21. Run once per plan: compiled for size ("-pack.cc").
#include <cmath>
#include <cstring>

#include "kernels/microparams.h"
#include "kernels/qs8-dwconv/qs8-dwconv.h"
#include "kernels/qs8-gemm/qs8-gemm.h"

namespace nnslim::kernels {

namespace {

// max over channels of (|bias'| + 128 * sum |w|) * |scale| for qs8_packw's
// layout (+inf for a non-finite scale or nr past 64).
double qs8_packw_reach(size_t nr, size_t n, size_t taps, size_t kc, const void* packed) {
  double reach = 0;
  const size_t kp = taps * round_up(kc, kQS8GemmKBlock);
  const char* p = static_cast<const char*>(packed);
  for (size_t n0 = 0; n0 < n; n0 += nr) {
    int32_t bias[64];
    if (nr > 64) return INFINITY;
    std::memcpy(bias, p, nr * sizeof(int32_t));
    const char* weights = p + nr * sizeof(int32_t);
    const char* scales = weights + kp * nr * sizeof(int16_t);
    for (size_t j = 0; j < nr && n0 + j < n; j++) {
      // Pairs of K: [pair][channel][2] int16.
      double sum = 0;
      for (size_t k = 0; k < kp; k++) {
        int16_t w;
        std::memcpy(&w, weights + (((k / 2) * nr + j) * 2 + (k & 1)) * sizeof(int16_t), sizeof(w));
        sum += w < 0 ? -double(w) : double(w);
      }
      float scale;
      std::memcpy(&scale, scales + j * sizeof(float), sizeof(scale));
      const double bound = (std::abs(double(bias[j])) + 128.0 * sum) * std::abs(double(scale));
      if (!(bound <= reach)) reach = std::isnan(bound) ? INFINITY : bound;
    }
    p = scales + nr * sizeof(float);
  }
  return reach;
}

}  // namespace

bool qs8_packw_accumulators_fit(size_t nr, size_t n, size_t taps, size_t kc, const void* packed) {
  return qs8_packw_reach(nr, n, taps, kc, packed) <= 2097152.0;  // 2^21; +inf fails
}

bool qs8_packw_low16_fit(size_t nr, size_t n, size_t taps, size_t kc, const void* packed,
                         int32_t output_zero_point) {
  // |round(f) + zp| <= |f| + 1/2 + |zp|; float(acc) * scale is off from the
  // exact product by under 2^-22 relative, which the +1 covers too.
  const double reach = qs8_packw_reach(nr, n, taps, kc, packed);
  return reach <= 2097152.0 && reach + std::abs(double(output_zero_point)) + 1.0 < 32767.0;
}

void qs8_packw_interleave_halves(size_t n, size_t taps, size_t kc, void* packed) {
  constexpr size_t kSource[8] = {0, 2, 4, 6, 1, 3, 5, 7};
  char* p = static_cast<char*>(packed);
  const size_t groups = qs8_packw_size(8, n, taps, kc) / 32;
  for (size_t g = 0; g < groups; g++, p += 32) {
    char old[32];
    std::memcpy(old, p, sizeof(old));
    for (size_t slot = 0; slot < 8; slot++) std::memcpy(p + slot * 4, old + kSource[slot] * 4, 4);
  }
}

bool qs8_packw_dwconv_accumulators_fit(size_t ct, size_t channels, size_t kernel_size, const void* packed,
                                       QS8DwconvPacking packing) {
  const size_t taps = packing == QS8DwconvPacking::kTapPairs ? round_up(kernel_size, 2) : kernel_size;
  const char* p = static_cast<const char*>(packed);
  for (size_t c0 = 0; c0 < channels; c0 += ct) {
    const char* weights = p + ct * sizeof(int32_t);
    const char* scales = weights + taps * ct * sizeof(int16_t);
    for (size_t j = 0; j < ct && c0 + j < channels; j++) {
      int32_t bias;
      std::memcpy(&bias, p + j * sizeof(int32_t), sizeof(bias));
      double sum = 0;
      for (size_t t = 0; t < taps; t++) {
        // kTaps: [tap][channel]; kTapPairs: [pair][channel][2].
        const size_t index = packing == QS8DwconvPacking::kTapPairs ? ((t / 2) * ct + j) * 2 + (t & 1) : t * ct + j;
        int16_t w;
        std::memcpy(&w, weights + index * sizeof(int16_t), sizeof(w));
        sum += std::abs(double(w));
      }
      float scale;
      std::memcpy(&scale, scales + j * sizeof(float), sizeof(scale));
      const double bound = (std::abs(double(bias)) + 128.0 * sum) * std::abs(double(scale));
      if (!(bound <= 2097152.0)) return false;  // 2^21; NaN fails too
    }
    p = scales + ct * sizeof(float);
  }
  return true;
}

}  // namespace nnslim::kernels
