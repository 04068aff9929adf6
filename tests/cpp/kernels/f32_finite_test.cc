// f32_all_finite: the wasm SIMD scan against the scalar reference and against
// std::isfinite, on every length around the 16- and 4-wide steps, with a NaN,
// +inf or -inf planted at every position, and on the finite extremes (-0,
// the smallest subnormal, FLT_MAX) that must not count as non-finite.
#include <cmath>
#include <limits>
#include <vector>

#include "kernel_test_utils.h"
#include "kernels/f32-finite/f32-finite.h"

using namespace nnslim::kernels;
using namespace nnslim::kernels::testing;

namespace {

bool all_finite_oracle(const std::vector<float>& x, size_t offset, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (!std::isfinite(x[offset + i])) return false;
  return true;
}

}  // namespace

TEST_CASE("f32_all_finite: finite blocks of every length, then one special at each position", "[kernels][f32-finite]") {
  std::mt19937 rng(5);
  const float specials[] = {std::numeric_limits<float>::quiet_NaN(), -std::numeric_limits<float>::quiet_NaN(),
                            std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity()};
  const float finite_extremes[] = {-0.f, std::numeric_limits<float>::denorm_min(), std::numeric_limits<float>::max(),
                                   -std::numeric_limits<float>::max()};
  for (size_t offset : {0, 1, 3}) {  // unaligned starts
    for (size_t n = 0; n <= 70; ++n) {
      INFO("n=" << n << " offset=" << offset);
      std::vector<float> x = random_floats(n + offset + 5, rng);
      // Non-finite values outside [offset, offset + n) must not be read.
      for (size_t i = 0; i < offset; ++i) x[i] = specials[0];
      for (size_t i = offset + n; i < x.size(); ++i) x[i] = specials[2];
      for (size_t i = 0; i < n; i += 7) x[offset + i] = finite_extremes[i % 4];
      REQUIRE(all_finite_oracle(x, offset, n));
      CHECK(f32_all_finite__scalar(n, x.data() + offset));
      CHECK(f32_all_finite__wasmsimd(n, x.data() + offset));
      for (size_t pos = 0; pos < n; ++pos) {
        const float kept = x[offset + pos];
        x[offset + pos] = specials[pos % 4];
        INFO("special " << x[offset + pos] << " at " << pos);
        REQUIRE_FALSE(all_finite_oracle(x, offset, n));
        CHECK_FALSE(f32_all_finite__scalar(n, x.data() + offset));
        CHECK_FALSE(f32_all_finite__wasmsimd(n, x.data() + offset));
        x[offset + pos] = kept;
      }
    }
  }
}
