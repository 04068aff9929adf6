// RangeObserver::observe_minmax keeps its extremes in four lanes: checked
// against a one-value-at-a-time oracle on sizes around the lane count, with
// NaN and infinities (skipped) at every position, over several calls.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "passes/calibration_ranges.h"

namespace {

struct Extremes {
  bool seen = false;
  float min = 0.f, max = 0.f;
};

// The definition: the smallest and largest finite value seen.
void oracle_observe(Extremes& e, const std::vector<float>& values) {
  for (float x : values) {
    if (!std::isfinite(x)) continue;
    if (!e.seen || x < e.min) e.min = x;
    if (!e.seen || x > e.max) e.max = x;
    e.seen = true;
  }
}

}  // namespace

TEST_CASE("calibration minmax: lanes and tails match the oracle; NaN and infinities are skipped", "[quantize][calibration]") {
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> uniform(-3.f, 5.f);
  for (size_t size : {0u, 1u, 2u, 3u, 4u, 5u, 7u, 8u, 9u, 13u, 1027u}) {
    for (int special = 0; special < 4; ++special) {
      nnslim::RangeObserver observer;
      Extremes expected;
      // Three calls: the extremes must carry over between them.
      for (int call = 0; call < 3; ++call) {
        std::vector<float> values(size);
        for (float& v : values) v = uniform(rng) * static_cast<float>(call + 1);
        // Non-finite values at the front, the lane ends and the tail.
        const float specials[] = {nan, inf, -inf, -nan};
        for (size_t i = 0; i < size; i += 3) if ((i + static_cast<size_t>(special)) % 2 == 0) values[i] = specials[(i / 3) % 4];
        if (size > 0) values[size - 1] = specials[static_cast<size_t>(special)];
        observer.observe_minmax(values.data(), values.size());
        oracle_observe(expected, values);
        INFO("size " << size << ", pattern " << special << ", call " << call);
        REQUIRE(observer.empty() == !expected.seen);
        if (expected.seen) {
          CHECK(observer.minmax().min == expected.min);
          CHECK(observer.minmax().max == expected.max);
        }
      }
    }
  }
  SECTION("only non-finite values: nothing seen") {
    nnslim::RangeObserver observer;
    const std::vector<float> values{nan, inf, -inf, nan, nan};
    observer.observe_minmax(values.data(), values.size());
    CHECK(observer.empty());
  }
}
