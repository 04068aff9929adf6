// See calibration_ranges.h for the methods.
#include "passes/calibration_ranges.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.h"
#include "core/quant_math.h"
#include "kernels/f32-calib/f32-calib.h"

namespace nnslim {

CalibrationMethod parse_calibration_method(const std::string& name) {
  if (name == "minmax") return CalibrationMethod::MinMax;
  if (name == "percentile") return CalibrationMethod::Percentile;
  if (name == "mse") return CalibrationMethod::Mse;
  if (name == "entropy") return CalibrationMethod::Entropy;
  fail(ErrorCode::InvalidArgument, "quantize: calibration.method '", name,
       "' is unknown (expected 'minmax', 'percentile', 'mse' or 'entropy')");
}

// Runs over every activation of every calibration sample (tens of millions
// of values per sample for a detector): the loop is a kernel (kernels/
// f32-calib, compiled for speed), with the extremes in four lanes. Non-finite
// values are skipped. Order does not matter for a min or max of finite
// floats (ties return the same value; -0 vs +0 can only differ in sign,
// which a range does not see).
void RangeObserver::observe_minmax(const float* data, size_t count) {
  constexpr float kInf = std::numeric_limits<float>::infinity();
  float lo[4] = {kInf, kInf, kInf, kInf};
  float hi[4] = {-kInf, -kInf, -kInf, -kInf};
  kernels::f32_calib_minmax(count, data, lo, hi);
  const float low = std::min(std::min(lo[0], lo[1]), std::min(lo[2], lo[3]));
  const float high = std::max(std::max(hi[0], hi[1]), std::max(hi[2], hi[3]));
  if (!(low <= high)) return;  // no finite value
  min_ = seen_ ? std::min(min_, low) : low;
  max_ = seen_ ? std::max(max_, high) : high;
  seen_ = true;
}

void RangeObserver::begin_histograms() {
  values_.assign(kBins, 0.0);
  magnitude_.assign(kBins, 0.0);
}

namespace {
// The width of one of kBins equal bins over [lo, hi], in double: in float,
// hi - lo overflows to infinity for a range wider than FLT_MAX (an
// activation spanning -3e38 .. 3e38), and bins of infinite width put every
// value at NaN or infinity.
inline double bin_width(float lo, float hi) {
  return (static_cast<double>(hi) - static_cast<double>(lo)) / RangeObserver::kBins;
}

}  // namespace

void RangeObserver::observe_histograms(const float* data, size_t count) {
  NNSLIM_CHECK(values_.size() == kBins, "RangeObserver: begin_histograms() was not called");
  const double width = bin_width(min_, max_);
  const float amax = std::max(std::fabs(min_), std::fabs(max_));
  // Bins: kernels::f32_calib_bin (values outside land in the end bins).
  // Exact zeros stay out of the magnitude histogram (kernels/f32-calib).
  kernels::f32_calib_histograms(count, data, min_, width, bin_width(0.f, amax), kBins, values_.data(),
                                magnitude_.data());
}

ValueRange RangeObserver::range(CalibrationMethod method, double percentile, bool symmetric) const {
  if (!seen_ || method == CalibrationMethod::MinMax || !(max_ > min_)) return {min_, max_};
  NNSLIM_CHECK(values_.size() == kBins, "RangeObserver: the histogram pass did not run");
  switch (method) {
    case CalibrationMethod::Percentile: return percentile_range(percentile);
    case CalibrationMethod::Mse: return mse_range(symmetric);
    case CalibrationMethod::Entropy: return entropy_range();
    default: return {min_, max_};
  }
}

ValueRange RangeObserver::percentile_range(double percentile) const {
  double total = 0;
  for (double c : values_) total += c;
  const double tail = total * (100.0 - percentile) / 200.0;  // mass cut at each end
  const double width = bin_width(min_, max_);
  ValueRange r{min_, max_};
  double cumulative = 0;
  for (int b = 0; b < kBins; ++b) {
    cumulative += values_[static_cast<size_t>(b)];
    if (cumulative > tail) {
      r.min = static_cast<float>(min_ + width * b);
      break;
    }
  }
  cumulative = 0;
  for (int b = kBins - 1; b >= 0; --b) {
    cumulative += values_[static_cast<size_t>(b)];
    if (cumulative > tail) {
      r.max = static_cast<float>(min_ + width * (b + 1));
      break;
    }
  }
  r.min = std::max(r.min, min_);
  r.max = std::min(r.max, max_);
  return r;
}

// Expected squared error of fake-quantizing the histogram (bin centers) on
// the grid of `range`.
ValueRange RangeObserver::mse_range(bool symmetric) const {
  const double width = bin_width(min_, max_);
  const QuantRange int8{-128, 127};
  ValueRange best{min_, max_};
  double best_error = std::numeric_limits<double>::infinity();
  for (int step = 0; step < 100; ++step) {
    const float a = 1.f - 0.0095f * static_cast<float>(step);  // 1 .. 0.06
    const ValueRange candidate{min_ * a, max_ * a};
    const ActivationQParams q = activation_qparams(candidate, symmetric);
    double error = 0;
    for (int b = 0; b < kBins; ++b) {
      const double count = values_[static_cast<size_t>(b)];
      if (count == 0) continue;
      const float x = static_cast<float>(min_ + width * (b + 0.5));
      const float e = x - dequantize_value(quantize_value(x, q.scale, q.zero_point, int8), q.scale, q.zero_point);
      error += count * static_cast<double>(e) * e;
    }
    if (error < best_error) {
      best_error = error;
      best = candidate;
    }
  }
  return best;
}

// TensorRT's entropy calibration over the |x| histogram: for each candidate
// threshold bin i (128 levels .. kBins), P = the first i bins with the mass
// beyond added to bin i-1; Q = the first i bins (without that mass) merged
// into 128 levels and spread back evenly over the bins where P is non-empty; pick the i with the
// smallest KL(P || Q). Threshold T = (i + 0.5) * bin width. Candidates every 8 bins.
ValueRange RangeObserver::entropy_range() const {
  constexpr int kLevels = 128;
  const float amax = std::max(std::fabs(min_), std::fabs(max_));
  const double width = bin_width(0.f, amax);
  std::vector<double> suffix(kBins + 1, 0.0);
  for (int b = kBins - 1; b >= 0; --b) suffix[static_cast<size_t>(b)] = suffix[static_cast<size_t>(b) + 1] + magnitude_[static_cast<size_t>(b)];
  if (suffix[0] <= 0) return {min_, max_};
  int best_i = kBins;
  double best_kl = std::numeric_limits<double>::infinity();
  std::vector<double> p, q;
  for (int i = kLevels; i <= kBins; i += 8) {
    p.assign(magnitude_.begin(), magnitude_.begin() + i);
    p[static_cast<size_t>(i) - 1] += suffix[static_cast<size_t>(i)];
    q.assign(static_cast<size_t>(i), 0.0);
    for (int level = 0; level < kLevels; ++level) {
      const int begin = level * i / kLevels, end = (level + 1) * i / kLevels;
      double mass = 0;
      int nonzero = 0;
      for (int b = begin; b < end; ++b) {
        mass += magnitude_[static_cast<size_t>(b)];
        nonzero += p[static_cast<size_t>(b)] > 0;
      }
      for (int b = begin; b < end; ++b)
        if (p[static_cast<size_t>(b)] > 0) q[static_cast<size_t>(b)] = mass / nonzero;
    }
    double p_sum = 0, q_sum = 0;
    for (int b = 0; b < i; ++b) {
      p_sum += p[static_cast<size_t>(b)];
      q_sum += q[static_cast<size_t>(b)];
    }
    if (p_sum <= 0 || q_sum <= 0) continue;
    double kl = 0;
    for (int b = 0; b < i; ++b) {
      const double pb = p[static_cast<size_t>(b)] / p_sum;
      if (pb <= 0) continue;
      // A bin P has but Q lost (the clipped mass moved into bin i-1): a small
      // floor instead of an infinite divergence, as TensorRT's smoothing does.
      const double qb = std::max(q[static_cast<size_t>(b)] / q_sum, 1e-12);
      kl += pb * std::log(pb / qb);
    }
    if (kl < best_kl) {
      best_kl = kl;
      best_i = i;
    }
  }
  const float threshold = static_cast<float>((best_i + 0.5) * width);
  return {std::max(min_, -threshold), std::min(max_, threshold)};
}

}  // namespace nnslim
