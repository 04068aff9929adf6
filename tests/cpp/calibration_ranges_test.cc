// Calibration ranges at the edge of float: activations spanning more than
// FLT_MAX (a model whose values overflow, or calibration samples of huge
// magnitude). The fuzzers found that the histogram pass divided by a bin
// width of infinity there: NaN bin indices cast to int (UB; a trap in wasm).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "passes/calibration_ranges.h"

namespace nnslim {
namespace {

TEST_CASE("calibration ranges over values spanning more than FLT_MAX are finite and inside the observed range",
          "[quantize]") {
  // 2001 values evenly spread over [-3e38, 3e38] (width 6e38 > FLT_MAX), plus a NaN and an infinity
  // that every method ignores.
  std::vector<float> data;
  for (int i = -1000; i <= 1000; ++i) data.push_back(3e38f * (static_cast<float>(i) / 1000.f));
  data.push_back(std::nanf(""));
  data.push_back(INFINITY);
  RangeObserver o;
  o.observe_minmax(data.data(), data.size());
  o.begin_histograms();
  o.observe_histograms(data.data(), data.size());
  REQUIRE(o.minmax().min == -3e38f);
  REQUIRE(o.minmax().max == 3e38f);

  for (CalibrationMethod method :
       {CalibrationMethod::MinMax, CalibrationMethod::Percentile, CalibrationMethod::Mse, CalibrationMethod::Entropy}) {
    for (bool symmetric : {false, true}) {
      const ValueRange r = o.range(method, 99.0, symmetric);
      INFO("method " << static_cast<int>(method) << " symmetric " << symmetric << ": [" << r.min << ", " << r.max
                     << "]");
      CHECK(std::isfinite(r.min));
      CHECK(std::isfinite(r.max));
      CHECK(r.min >= -3e38f);
      CHECK(r.max <= 3e38f);
      CHECK(r.min < 0.f);
      CHECK(r.max > 0.f);
    }
  }
  // The histogram is the even spread: percentile 99 cuts 0.5 % per side,
  // ~10 of the 2001 values, so the range ends within two bins of the sorted
  // data's 10th value from each end.
  const ValueRange p = o.range(CalibrationMethod::Percentile, 99.0, false);
  std::vector<float> sorted(data.begin(), data.begin() + 2001);
  std::sort(sorted.begin(), sorted.end());
  const double bin = 6e38 / RangeObserver::kBins;
  CHECK(std::fabs(static_cast<double>(p.min) - sorted[10]) <= 2 * bin);
  CHECK(std::fabs(static_cast<double>(p.max) - sorted[sorted.size() - 11]) <= 2 * bin);
}

}  // namespace
}  // namespace nnslim
