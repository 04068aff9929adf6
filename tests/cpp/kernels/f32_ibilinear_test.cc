// Resize row kernels: bilinear and nearest NHWC gathers against the scalar
// kernels (and the bilinear one against the plain weighted sum of the four
// corners) on channel counts 1..40 (every tail, 24/12/13), random columns
// (repeated ones too, as at clamped borders), weights in [0, 1], and top ==
// bottom (a row that reads one input row).
#include <limits>
#include <vector>

#include "kernel_test_utils.h"
#include "kernels/f32-ibilinear/f32-ibilinear.h"

using namespace nnslim::kernels;
using namespace nnslim::kernels::testing;

namespace {
struct Row {
  size_t pixels = 7, input_w = 5;
  std::vector<float> top, bottom;
  std::vector<size_t> offsets2, offsets1;
  std::vector<float> weights;
};

Row make_row(size_t channels, std::mt19937& rng) {
  Row r;
  r.top = random_floats(r.input_w * channels, rng, -2.0f, 2.0f);
  r.bottom = random_floats(r.input_w * channels, rng, -2.0f, 2.0f);
  std::uniform_int_distribution<size_t> pick(0, r.input_w - 1);
  for (size_t i = 0; i < 2 * r.pixels; i++) r.offsets2.push_back(pick(rng) * channels);
  for (size_t i = 0; i < r.pixels; i++) r.offsets1.push_back(pick(rng) * channels);
  r.weights = random_floats(r.pixels, rng, 0.0f, 1.0f);
  return r;
}
}  // namespace

TEST_CASE("f32 ibilinear row matches the scalar kernel and the four-corner weighted sum", "[kernels][f32-ibilinear]") {
  std::mt19937 rng(11);
  for (size_t channels = 1; channels <= 40; channels++)
    for (bool same_rows : {false, true}) {
      INFO("channels=" << channels << " same_rows=" << same_rows);
      const Row r = make_row(channels, rng);
      const float* bottom = same_rows ? r.top.data() : r.bottom.data();
      const float alpha_v = 0.375f;
      const size_t n = r.pixels * channels;
      std::vector<float> simd(n + 1, std::numeric_limits<float>::quiet_NaN()), scalar(n), want(n);
      f32_ibilinear_row_ukernel__wasmsimd_c8(r.pixels, channels, r.top.data(), bottom, r.offsets2.data(),
                                             r.weights.data(), alpha_v, simd.data());
      f32_ibilinear_row_ukernel__scalar_c1(r.pixels, channels, r.top.data(), bottom, r.offsets2.data(),
                                           r.weights.data(), alpha_v, scalar.data());
      for (size_t x = 0; x < r.pixels; x++) {
        const double ah = r.weights[x], av = alpha_v;
        for (size_t c = 0; c < channels; c++) {
          const size_t left = r.offsets2[2 * x] + c, right = r.offsets2[2 * x + 1] + c;
          want[x * channels + c] = static_cast<float>((1 - av) * ((1 - ah) * r.top[left] + ah * r.top[right]) +
                                                      av * ((1 - ah) * bottom[left] + ah * bottom[right]));
        }
      }
      require_close(simd.data(), scalar.data(), n, 0.0f, 0.0f);  // same operations, same order
      require_close(scalar.data(), want.data(), n, 1e-5f, 1e-5f);
      REQUIRE(std::isnan(simd[n]));  // nothing written past the row
    }
}

TEST_CASE("f32 inearest row copies the indexed pixels", "[kernels][f32-ibilinear]") {
  std::mt19937 rng(12);
  for (size_t channels = 1; channels <= 40; channels++) {
    INFO("channels=" << channels);
    const Row r = make_row(channels, rng);
    const size_t n = r.pixels * channels;
    std::vector<float> simd(n + 1, std::numeric_limits<float>::quiet_NaN()), scalar(n);
    f32_inearest_row_ukernel__wasmsimd_c8(r.pixels, channels, r.top.data(), r.offsets1.data(), simd.data());
    f32_inearest_row_ukernel__scalar_c1(r.pixels, channels, r.top.data(), r.offsets1.data(), scalar.data());
    for (size_t x = 0; x < r.pixels; x++)
      for (size_t c = 0; c < channels; c++) REQUIRE(simd[x * channels + c] == r.top[r.offsets1[x] + c]);
    require_close(scalar.data(), simd.data(), n, 0.0f, 0.0f);
    REQUIRE(std::isnan(simd[n]));
  }
}
