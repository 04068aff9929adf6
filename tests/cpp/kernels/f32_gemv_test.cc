// Every f32 GEMV microkernel (f32-gemv.inc) against the triple-loop oracle
// f32_gemm_reference with M = 1 on unpacked operands (this also checks the
// packing), on awkward shapes: N around and across the panel width, odd K
// (the x2tree kernel's K tail), K = 1, and the batch-1 MLP's 784 x 1024.
#include <cmath>
#include <limits>
#include <vector>

#include "kernel_test_utils.h"
#include "kernels/f32-gemm/f32-gemm.h"
#include "kernels/f32-gemv/f32-gemv.h"
#include "kernels/f32-packw/f32-packw.h"

using namespace nnslim::kernels;
using namespace nnslim::kernels::testing;

namespace {

void check_gemv(const F32GemvUkernelInfo& kernel, size_t n, size_t k, bool goi, bool clamp) {
  INFO(kernel.name << " n=" << n << " k=" << k << " goi=" << goi << " clamp=" << clamp);
  std::mt19937 rng(static_cast<unsigned>(n * 1009 + k));
  const std::vector<float> a = random_floats(k, rng);
  const std::vector<float> b = random_floats(k * n, rng);  // [K, N]
  const std::vector<float> bias = random_floats(n, rng);
  const float inf = std::numeric_limits<float>::infinity();
  std::vector<float> want(n);
  f32_gemm_reference(1, n, k, a.data(), k, b.data(), n, bias.data(), want.data(), n, -inf, inf);
  ClampRange range{-inf, inf};
  if (clamp) {
    range = active_clamp(want);
    f32_gemm_reference(1, n, k, a.data(), k, b.data(), n, bias.data(), want.data(), n, range.min, range.max);
  }
  std::vector<float> packed(f32_packw_gemm_size(n, k, kernel.nr), std::numeric_limits<float>::quiet_NaN());
  if (goi) {
    std::vector<float> bt(n * k);  // [N, K]
    for (size_t kk = 0; kk < k; kk++)
      for (size_t j = 0; j < n; j++) bt[j * k + kk] = b[kk * n + j];
    f32_packw_gemm_goi(kernel.nr, n, k, bt.data(), k, bias.data(), packed.data());
  } else {
    f32_packw_gemm_gio(kernel.nr, n, k, b.data(), n, bias.data(), packed.data());
  }
  // NaN sentinels after c[n]: a write past the last column shows up.
  std::vector<float> c(n + 5, std::numeric_limits<float>::quiet_NaN());
  const F32MinMaxParams params = f32_minmax(range.min, range.max);
  kernel.fn(n, k * sizeof(float), a.data(), packed.data(), c.data(), &params);
  require_close(c.data(), want.data(), n, 1e-5f, 1e-5f);
  for (size_t j = n; j < c.size(); j++) REQUIRE(std::isnan(c[j]));
}

}  // namespace

TEST_CASE("f32_gemv microkernels match the triple-loop oracle", "[kernels][f32-gemv]") {
  size_t count = 0;
  const F32GemvUkernelInfo* list = f32_gemv_ukernels(&count);
  REQUIRE(count >= 2);  // at least the scalar kernel and the runtime's wasm SIMD one
  for (size_t i = 0; i < count; i++) {
    const F32GemvUkernelInfo& kernel = list[i];
    const size_t nr = kernel.nr;
    DYNAMIC_SECTION(kernel.name) {
      SECTION("k_eq_1") { check_gemv(kernel, nr, 1, false, true); }
      SECTION("k_odd_and_even") {
        for (size_t k : {2, 3, 4, 5, 12, 13, 24}) check_gemv(kernel, nr, k, false, true);
      }
      SECTION("n_lt_nr") { for (size_t n = 1; n < nr; n++) check_gemv(kernel, n, 13, false, true); }
      SECTION("n_gt_nr") { for (size_t n = nr + 1; n <= 3 * nr + 1; n++) check_gemv(kernel, n, 7, false, true); }
      SECTION("goi_packing") { check_gemv(kernel, 2 * nr + 3, 13, true, true); }
      SECTION("no_clamp") { check_gemv(kernel, 24, 24, false, false); }
      SECTION("mlp_layers") {
        check_gemv(kernel, 1024, 784, false, true);
        check_gemv(kernel, 10, 1024, true, false);
      }
    }
  }
}

TEST_CASE("f32_gemv default kernel is a listed wasm SIMD kernel", "[kernels][f32-gemv]") {
  const F32GemvUkernelInfo chosen = f32_gemv_default_ukernel();
  size_t count = 0;
  const F32GemvUkernelInfo* list = f32_gemv_ukernels(&count);
  bool listed = false;
  for (size_t i = 0; i < count; i++) listed |= list[i].fn == chosen.fn && list[i].nr == chosen.nr;
  REQUIRE(listed);
}
