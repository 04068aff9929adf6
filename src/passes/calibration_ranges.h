// Calibration: the range [min, max] an activation's int8 grid should cover,
// from statistics of the values it took on calibration samples.
//
// Two passes over the samples: the first records min and max; methods other
// than minmax need a second pass that fills two 2048-bin histograms over the
// range the first found (the values, and their magnitudes |x|). Methods:
//   minmax      the observed [min, max]
//   percentile  drops (100 - p)/2 % of the values at each end (p = 99.99:
//               1 in 20000 outliers per side set no range)
//   mse         the range [a*min, a*max], a in (0, 1], whose quantization
//               (rounding + clipping) error over the histogram is smallest
//   entropy     TensorRT's KL calibration: the threshold T whose 128-level
//               quantization of the |x| histogram (clipped at T) loses the
//               least information (KL divergence); range [-T, T] cut to
//               [min, max]. Exact zeros are left out of that histogram.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "passes/quantize_params.h"

namespace nnslim {

enum class CalibrationMethod { MinMax, Percentile, Mse, Entropy };

// "minmax" | "percentile" | "mse" | "entropy"; anything else is an
// INVALID_ARGUMENT Error naming calibration.method.
CalibrationMethod parse_calibration_method(const std::string& name);
inline bool method_needs_histogram(CalibrationMethod m) { return m != CalibrationMethod::MinMax; }

class RangeObserver {
 public:
  static constexpr int kBins = 2048;

  // Pass 1. NaNs and infinities are ignored.
  void observe_minmax(const float* data, size_t count);
  // Pass 2: call begin_histograms() once after pass 1, then observe every sample again.
  void begin_histograms();
  void observe_histograms(const float* data, size_t count);

  bool empty() const { return !seen_; }
  ValueRange minmax() const { return {min_, max_}; }
  // The calibrated range; `percentile` in (0, 100] for Percentile;
  // `symmetric`: the grid that mse evaluates.
  ValueRange range(CalibrationMethod method, double percentile, bool symmetric) const;

 private:
  ValueRange percentile_range(double percentile) const;
  ValueRange mse_range(bool symmetric) const;
  ValueRange entropy_range() const;

  bool seen_ = false;
  float min_ = 0.f, max_ = 0.f;
  std::vector<double> values_;     // kBins bins over [min_, max_]
  std::vector<double> magnitude_;  // kBins bins over [0, max(|min_|, |max_|)]
};

}  // namespace nnslim
