// The calibration statistics' per-element loops (passes/calibration_ranges,
// api/calibrator): they run over every activation of every calibration
// sample, so they live with the kernels and are compiled for speed (-O3,
// vectorized by the compiler over independent lanes and channels), while the
// rest of the library is compiled for size (-Oz, no vectorization: BlazeFace's
// statistics took 38 of its 53 ms of CPU per calibration sample so).
//
// Each loop defines its order of floating-point additions (spelled out
// below), so its results are the same bits whatever the compiler makes of
// it: the vectorizer only spreads independent accumulators over lanes.
// Non-finite values (NaN, +-inf) are skipped by min/max and histograms and
// count as 0 in sums. None allocates, throws, or reads outside its arrays.
#pragma once
#include <cstddef>

namespace nnslim::kernels {

// Running extremes of the finite values of x[0..n) in four lanes: x[i] goes
// to lane i % 4 while four values remain, the tail to lane 0. lo/hi hold 4
// floats each and are updated in place (start them at +inf / -inf).
void f32_calib_minmax(size_t n, const float* x, float* lo, float* hi);

// Per-channel sums of x stored NCHW as [outer, channels, inner]: for each
// (o, c), four partial sums over the row's `inner` values (value i to
// partial i % 4 while four remain, the tail to partial 0, in index order),
// then sums[c] += (p0 + p1) + (p2 + p3). Outer rows in order.
void f32_calib_channel_sums_nchw(size_t outer, size_t channels, size_t inner, const float* x, double* sums);

// The same sums, bit for bit, of x stored NHWC as [outer, inner, channels]:
// every partial sum receives the same values in the same order; the walk
// goes pixel by pixel over all channels at once. `lanes`: 4 * channels
// doubles of scratch.
void f32_calib_channel_sums_nhwc(size_t outer, size_t channels, size_t inner, const float* x, double* sums,
                                 double* lanes);

// Histogram bins: of kBins equal bins of `width` from `lo`, the one holding
// x is floor((double(x) - lo) / width) (a double division), clamped to
// [0, bins - 1]; bin 0 when width is not > 0.
inline int f32_calib_bin(float x, float lo, double width, int bins) {
  if (!(width > 0)) return 0;
  const double b = (static_cast<double>(x) - lo) / width;
  return b <= 0 ? 0 : b >= bins - 1 ? bins - 1 : static_cast<int>(b);
}

// For each finite x[i]: values[bin(x, lo, width)] += 1, and when x != 0
// also magnitude[bin(|x|, 0, magnitude_width)] += 1 (`bins` bins each).
void f32_calib_histograms(size_t n, const float* x, float lo, double width, double magnitude_width, int bins,
                          double* values, double* magnitude);

}  // namespace nnslim::kernels
