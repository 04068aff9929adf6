// Per-channel affine kernels (BatchNormalization's inference form) against
// their scalar oracles: channel counts around the 8- and 4-wide steps (1..20,
// 3, 5, 13 included), several rows, an active clamp and none, in place, and
// NaN passing through the clamp.
#include <cmath>
#include <limits>
#include <vector>

#include "kernel_test_utils.h"
#include "kernels/f32-vaffine/f32-vaffine.h"

using namespace nnslim::kernels;
using namespace nnslim::kernels::testing;

namespace {
const float kNaN = std::numeric_limits<float>::quiet_NaN();
}

TEST_CASE("f32 vaffinec (channels-last rows) matches its scalar oracle", "[kernels][f32-vaffine]") {
  std::mt19937 rng(5);
  for (size_t channels = 1; channels <= 20; ++channels)
    for (size_t rows : {1, 2, 7}) {
      const std::vector<float> x = random_floats(rows * channels, rng, -3.0f, 3.0f);
      const std::vector<float> scale = random_floats(channels, rng, -2.0f, 2.0f);
      const std::vector<float> shift = random_floats(channels, rng, -1.0f, 1.0f);
      std::vector<float> unclamped(x.size());
      const F32MinMaxParams none = f32_minmax_none();
      f32_vaffinec_ukernel__scalar_x1(rows, channels, x.data(), scale.data(), shift.data(), unclamped.data(), &none);
      const ClampRange range = active_clamp(unclamped);
      for (const F32MinMaxParams& clamp : {none, f32_minmax(range.min, range.max)}) {
        INFO("channels=" << channels << " rows=" << rows << " clamp [" << clamp.min << ", " << clamp.max << "]");
        std::vector<float> want(x.size()), got(x.size() + 1, kNaN);
        f32_vaffinec_ukernel__scalar_x1(rows, channels, x.data(), scale.data(), shift.data(), want.data(), &clamp);
        f32_vaffinec_ukernel__wasmsimd_x8(rows, channels, x.data(), scale.data(), shift.data(), got.data(), &clamp);
        require_close(got.data(), want.data(), x.size(), 1e-6f, 1e-6f);
        REQUIRE(std::isnan(got[x.size()]));
        std::vector<float> in_place = x;
        f32_vaffinec_ukernel__wasmsimd_x8(rows, channels, in_place.data(), scale.data(), shift.data(), in_place.data(),
                                          &clamp);
        require_close(in_place.data(), want.data(), x.size(), 1e-6f, 1e-6f);
      }
    }
}

TEST_CASE("f32 vaffines (one channel plane) matches its scalar oracle", "[kernels][f32-vaffine]") {
  std::mt19937 rng(6);
  for (size_t n = 1; n <= 40; ++n) {
    const std::vector<float> x = random_floats(n, rng, -3.0f, 3.0f);
    const float scale = -1.75f, shift = 0.3125f;
    for (const F32MinMaxParams& clamp : {f32_minmax_none(), f32_minmax_relu(), f32_minmax_relu6()}) {
      INFO("n=" << n << " clamp [" << clamp.min << ", " << clamp.max << "]");
      std::vector<float> want(n), got(n + 1, kNaN);
      f32_vaffines_ukernel__scalar_x1(n * sizeof(float), x.data(), scale, shift, want.data(), &clamp);
      f32_vaffines_ukernel__wasmsimd_x8(n * sizeof(float), x.data(), scale, shift, got.data(), &clamp);
      require_close(got.data(), want.data(), n, 1e-6f, 1e-6f);
      REQUIRE(std::isnan(got[n]));
      // The oracle itself against the formula in double.
      for (size_t i = 0; i < n; ++i) {
        const double y = std::min<double>(std::max<double>(double(x[i]) * scale + shift, clamp.min), clamp.max);
        CHECK(std::fabs(want[i] - y) <= 1e-6 * std::max(1.0, std::fabs(y)));
      }
    }
  }
}

TEST_CASE("f32 vaffine: a NaN input stays NaN through the clamp", "[kernels][f32-vaffine]") {
  const std::vector<float> x = {kNaN, 1.0f, -1.0f, kNaN, 2.0f, kNaN, 0.5f};
  const std::vector<float> scale = {2.0f, 2.0f, 2.0f, 2.0f, 2.0f, 2.0f, 2.0f};
  const std::vector<float> shift(7, 0.0f);
  const F32MinMaxParams relu6 = f32_minmax_relu6();
  std::vector<float> y(x.size());
  for (int simd = 0; simd < 2; ++simd) {
    INFO((simd ? "wasmsimd" : "scalar"));
    if (simd)
      f32_vaffinec_ukernel__wasmsimd_x8(1, x.size(), x.data(), scale.data(), shift.data(), y.data(), &relu6);
    else
      f32_vaffinec_ukernel__scalar_x1(1, x.size(), x.data(), scale.data(), shift.data(), y.data(), &relu6);
    CHECK(std::isnan(y[0]));
    CHECK(y[1] == 2.0f);
    CHECK(y[2] == 0.0f);
    CHECK(std::isnan(y[3]));
    CHECK(y[4] == 4.0f);
    CHECK(std::isnan(y[5]));
    if (simd)
      f32_vaffines_ukernel__wasmsimd_x8(x.size() * sizeof(float), x.data(), 4.0f, 0.0f, y.data(), &relu6);
    else
      f32_vaffines_ukernel__scalar_x1(x.size() * sizeof(float), x.data(), 4.0f, 0.0f, y.data(), &relu6);
    CHECK(std::isnan(y[0]));
    CHECK(y[4] == 6.0f);
    CHECK(std::isnan(y[5]));
    CHECK(y[6] == 2.0f);
  }
}
