// Quantization at the edges of float, both found by the fuzzers:
// - calibration ranges of activations spanning more than FLT_MAX (a model
//   whose values overflow, or calibration samples of huge magnitude): the
//   histogram pass divided by a bin width of infinity, NaN bin indices were
//   cast to int (UB; a trap in wasm);
// - ranges of subnormal width (an activation that is ~0 on the calibration
//   samples): the scale rounded to 0, and the zero point -128 - 0 / 0 (NaN)
//   was cast to int.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "passes/calibration_ranges.h"
#include "passes/quantize_params.h"

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

TEST_CASE("quantization parameters of subnormal ranges and weights are the all-zero grid (scale 1, codes 0)",
          "[quantize]") {
  // Widths whose scale (width / 255 or / 127) is below FLT_MIN, down to the
  // smallest subnormal, where the scale was exactly 0.
  for (float width : {1e-36f, 1e-40f, 1e-45f}) {
    INFO("width " << width);
    for (ValueRange range : {ValueRange{0.f, width}, ValueRange{-width, 0.f}, ValueRange{-width, width}}) {
      for (bool symmetric : {false, true}) {
        const ActivationQParams q = activation_qparams(range, symmetric);
        CHECK(q.scale == 1.f);
        CHECK(q.zero_point == 0);
      }
    }
  }
  // A normal range keeps the header's formulas: [0, 2.55] -> s = 0.01, z = -128.
  const ActivationQParams normal = activation_qparams({0.f, 2.55f}, false);
  CHECK(normal.scale == 2.55f / 255.f);
  CHECK(normal.zero_point == -128);

  // Weights: a channel whose max|w| / 127 is subnormal gets scale 1 and
  // codes 0 (the values it loses are below 1.5e-36); the other channel keeps
  // max|w| / 127 and its codes.
  const TensorPtr weight = Tensor::from_float({1e-40f, -3e-41f, 0.25f, -1.f}, {2, 2});
  const QuantizedWeight q = quantize_weight_symmetric(*weight, 0, 8, {});
  REQUIRE(q.scales.size() == 2);
  CHECK(q.scales[0] == 1.f);
  CHECK(q.scales[1] == 1.f / 127.f);
  const int8_t* codes = q.values->data<int8_t>();
  CHECK(codes[0] == 0);
  CHECK(codes[1] == 0);
  CHECK(codes[2] == 32);  // 0.25 * 127 = 31.75
  CHECK(codes[3] == -127);
}

}  // namespace
}  // namespace nnslim
