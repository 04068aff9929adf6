// See f32-calib.h for the order of every addition.
#include "kernels/f32-calib/f32-calib.h"

#include <cmath>
#include <limits>

// Vectorized but not unrolled or interleaved: unrolling doubled these
// loops' bytes in the shipped module for no measured gain.
#if defined(__clang__)
#define NNSLIM_CALIB_NO_UNROLL _Pragma("clang loop unroll(disable) interleave_count(1)")
#else
#define NNSLIM_CALIB_NO_UNROLL
#endif

namespace nnslim::kernels {

namespace {
constexpr float kHuge = std::numeric_limits<float>::max();
// x, or 0 for a NaN or an infinity (which a sum must not see).
inline double finite_or_zero(float x) { return std::fabs(x) <= kHuge ? x : 0.0; }
}  // namespace

// The extremes stay in locals: updating them through pointers the data may
// alias made every iteration store and reload them.
void f32_calib_minmax(size_t n, const float* x, float* lo_out, float* hi_out) {
  float lo[4] = {lo_out[0], lo_out[1], lo_out[2], lo_out[3]};
  float hi[4] = {hi_out[0], hi_out[1], hi_out[2], hi_out[3]};
  size_t i = 0;
  NNSLIM_CALIB_NO_UNROLL
  for (; i + 4 <= n; i += 4)
    for (size_t lane = 0; lane < 4; ++lane) {
      const float v = x[i + lane];
      const bool finite = std::fabs(v) <= kHuge;
      lo[lane] = finite && v < lo[lane] ? v : lo[lane];
      hi[lane] = finite && v > hi[lane] ? v : hi[lane];
    }
  for (; i < n; ++i) {
    const float v = x[i];
    const bool finite = std::fabs(v) <= kHuge;
    lo[0] = finite && v < lo[0] ? v : lo[0];
    hi[0] = finite && v > hi[0] ? v : hi[0];
  }
  for (int lane = 0; lane < 4; ++lane) {
    lo_out[lane] = lo[lane];
    hi_out[lane] = hi[lane];
  }
}

void f32_calib_channel_sums_nchw(size_t outer, size_t channels, size_t inner, const float* x, double* sums) {
  for (size_t o = 0; o < outer; ++o)
    for (size_t c = 0; c < channels; ++c) {
      const float* row = x + (o * channels + c) * inner;
      double partial[4] = {0, 0, 0, 0};
      size_t i = 0;
      NNSLIM_CALIB_NO_UNROLL
      for (; i + 4 <= inner; i += 4)
        for (size_t lane = 0; lane < 4; ++lane) partial[lane] += finite_or_zero(row[i + lane]);
      for (; i < inner; ++i) partial[0] += finite_or_zero(row[i]);
      sums[c] += (partial[0] + partial[1]) + (partial[2] + partial[3]);
    }
}

void f32_calib_channel_sums_nhwc(size_t outer, size_t channels, size_t inner, const float* x, double* sums,
                                 double* lanes) {
  double* const partial[4] = {lanes, lanes + channels, lanes + 2 * channels, lanes + 3 * channels};
  for (size_t o = 0; o < outer; ++o) {
    NNSLIM_CALIB_NO_UNROLL
    for (size_t k = 0; k < 4 * channels; ++k) lanes[k] = 0.0;
    const float* image = x + o * inner * channels;
    size_t i = 0;
    for (; i + 4 <= inner; i += 4)
      for (size_t lane = 0; lane < 4; ++lane) {
        const float* pixel = image + (i + lane) * channels;
        double* acc = partial[lane];
        NNSLIM_CALIB_NO_UNROLL
        for (size_t c = 0; c < channels; ++c) acc[c] += finite_or_zero(pixel[c]);
      }
    for (; i < inner; ++i) {
      const float* pixel = image + i * channels;
      double* acc = partial[0];
      NNSLIM_CALIB_NO_UNROLL
      for (size_t c = 0; c < channels; ++c) acc[c] += finite_or_zero(pixel[c]);
    }
    NNSLIM_CALIB_NO_UNROLL
    for (size_t c = 0; c < channels; ++c) sums[c] += (partial[0][c] + partial[1][c]) + (partial[2][c] + partial[3][c]);
  }
}

void f32_calib_histograms(size_t n, const float* x, float lo, double width, double magnitude_width, int bins,
                          double* values, double* magnitude) {
  for (size_t i = 0; i < n; ++i) {
    const float v = x[i];
    if (!(std::fabs(v) <= kHuge)) continue;
    values[f32_calib_bin(v, lo, width, bins)] += 1.0;
    // Exact zeros (half of a ReLU output) are exact on every grid: they
    // would only form a spike in bin 0 that makes the coarsest candidate
    // look lossless to the KL search.
    if (v != 0.f) magnitude[f32_calib_bin(std::fabs(v), 0.f, magnitude_width, bins)] += 1.0;
  }
}

}  // namespace nnslim::kernels
