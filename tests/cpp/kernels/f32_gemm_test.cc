// Every f32 GEMM microkernel (f32-gemm-*.inc) against the triple-loop oracle
// f32_gemm_reference on unpacked operands: this also checks the packing.
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "kernel_test_utils.h"
#include "kernels/f32-gemm/f32-gemm-driver.h"
#include "kernels/f32-gemm/f32-gemm.h"
#include "kernels/f32-packw/f32-packw.h"

using namespace nnslim::kernels;
using namespace nnslim::kernels::testing;

namespace {

class GemmTester {
 public:
  GemmTester(const F32GemmUkernelInfo& kernel) : kernel_(kernel) {}
  GemmTester& m(size_t v) { m_ = v; return *this; }
  GemmTester& n(size_t v) { n_ = v; return *this; }
  GemmTester& k(size_t v) { k_ = v; return *this; }
  GemmTester& a_stride(size_t v) { a_stride_ = v; return *this; }
  GemmTester& cm_stride(size_t v) { cm_stride_ = v; return *this; }
  GemmTester& transposed_b(bool v) { transposed_b_ = v; return *this; }
  GemmTester& clamp(bool v) { clamp_ = v; return *this; }

  void test() const {
    INFO(kernel_.name << " m=" << m_ << " n=" << n_ << " k=" << k_ << " a_stride=" << a_stride_
                      << " cm_stride=" << cm_stride_ << " goi=" << transposed_b_);
    const size_t a_stride = a_stride_ != 0 ? a_stride_ : k_;
    const size_t cm_stride = cm_stride_ != 0 ? cm_stride_ : n_;
    std::mt19937 rng(static_cast<unsigned>(m_ * 1000003 + n_ * 1009 + k_));
    const std::vector<float> a = random_floats(m_ * a_stride, rng);
    const std::vector<float> b = random_floats(k_ * n_, rng);  // [K, N]
    const std::vector<float> bias = random_floats(n_, rng);

    const float inf = std::numeric_limits<float>::infinity();
    std::vector<float> want(m_ * n_);
    f32_gemm_reference(m_, n_, k_, a.data(), a_stride, b.data(), n_, bias.data(), want.data(), n_, -inf, inf);
    ClampRange range{-inf, inf};
    if (clamp_) {
      range = active_clamp(want);
      f32_gemm_reference(m_, n_, k_, a.data(), a_stride, b.data(), n_, bias.data(), want.data(), n_, range.min,
                         range.max);
    }

    std::vector<float> packed(f32_packw_gemm_size(n_, k_, kernel_.nr), std::numeric_limits<float>::quiet_NaN());
    if (transposed_b_) {
      std::vector<float> bt(n_ * k_);  // [N, K]
      for (size_t kk = 0; kk < k_; kk++)
        for (size_t j = 0; j < n_; j++) bt[j * k_ + kk] = b[kk * n_ + j];
      f32_packw_gemm_goi(kernel_.nr, n_, k_, bt.data(), k_, bias.data(), packed.data());
    } else {
      f32_packw_gemm_gio(kernel_.nr, n_, k_, b.data(), n_, bias.data(), packed.data());
    }

    // NaN sentinels: any write outside C[m, n] shows up.
    std::vector<float> c(m_ * cm_stride, std::numeric_limits<float>::quiet_NaN());
    const F32MinMaxParams params = f32_minmax(range.min, range.max);
    kernel_.fn(m_, n_, k_ * sizeof(float), a.data(), a_stride * sizeof(float), packed.data(), c.data(),
               cm_stride * sizeof(float), kernel_.nr * sizeof(float), &params);
    for (size_t i = 0; i < m_; i++) {
      require_close(&c[i * cm_stride], &want[i * n_], n_, 1e-5f, 1e-6f);
      for (size_t j = n_; j < cm_stride; j++) REQUIRE(std::isnan(c[i * cm_stride + j]));
    }
  }

 private:
  F32GemmUkernelInfo kernel_;
  size_t m_ = 1, n_ = 1, k_ = 1, a_stride_ = 0, cm_stride_ = 0;
  bool transposed_b_ = false, clamp_ = true;
};

void test_gemm_kernel(const F32GemmUkernelInfo& kernel) {
  const size_t mr = kernel.mr, nr = kernel.nr;
  SECTION("k_eq_1") { GemmTester(kernel).m(mr).n(nr).k(1).test(); }
  SECTION("k_eq_4") { GemmTester(kernel).m(mr).n(nr).k(4).test(); }
  SECTION("k_lt_4") { for (size_t k = 1; k < 4; k++) GemmTester(kernel).m(mr).n(nr).k(k).test(); }
  SECTION("k_gt_4") { for (size_t k : {5, 7, 13, 24}) GemmTester(kernel).m(mr).n(nr).k(k).test(); }
  // The loadsplat_x8 kernels leave their 8-step K loop after any step: K = 1..9
  // (each exit of the first pass, and the second pass), 16 and 24 (the last
  // step), with a full panel and an N tail.
  SECTION("k_every_unrolled_exit") {
    for (size_t k : {1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 16, 24})
      for (size_t n : {nr, 2 * nr - 1}) GemmTester(kernel).m(mr).n(n).k(k).test();
  }
  SECTION("n_lt_nr") { for (size_t n = 1; n < nr; n++) GemmTester(kernel).m(mr).n(n).k(13).test(); }
  SECTION("n_gt_nr") {
    for (size_t n = nr + 1; n <= 2 * nr + 1; n++) GemmTester(kernel).m(mr).n(n).k(3).test();
  }
  SECTION("subtile") {
    for (size_t m = 1; m <= mr; m++)
      for (size_t n = 1; n <= 17; n++)
        for (size_t k : {1, 3, 13, 24}) GemmTester(kernel).m(m).n(n).k(k).test();
  }
  SECTION("strided_a") { GemmTester(kernel).m(mr).n(2 * nr + 3).k(13).a_stride(19).test(); }
  SECTION("strided_c") {
    for (size_t n = 1; n <= 17; n += 4) GemmTester(kernel).m(mr).n(n).k(24).cm_stride(n + 5).test();
  }
  SECTION("goi_packing") { GemmTester(kernel).m(mr).n(nr + 3).k(13).transposed_b(true).test(); }
  SECTION("no_clamp") { GemmTester(kernel).m(mr).n(nr).k(24).clamp(false).test(); }
}

}  // namespace

TEST_CASE("f32_gemm microkernels match the triple-loop oracle", "[kernels][f32-gemm]") {
  size_t count = 0;
  const F32GemmUkernelInfo* list = f32_gemm_ukernels(&count);
  REQUIRE(count >= 10);
  for (size_t i = 0; i < count; i++) {
    DYNAMIC_SECTION(list[i].name) { test_gemm_kernel(list[i]); }
  }
}

TEST_CASE("f32_gemm driver tiles M and N, clamps, keeps the C stride", "[kernels][f32-gemm]") {
  size_t count = 0;
  const F32GemmUkernelInfo* list = f32_gemm_ukernels(&count);
  for (size_t i = 0; i < count; i++) {
    if (list[i].mr == 1) continue;
    F32GemmConfig config{list[i].name, list[i].mr, list[i].nr, list[i].fn, nullptr, 0};
    for (size_t j = 0; j < count; j++)
      if (list[j].mr == 1 && list[j].nr == list[i].nr) config.ukernel_1 = list[j].fn;
    for (size_t nc_block : {size_t{0}, list[i].nr, 2 * list[i].nr}) {
     for (size_t mc_block : {size_t{0}, list[i].mr, 2 * list[i].mr}) {
      config.nc_block = nc_block;
      config.mc_block = mc_block;
      for (auto [m, n, k] : {std::tuple<size_t, size_t, size_t>{1, 17, 13}, {7, 33, 24}, {13, 40, 3}}) {
        INFO(list[i].name << " nc_block=" << nc_block << " mc_block=" << mc_block << " m=" << m << " n=" << n
                          << " k=" << k);
        std::mt19937 rng(7);
        const size_t c_stride = n + 3;
        const std::vector<float> a = random_floats(m * k, rng), b = random_floats(k * n, rng),
                                 bias = random_floats(n, rng);
        std::vector<float> want(m * c_stride, -7.0f), got(m * c_stride, -7.0f);
        f32_gemm_reference(m, n, k, a.data(), k, b.data(), n, bias.data(), want.data(), c_stride, -0.5f, 0.75f);
        std::vector<float> packed(f32_packw_gemm_size(n, k, config.nr));
        f32_packw_gemm_gio(config.nr, n, k, b.data(), n, bias.data(), packed.data());
        f32_gemm(config, m, n, k, a.data(), k, packed.data(), got.data(), c_stride, f32_minmax(-0.5f, 0.75f));
        require_close(got.data(), want.data(), got.size(), 1e-5f, 1e-6f);
      }
     }
    }
  }
}

TEST_CASE("f32_gemm selected configs compute the oracle's GEMM", "[kernels][f32-gemm]") {
  // Each config the selection can return, with tails: narrow (N not a
  // multiple of 16), default, large (few rows; all large), width12 in the
  // relaxed build (N a multiple of 12: one row, M and N tails, one panel).
  for (auto [m, n, k] : {std::tuple<size_t, size_t, size_t>{1, 40, 30}, {9, 23, 17}, {301, 32, 70}, {37, 48, 20},
                         {263, 80, 33}, {53, 72, 65}, {259, 260, 257}, {1, 36, 30}, {37, 60, 19}, {8, 12, 9},
                         {100, 96, 70}}) {
    const F32GemmConfig config = f32_gemm_select_config(m, n, k);
    INFO(config.name << " m=" << m << " n=" << n << " k=" << k);
    REQUIRE(config.ukernel_1 != nullptr);
    std::mt19937 rng(21);
    const std::vector<float> a = random_floats(m * k, rng), b = random_floats(k * n, rng), bias = random_floats(n, rng);
    std::vector<float> want(m * n), got(m * n);
    f32_gemm_reference(m, n, k, a.data(), k, b.data(), n, bias.data(), want.data(), n, 0.0f, 6.0f);  // relu6
    std::vector<float> packed(f32_packw_gemm_size(n, k, config.nr));
    f32_packw_gemm_gio(config.nr, n, k, b.data(), n, bias.data(), packed.data());
    std::vector<float> workspace(f32_gemm_workspace_size(config, m, k));
    f32_gemm(config, m, n, k, a.data(), k, packed.data(), got.data(), n, f32_minmax_relu6(), workspace.data());
    // Absolute tolerance grows like sqrt(K): the rounding errors of K
    // multiply-adds (fused or not, in the relaxed build) add up as a random walk.
    require_close(got.data(), want.data(), got.size(), 1e-5f, 1e-6f * std::sqrt(static_cast<float>(k)));
  }
  REQUIRE(f32_gemm_select_config(512, 512, 512).ppmm_ukernel != nullptr);
  // MobileNetV2 batch 1 (pixels x Cout x Cin): the rules of f32-gemm-driver.h.
  // The relaxed build takes width12 wherever N is a multiple of 12.
  const bool width12 = f32_gemm_selects_width12();
  const auto or_width12 = [&](const F32GemmConfig& plain) {
    return std::string(width12 ? f32_gemm_width12_config().name : plain.name);
  };
  CHECK(std::string(f32_gemm_select_config(3136, 24, 144).name) == or_width12(f32_gemm_narrow_config()));
  CHECK(std::string(f32_gemm_select_config(12544, 96, 16).name) == or_width12(f32_gemm_default_config()));
  CHECK(std::string(f32_gemm_select_config(196, 576, 96).name) == or_width12(f32_gemm_large_config()));
  CHECK(std::string(f32_gemm_select_config(49, 1280, 320).name) == f32_gemm_large_config().name);
  CHECK(std::string(f32_gemm_select_config(49, 160, 576).name) == f32_gemm_large_config().name);
  CHECK(std::string(f32_gemm_select_config(784, 32, 144).name) == f32_gemm_default_config().name);
  // M > 256 with N, K >= 256 stays on packed A in both builds (1536 = 128 x 12).
  CHECK(std::string(f32_gemm_select_config(512, 1536, 512).name) == f32_gemm_large_config().name);
}
