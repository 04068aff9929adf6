// Resize kernels: bilinear and nearest NHWC gathers against the scalar
// kernels (and the bilinear one against the plain weighted sum of the four
// corners) on channel counts 1..40 (every tail, 24/12/13), random corners
// (repeated corners too, as at clamped borders) and weights in [0, 1].
#include <limits>
#include <vector>

#include "kernel_test_utils.h"
#include "kernels/f32-ibilinear/f32-ibilinear.h"

using namespace nnslim::kernels;
using namespace nnslim::kernels::testing;

namespace {
struct Case {
  size_t pixels = 7, input_pixels = 5;
  std::vector<float> input;
  std::vector<size_t> offsets4, offsets1;
  std::vector<float> weights;
};

Case make_case(size_t channels, std::mt19937& rng) {
  Case k;
  k.input = random_floats(k.input_pixels * channels, rng, -2.0f, 2.0f);
  std::uniform_int_distribution<size_t> pick(0, k.input_pixels - 1);
  for (size_t i = 0; i < 4 * k.pixels; i++) k.offsets4.push_back(pick(rng) * channels);
  for (size_t i = 0; i < k.pixels; i++) k.offsets1.push_back(pick(rng) * channels);
  k.weights = random_floats(2 * k.pixels, rng, 0.0f, 1.0f);
  return k;
}
}  // namespace

TEST_CASE("f32 ibilinear matches the scalar kernel and the four-corner weighted sum", "[kernels][f32-ibilinear]") {
  std::mt19937 rng(11);
  for (size_t channels = 1; channels <= 40; channels++) {
    INFO("channels=" << channels);
    const Case k = make_case(channels, rng);
    const size_t n = k.pixels * channels;
    std::vector<float> simd(n + 1, std::numeric_limits<float>::quiet_NaN()), scalar(n), want(n);
    f32_ibilinear_ukernel__wasmsimd_c8(k.pixels, channels, k.input.data(), k.offsets4.data(), k.weights.data(),
                                       simd.data());
    f32_ibilinear_ukernel__scalar_c1(k.pixels, channels, k.input.data(), k.offsets4.data(), k.weights.data(),
                                     scalar.data());
    for (size_t p = 0; p < k.pixels; p++) {
      const double ah = k.weights[2 * p], av = k.weights[2 * p + 1];
      const double corner_weight[4] = {(1 - ah) * (1 - av), ah * (1 - av), (1 - ah) * av, ah * av};
      for (size_t c = 0; c < channels; c++) {
        double sum = 0;
        for (int q = 0; q < 4; q++) sum += corner_weight[q] * k.input[k.offsets4[4 * p + q] + c];
        want[p * channels + c] = static_cast<float>(sum);
      }
    }
    require_close(simd.data(), scalar.data(), n, 0.0f, 0.0f);  // same operations, same order
    require_close(scalar.data(), want.data(), n, 1e-5f, 1e-5f);
    REQUIRE(std::isnan(simd[n]));
  }
}

TEST_CASE("f32 inearest copies the indexed pixels", "[kernels][f32-ibilinear]") {
  std::mt19937 rng(12);
  for (size_t channels = 1; channels <= 40; channels++) {
    INFO("channels=" << channels);
    const Case k = make_case(channels, rng);
    const size_t n = k.pixels * channels;
    std::vector<float> simd(n + 1, std::numeric_limits<float>::quiet_NaN()), scalar(n);
    f32_inearest_ukernel__wasmsimd_c8(k.pixels, channels, k.input.data(), k.offsets1.data(), simd.data());
    f32_inearest_ukernel__scalar_c1(k.pixels, channels, k.input.data(), k.offsets1.data(), scalar.data());
    for (size_t p = 0; p < k.pixels; p++)
      for (size_t c = 0; c < channels; c++) REQUIRE(simd[p * channels + c] == k.input[k.offsets1[p] + c]);
    require_close(scalar.data(), simd.data(), n, 0.0f, 0.0f);
    REQUIRE(std::isnan(simd[n]));
  }
}
