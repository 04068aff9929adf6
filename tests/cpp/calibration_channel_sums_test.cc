// The calibrator's per-channel means (bias correction's input) sum each
// channel's row in four partial sums: checked against a one-value-at-a-time
// double-precision oracle on rows of 1..13 and 1027 values (every tail of
// the four lanes), with NaN and infinities (counted, summed as 0) at each
// lane position and at the row's end, over three samples of a batch of 2.
// The order of the additions changed, so the match is within a tolerance.
#include <catch2/catch.hpp>

#include <limits>
#include <map>
#include <vector>

#include "api/calibrator.h"
#include "numeric_match.h"
#include "ops_test_util.h"
#include "session_test_util.h"

using namespace nnslim;
using namespace nnslim::test;

namespace {

constexpr int64_t kBatch = 2, kChannels = 3;

// x [2, 3, 1, width] -> Conv 1x1 (4 filters): x is an observed activation
// (the Conv's input), its values are the sample's own.
Graph conv_over(int64_t width) {
  OpGraph g;
  g.input("x", {kBatch, kChannels, 1, width})
      .tensor("w", random_tensor({4, kChannels, 1, 1}, 3, 0.5f))
      .node("Conv", {"x", "w"}, {"y"}, {}, "conv");
  g.graph.outputs = {g.graph.find_value("y")};
  g.infer();
  return g.graph;
}

// The definition: per channel, the sum of its finite values over every
// sample and batch row, divided by all the values it held (a NaN or an
// infinity counts as a 0).
struct ChannelMeanOracle {
  std::vector<double> sums = std::vector<double>(kChannels, 0.0);
  double count = 0;
  void add(const Tensor& x, int64_t width) {
    const float* v = x.data<float>();
    for (int64_t n = 0; n < kBatch; ++n)
      for (int64_t c = 0; c < kChannels; ++c)
        for (int64_t i = 0; i < width; ++i) {
          const float value = v[(n * kChannels + c) * width + i];
          if (std::isfinite(value)) sums[static_cast<size_t>(c)] += value;
        }
    count += static_cast<double>(kBatch * width);
  }
};

}  // namespace

TEST_CASE("calibration channel means: lanes and tails match a one-value oracle; NaN and infinities add 0",
          "[quantize][calibration]") {
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float specials[] = {nan, inf, -inf, -nan};
  for (int64_t width : {1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 1027}) {
    for (int lane = 0; lane < 4; ++lane) {
      const Graph prepared = prepare_for_quantization(conv_over(width), QuantizeOptions{});
      Calibrator calibrator(prepared, false);
      calibrator.begin_pass(0);
      ChannelMeanOracle oracle;
      for (uint64_t sample = 0; sample < 3; ++sample) {
        TensorPtr x = random_tensor({kBatch, kChannels, 1, width}, 100 + sample, 2.f + static_cast<float>(sample));
        float* v = x->data<float>();
        // Per row: a non-finite value at lane position `lane` of every group
        // of four (channel 0 of batch row 0 keeps its values: one clean
        // row), and the last value of channel 2's rows.
        for (int64_t row = 1; row < kBatch * kChannels; ++row)
          for (int64_t i = lane; i < width; i += 4) v[row * width + i] = specials[(row + i) % 4];
        for (int64_t n = 0; n < kBatch; ++n) v[(n * kChannels + 2) * width + width - 1] = specials[lane];
        calibrator.observe({{"x", x}});
        oracle.add(*x, width);
      }
      const std::map<std::string, std::vector<float>> means = calibrator.channel_means();
      INFO("width " << width << ", lane " << lane);
      REQUIRE(means.count("x") == 1);
      const std::vector<float>& got = means.at("x");
      REQUIRE(got.size() == static_cast<size_t>(kChannels));
      for (size_t c = 0; c < got.size(); ++c) {
        INFO("channel " << c);
        CHECK(values_match(static_cast<double>(got[c]), oracle.sums[c] / oracle.count, Tolerance{1e-6, 1e-7}));
      }
    }
  }
}
