// Unary kernels against the C library (double precision, rounded): every
// length 1..40 for the tails, then a dense sweep of each function's range
// with the runtime's accuracy bound (1e-6 relative).
#include <cmath>
#include <limits>
#include <vector>

#include "kernel_test_utils.h"
#include "kernels/f32-vunary/f32-vunary.h"

using namespace nnslim::kernels;
using namespace nnslim::kernels::testing;

namespace {

// Input range swept for each op (where the function is finite and normal).
void op_range(F32UnaryOp op, float* lo, float* hi) {
  switch (op) {
    case F32UnaryOp::kExp: *lo = -87.0f; *hi = 88.5f; return;
    case F32UnaryOp::kSigmoid: *lo = -80.0f; *hi = 40.0f; return;
    case F32UnaryOp::kSwish: *lo = -80.0f; *hi = 40.0f; return;
    case F32UnaryOp::kTanh: *lo = -12.0f; *hi = 12.0f; return;
    case F32UnaryOp::kGelu: *lo = -9.0f; *hi = 9.0f; return;
    case F32UnaryOp::kSqrt: *lo = 0.0f; *hi = 100.0f; return;
    default: *lo = -10.0f; *hi = 10.0f; return;
  }
}

}  // namespace

TEST_CASE("f32 vunary microkernels match the C library within 1e-6 relative", "[kernels][f32-vunary]") {
  size_t count = 0;
  const F32VunaryUkernelInfo* list = f32_vunary_ukernels(&count);
  REQUIRE(count >= 24);
  const F32UnaryParams params{-0.5f, 2.5f, 0.125f, 0.2f, 0.5f};
  for (size_t i = 0; i < count; i++) {
    float lo, hi;
    op_range(list[i].op, &lo, &hi);
    std::mt19937 rng(11);
    for (size_t n = 1; n <= 40; n++) {
      INFO(list[i].name << " n=" << n);
      const std::vector<float> x = random_floats(n, rng, lo, hi);
      std::vector<float> want(n), got(n + 1, std::numeric_limits<float>::quiet_NaN());
      for (size_t j = 0; j < n; j++) want[j] = f32_unary_reference(list[i].op, x[j], params);
      list[i].fn(n * sizeof(float), x.data(), got.data(), &params);
      require_close(got.data(), want.data(), n, 1e-6f, 1e-37f);
      REQUIRE(std::isnan(got[n]));
    }
    // Dense sweep, including tiny arguments (relative accuracy near 0).
    std::vector<float> x;
    for (int j = 0; j <= 20000; j++) x.push_back(lo + (hi - lo) * static_cast<float>(j) / 20000.0f);
    for (float t : {1e-30f, 1e-7f, 3e-4f, 0.01f}) {
      if (t >= lo && t <= hi) x.push_back(t);
      if (-t >= lo && -t <= hi) x.push_back(-t);
    }
    std::vector<float> want(x.size()), got(x.size());
    for (size_t j = 0; j < x.size(); j++) want[j] = f32_unary_reference(list[i].op, x[j], params);
    INFO(list[i].name << " sweep [" << lo << ", " << hi << "]");
    list[i].fn(x.size() * sizeof(float), x.data(), got.data(), &params);
    require_close(got.data(), want.data(), x.size(), 1e-6f, 1e-37f);
  }
}

TEST_CASE("f32 vexp/vsigmoid/vtanh saturate correctly", "[kernels][f32-vunary]") {
  const float inf = std::numeric_limits<float>::infinity();
  const std::vector<float> x = {-1000.0f, -104.0f, -90.0f, 89.0f, 1000.0f, 0.0f, -0.0f};
  std::vector<float> y(x.size());
  const F32UnaryParams params{0, 0, 0, 0, 0};
  f32_vexp_ukernel__wasmsimd_x8(x.size() * sizeof(float), x.data(), y.data(), &params);
  CHECK(y[0] == 0.0f);
  CHECK(y[1] == 0.0f);
  CHECK(y[2] == Approx(static_cast<float>(std::exp(-90.0))).epsilon(1e-3));  // subnormal
  CHECK(y[3] == inf);
  CHECK(y[4] == inf);
  CHECK(y[5] == 1.0f);
  f32_vsigmoid_ukernel__wasmsimd_x8(x.size() * sizeof(float), x.data(), y.data(), &params);
  CHECK(y[0] == 0.0f);
  CHECK(y[4] == 1.0f);
  CHECK(y[5] == 0.5f);
  f32_vtanh_ukernel__wasmsimd_x8(x.size() * sizeof(float), x.data(), y.data(), &params);
  CHECK(y[0] == -1.0f);
  CHECK(y[4] == 1.0f);
  CHECK(y[5] == 0.0f);
  CHECK(std::signbit(y[6]));
}
