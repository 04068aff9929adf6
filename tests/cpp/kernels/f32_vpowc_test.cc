// Power-by-constant kernels against the C library's pow in double, rounded
// (f32_powc_reference, what the reference executor computes): every length
// 1..40 for the tails, negative bases (a sign for odd integer exponents, NaN
// for fractional ones), and pow's special values (NaN, +-0, +-inf, x^0.5 at
// -0 and -inf).
#include <cmath>
#include <limits>
#include <vector>

#include "kernel_test_utils.h"
#include "kernels/f32-vpowc/f32-vpowc.h"

using namespace nnslim::kernels;
using namespace nnslim::kernels::testing;

namespace {

const float kInf = std::numeric_limits<float>::infinity();
const float kNaN = std::numeric_limits<float>::quiet_NaN();

// The exponents each kernel is tested with (kAny: integer, fractional,
// negative, odd and even).
std::vector<float> exponents_of(F32PowcOp op) {
  switch (op) {
    case F32PowcOp::kSquare: return {2.0f};
    case F32PowcOp::kCube: return {3.0f};
    case F32PowcOp::kReciprocal: return {-1.0f};
    case F32PowcOp::kSqrt: return {0.5f};
    case F32PowcOp::kAny: return {2.0f, 3.0f, -2.0f, 5.0f, 1.5f, 0.3f, -0.5f, -3.0f, 1.0f, 0.0f};
  }
  return {};
}

std::vector<float> special_values() {
  return {kNaN, -kNaN, kInf, -kInf, 0.0f, -0.0f, 1.0f, -1.0f, -2.0f, 2.0f, 0.5f, -0.5f,
          1e-20f, -1e-20f, 3e19f, -3e19f, 1e-40f /* subnormal */, -7.25f, 1e10f};
}

}  // namespace

TEST_CASE("f32 vpowc microkernels match pow in double on every tail and on negative bases", "[kernels][f32-vpowc]") {
  size_t count = 0;
  const F32VpowcUkernelInfo* list = f32_vpowc_ukernels(&count);
  REQUIRE(count == 9);
  for (size_t i = 0; i < count; i++)
    for (float e : exponents_of(list[i].op)) {
      const F32PowcParams params{e};
      std::mt19937 rng(17);
      for (size_t n = 1; n <= 40; n++) {
        INFO(list[i].name << " e=" << e << " n=" << n);
        const std::vector<float> x = random_floats(n, rng, -4.0f, 4.0f);
        std::vector<float> want(n), got(n + 1, kNaN);
        for (size_t j = 0; j < n; j++) want[j] = f32_powc_reference(x[j], e);
        list[i].fn(n * sizeof(float), x.data(), got.data(), &params);
        // x^3 as x * x * x rounds twice (<= 2 ulp); the others are within 1 ulp.
        require_close(got.data(), want.data(), n, 3e-7f, 1e-37f);
        REQUIRE(std::isnan(got[n]));  // nothing written past the end
      }
      const std::vector<float> x = special_values();
      std::vector<float> want(x.size()), got(x.size());
      for (size_t j = 0; j < x.size(); j++) want[j] = f32_powc_reference(x[j], e);
      INFO(list[i].name << " e=" << e << " special values");
      list[i].fn(x.size() * sizeof(float), x.data(), got.data(), &params);
      require_close(got.data(), want.data(), x.size(), 3e-7f, 1e-37f);
      for (size_t j = 0; j < x.size(); j++) {
        INFO("x = " << x[j]);
        if (want[j] == 0.0f) CHECK(std::signbit(got[j]) == std::signbit(want[j]));  // -0 vs +0
      }
    }
}

TEST_CASE("f32 vpowc: negative bases keep their sign for odd integer exponents and give NaN for fractional ones",
          "[kernels][f32-vpowc]") {
  const std::vector<float> x = {-2.0f, -0.5f, -3.0f, -0.0f};
  std::vector<float> y(x.size());
  const F32PowcParams unused{0.0f};
  f32_vsqr_ukernel__wasmsimd_x8(x.size() * sizeof(float), x.data(), y.data(), &unused);
  CHECK(y == std::vector<float>{4.0f, 0.25f, 9.0f, 0.0f});
  f32_vcube_ukernel__wasmsimd_x8(x.size() * sizeof(float), x.data(), y.data(), &unused);
  CHECK(y == std::vector<float>{-8.0f, -0.125f, -27.0f, -0.0f});
  CHECK(std::signbit(y[3]));
  f32_vrcp_ukernel__wasmsimd_x8(x.size() * sizeof(float), x.data(), y.data(), &unused);
  CHECK(y == std::vector<float>{-0.5f, -2.0f, static_cast<float>(-1.0 / 3.0), -kInf});
  f32_vpowhalf_ukernel__wasmsimd_x8(x.size() * sizeof(float), x.data(), y.data(), &unused);
  CHECK(std::isnan(y[0]));
  CHECK(std::isnan(y[2]));
  CHECK(y[3] == 0.0f);
  CHECK(!std::signbit(y[3]));  // pow(-0, 0.5) = +0, sqrt(-0) = -0
  const float minus_inf = -kInf;
  f32_vpowhalf_ukernel__wasmsimd_x8(sizeof(float), &minus_inf, y.data(), &unused);
  CHECK(y[0] == kInf);  // pow(-inf, 0.5) = +inf, sqrt(-inf) = NaN
  const F32PowcParams odd{5.0f}, fractional{2.5f};
  f32_vpowc_ukernel__scalar_x1(x.size() * sizeof(float), x.data(), y.data(), &odd);
  CHECK(y[0] == -32.0f);
  f32_vpowc_ukernel__scalar_x1(x.size() * sizeof(float), x.data(), y.data(), &fractional);
  CHECK(std::isnan(y[0]));
  CHECK(std::isnan(y[1]));
}

TEST_CASE("f32 vpowc: the exact forms are chosen for 2, 3, -1, 0.5 and powf for the rest", "[kernels][f32-vpowc]") {
  CHECK(std::string(f32_vpowc_select(2.0f).name) == "f32_vsqr_ukernel__wasmsimd_x8");
  CHECK(std::string(f32_vpowc_select(3.0f).name) == "f32_vcube_ukernel__wasmsimd_x8");
  CHECK(std::string(f32_vpowc_select(-1.0f).name) == "f32_vrcp_ukernel__wasmsimd_x8");
  CHECK(std::string(f32_vpowc_select(0.5f).name) == "f32_vpowhalf_ukernel__wasmsimd_x8");
  CHECK(std::string(f32_vpowc_select(1.5f).name) == "f32_vpowc_ukernel__scalar_x1");
  CHECK(std::string(f32_vpowc_select(-2.0f).name) == "f32_vpowc_ukernel__scalar_x1");
}
