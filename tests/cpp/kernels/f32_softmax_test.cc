// Softmax kernels: rmax and exp-sum against scalar versions, the full row
// against the double-precision oracle (1e-6 relative).
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "kernel_test_utils.h"
#include "kernels/f32-softmax/f32-softmax.h"

using namespace nnslim::kernels;
using namespace nnslim::kernels::testing;

TEST_CASE("f32 rmax and raddstoreexpminusmax match the scalar kernels", "[kernels][f32-softmax]") {
  std::mt19937 rng(3);
  for (size_t n = 1; n <= 40; n++) {
    INFO("n=" << n);
    const std::vector<float> x = random_floats(n, rng, -20.0f, 20.0f);
    float max_simd, max_scalar;
    f32_rmax_ukernel__wasmsimd(n * sizeof(float), x.data(), &max_simd);
    f32_rmax_ukernel__scalar(n * sizeof(float), x.data(), &max_scalar);
    REQUIRE(max_simd == max_scalar);
    std::vector<float> y_simd(n + 1, std::numeric_limits<float>::quiet_NaN()), y_scalar(n);
    float sum_simd, sum_scalar;
    f32_raddstoreexpminusmax_ukernel__wasmsimd(n * sizeof(float), x.data(), &max_simd, y_simd.data(), &sum_simd);
    f32_raddstoreexpminusmax_ukernel__scalar(n * sizeof(float), x.data(), &max_scalar, y_scalar.data(), &sum_scalar);
    require_close(y_simd.data(), y_scalar.data(), n, 1e-6f, 1e-37f);
    REQUIRE(std::isnan(y_simd[n]));
    REQUIRE(sum_simd == Approx(sum_scalar).epsilon(1e-6));
  }
}

TEST_CASE("f32 softmax row matches the double-precision oracle", "[kernels][f32-softmax]") {
  std::mt19937 rng(4);
  for (size_t n : {1, 2, 3, 5, 8, 13, 24, 1000}) {
    INFO("n=" << n);
    const std::vector<float> x = random_floats(n, rng, -30.0f, 30.0f);
    std::vector<float> want(n), got(n);
    f32_softmax_reference(n, x.data(), want.data());
    f32_softmax_row(n, x.data(), got.data());
    // Float kernels round d = x - max first: exp then carries |d| * 2^-24
    // relative error on top of its own few ulps.
    const float max = *std::max_element(x.begin(), x.end());
    for (size_t i = 0; i < n; i++) {
      const float rtol = 2e-6f + std::fabs(x[i] - max) * 6e-8f;
      INFO("i=" << i << " got " << got[i] << " want " << want[i]);
      REQUIRE(nnslim::test::values_match(got[i], want[i], {rtol, 1e-37}));
    }
  }
  // Huge logits: the max subtraction keeps this finite.
  const std::vector<float> big = {1000.0f, 999.0f, -1000.0f};
  std::vector<float> y(3);
  f32_softmax_row(3, big.data(), y.data());
  REQUIRE(y[0] == Approx(1.0 / (1.0 + std::exp(-1.0))).epsilon(1e-6));
  REQUIRE(y[2] == 0.0f);
}
