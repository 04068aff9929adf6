// The pack-time checks of the *_i8min kernels (qs8-gemm.h,
// qs8-dwconv.h): whether packed weights keep every accumulator within
// |acc * scale| <= 2^21. Run once per plan: compiled for size ("-pack.cc").
#include <cassert>
#include <cmath>
#include <cstring>

#include "kernels/microparams.h"
#include "kernels/qs8-dwconv/qs8-dwconv.h"
#include "kernels/qs8-gemm/qs8-gemm.h"

namespace nnslim::kernels {

bool qs8_packw_accumulators_fit(size_t nr, size_t n, size_t taps, size_t kc, const void* packed) {
  const size_t kp = taps * round_up(kc, kQS8GemmKBlock);
  const char* p = static_cast<const char*>(packed);
  for (size_t n0 = 0; n0 < n; n0 += nr) {
    int32_t bias[64];
    if (nr > 64) return false;
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
      if (!(bound <= 2097152.0)) return false;  // 2^21; NaN fails too
    }
    p = scales + nr * sizeof(float);
  }
  return true;
}

bool qs8_packw_dwconv_accumulators_fit(size_t ct, size_t channels, size_t kernel_size, const void* packed,
                                       QS8DwconvPacking packing) {
  // kTapPairs3x3Cols reorders the taps: qs8_packw_dwconv_fits reads it as
  // the 10-tap kTapPairs layout; read here as kTaps it would misplace scales.
  assert(packing != QS8DwconvPacking::kTapPairs3x3Cols);
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
