// Unary kernels against the C library (double precision, rounded): every
// length 1..40 for the tails, then a dense sweep of each function's range
// with the runtime's accuracy bound (1e-6 relative).
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "kernel_test_utils.h"
#include "kernels/f32-vbinary/f32-vbinary.h"
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
  const F32UnaryParams params{-0.5f, 2.5f, 0.125f, 0.2f, 0.5f, 3.f, 6.f, 1.5f, 0.25f, 0.75f, -0.125f};
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

// The chain kernels (affine; hswishdiv; affine_hswishdiv with or without an
// affine before and after) must give the bits of the separate steps they replace: vmulc,
// vaddc; vaddc with a 0..6 clamp, vmul, vdivc; vmulc, vaddc. Every length
// 1..40 (tails), IEEE specials included, scalar and SIMD kernels.
TEST_CASE("f32 vunary chain kernels give the bits of the separate vbinary steps", "[kernels][f32-vunary]") {
  const F32VbinaryUkernelInfo* addc = nullptr;
  const F32VbinaryUkernelInfo* mulc = nullptr;
  const F32VbinaryUkernelInfo* mul = nullptr;
  const F32VbinaryUkernelInfo* divc = nullptr;
  size_t bcount = 0;
  const F32VbinaryUkernelInfo* blist = f32_vbinary_wasmsimd_ukernels(&bcount);
  for (size_t i = 0; i < bcount; i++) {
    if (blist[i].op == F32BinaryOp::kAdd && blist[i].scalar_b) addc = &blist[i];
    if (blist[i].op == F32BinaryOp::kMul && blist[i].scalar_b) mulc = &blist[i];
    if (blist[i].op == F32BinaryOp::kMul && !blist[i].scalar_b) mul = &blist[i];
    if (blist[i].op == F32BinaryOp::kDiv && blist[i].scalar_b) divc = &blist[i];
  }
  REQUIRE((addc && mulc && mul && divc));
  const F32MinMaxParams none = f32_minmax_none();
  const float inf = std::numeric_limits<float>::infinity();
  const std::vector<float> specials = {std::numeric_limits<float>::quiet_NaN(), inf, -inf, 0.f, -0.f, -3.f, 3.f,
                                       -6.f, 1e-39f, -1e-39f, 3e38f, -3e38f, -2.9999998f, 0.2142857f};
  size_t count = 0;
  const F32VunaryUkernelInfo* list = f32_vunary_ukernels(&count);
  std::mt19937 rng(12);
  int checked = 0;
  for (size_t n = 1; n <= 40; n++) {
    std::vector<float> x = random_floats(n, rng, -9.f, 9.f);
    for (size_t j = 0; j < n && j < specials.size(); j++) x[(j * 7) % n] = specials[j];
    // The separate steps: an affine block, out = in * k + c.
    auto affine = [&](const std::vector<float>& in, float k, float c) {
      std::vector<float> m(n), out(n);
      mulc->fn(n * sizeof(float), in.data(), &k, m.data(), &none);
      addc->fn(n * sizeof(float), m.data(), &c, out.data(), &none);
      return out;
    };
    for (int form = 0; form < 5; form++) {  // 0: affine; 1..4: hswishdiv without/with pre/post affines
      const bool pre = form == 0 || form == 2 || form == 4, post = form == 3 || form == 4;
      F32UnaryParams params{0.f, 6.f, 0.f, 0.f, 0.f, 3.f, 6.f};  // the affines default to identity
      if (pre) params.scale = 1.75f, params.shift = -0.375f;
      if (post) params.post_scale = 0.4375f, params.post_shift = 0.8125f;
      std::vector<float> want = pre ? affine(x, params.scale, params.shift) : x;
      if (form > 0) {
        std::vector<float> t(n), m(n), d(n);
        const F32MinMaxParams clip = f32_minmax(params.min, params.max);
        addc->fn(n * sizeof(float), want.data(), &params.addend, t.data(), &clip);
        mul->fn(n * sizeof(float), want.data(), t.data(), m.data(), &none);
        divc->fn(n * sizeof(float), m.data(), &params.divisor, d.data(), &none);
        want = post ? affine(d, params.post_scale, params.post_shift) : d;
      }
      // The plain form: hswishdiv; with an affine: affine_hswishdiv (form 1
      // runs on both: affine_hswishdiv with identity affines).
      for (size_t i = 0; i < count; i++) {
        const bool runs = form == 0   ? list[i].op == F32UnaryOp::kAffine
                          : form == 1 ? list[i].op == F32UnaryOp::kHardSwishDiv ||
                                            list[i].op == F32UnaryOp::kAffineHardSwishDiv
                                      : list[i].op == F32UnaryOp::kAffineHardSwishDiv;
        if (!runs) continue;
        INFO(list[i].name << " form " << form << " n=" << n);
        std::vector<float> got(n + 1, 12345.f);
        list[i].fn(n * sizeof(float), x.data(), got.data(), &params);
        for (size_t j = 0; j < n; j++) {
          INFO("x=" << x[j] << " got " << got[j] << " want " << want[j]);
          if (std::isnan(want[j])) CHECK(std::isnan(got[j]));
          else CHECK(std::memcmp(&got[j], &want[j], sizeof(float)) == 0);
        }
        CHECK(got[n] == 12345.f);
        ++checked;
      }
    }
  }
  CHECK(checked == 40 * 6 * 2);  // five forms (the plain one on two kernels), scalar and SIMD
}
