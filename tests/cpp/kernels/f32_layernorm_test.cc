// Layer-norm kernels: stats and apply against the scalar kernels on every
// length 1..40 (all tails) plus 24/13/1000, and whole rows against the
// double-precision oracle, with and without bias.
#include <cmath>
#include <limits>
#include <vector>

#include "kernel_test_utils.h"
#include "kernels/f32-layernorm/f32-layernorm.h"

using namespace nnslim::kernels;
using namespace nnslim::kernels::testing;

namespace {
std::vector<size_t> awkward_lengths() {
  std::vector<size_t> lengths;
  for (size_t n = 1; n <= 40; n++) lengths.push_back(n);
  lengths.push_back(1000);
  return lengths;
}
}  // namespace

TEST_CASE("f32 layernorm stats match the scalar kernel", "[kernels][f32-layernorm]") {
  std::mt19937 rng(7);
  for (size_t n : awkward_lengths()) {
    INFO("n=" << n);
    // An offset mean: the two-pass variance must not lose it to cancellation.
    const std::vector<float> x = random_floats(n, rng, 99.0f, 101.0f);
    float mean_simd, var_simd, mean_scalar, var_scalar;
    f32_layernorm_stats_ukernel__wasmsimd(n, x.data(), &mean_simd, &var_simd);
    f32_layernorm_stats_ukernel__scalar(n, x.data(), &mean_scalar, &var_scalar);
    REQUIRE(mean_simd == Approx(mean_scalar).epsilon(1e-6));
    REQUIRE(var_simd == Approx(var_scalar).epsilon(1e-4).margin(1e-7));
  }
}

TEST_CASE("f32 layernorm apply matches the scalar kernel, with and without bias", "[kernels][f32-layernorm]") {
  std::mt19937 rng(8);
  for (size_t n : awkward_lengths())
    for (bool with_bias : {true, false}) {
      INFO("n=" << n << " bias=" << with_bias);
      const std::vector<float> x = random_floats(n, rng, -3.0f, 3.0f);
      const std::vector<float> scale = random_floats(n, rng), bias = random_floats(n, rng);
      std::vector<float> y_simd(n + 1, std::numeric_limits<float>::quiet_NaN()), y_scalar(n);
      const float* b = with_bias ? bias.data() : nullptr;
      f32_layernorm_apply_ukernel__wasmsimd_x8(n, x.data(), 0.25f, 1.5f, scale.data(), b, y_simd.data());
      f32_layernorm_apply_ukernel__scalar(n, x.data(), 0.25f, 1.5f, scale.data(), b, y_scalar.data());
      require_close(y_simd.data(), y_scalar.data(), n, 1e-6f, 1e-7f);
      REQUIRE(std::isnan(y_simd[n]));  // nothing written past the row
    }
}

TEST_CASE("f32 layernorm row matches the double-precision oracle (in place too)", "[kernels][f32-layernorm]") {
  std::mt19937 rng(9);
  for (size_t n : {1, 2, 3, 5, 8, 12, 13, 24, 768, 1000})
    for (float epsilon : {1e-5f, 1e-2f}) {
      INFO("n=" << n << " epsilon=" << epsilon);
      std::vector<float> x = random_floats(n, rng, -4.0f, 6.0f);
      const std::vector<float> scale = random_floats(n, rng), bias = random_floats(n, rng);
      std::vector<float> want(n), got(n);
      float want_mean, want_inv_std, got_mean, got_inv_std;
      f32_layernorm_reference(n, x.data(), scale.data(), bias.data(), epsilon, want.data(), &want_mean, &want_inv_std);
      f32_layernorm_row(n, x.data(), scale.data(), bias.data(), epsilon, got.data(), &got_mean, &got_inv_std);
      require_close(got.data(), want.data(), n, 1e-5f, 1e-5f);
      REQUIRE(got_mean == Approx(want_mean).epsilon(1e-5).margin(1e-6));
      REQUIRE(got_inv_std == Approx(want_inv_std).epsilon(1e-5));
      f32_layernorm_row(n, x.data(), scale.data(), nullptr, epsilon, x.data(), nullptr, nullptr);  // y = x
      for (size_t i = 0; i < n; i++) want[i] -= bias[i];
      require_close(x.data(), want.data(), n, 1e-5f, 2e-5f);
    }
}
