// GEMM microkernels on pre-packed A (f32_packa + f32-ppmm-*) against the
// triple-loop oracle, and the driver's packed-A path.
#include <limits>
#include <vector>

#include "kernel_test_utils.h"
#include "kernels/f32-gemm/f32-gemm-driver.h"
#include "kernels/f32-gemm/f32-gemm.h"
#include "kernels/f32-packw/f32-packw.h"
#include "kernels/f32-ppmm/f32-ppmm.h"

using namespace nnslim::kernels;
using namespace nnslim::kernels::testing;

TEST_CASE("f32_ppmm microkernels match the triple-loop oracle", "[kernels][f32-ppmm]") {
  size_t count = 0;
  const F32PpmmUkernelInfo* list = f32_ppmm_ukernels(&count);
  REQUIRE(count >= 4);
  const float inf = std::numeric_limits<float>::infinity();
  for (size_t i = 0; i < count; i++) {
    const F32PpmmUkernelInfo& kernel = list[i];
    for (size_t m = 1; m <= kernel.mr; m++) {
      // n: one partial panel, full panels and a tail (A is rewound per panel);
      // k: every exit position of the 8-step unrolled K loop, and longer K.
      for (size_t n = 1; n <= 2 * kernel.nr + 1; n++) {
        for (size_t k : {1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 24}) {
          INFO(kernel.name << " m=" << m << " n=" << n << " k=" << k);
          std::mt19937 rng(static_cast<unsigned>(m * 100 + n * 10 + k));
          const size_t a_stride = k + 2, cm_stride = n + 3;
          const std::vector<float> a = random_floats(m * a_stride, rng), b = random_floats(k * n, rng),
                                   bias = random_floats(n, rng);
          std::vector<float> want(m * n);
          f32_gemm_reference(m, n, k, a.data(), a_stride, b.data(), n, bias.data(), want.data(), n, -inf, inf);
          const ClampRange range = active_clamp(want);
          f32_gemm_reference(m, n, k, a.data(), a_stride, b.data(), n, bias.data(), want.data(), n, range.min, range.max);
          std::vector<float> packed_b(f32_packw_gemm_size(n, k, kernel.nr)), packed_a(kernel.mr * k);
          f32_packw_gemm_gio(kernel.nr, n, k, b.data(), n, bias.data(), packed_b.data());
          f32_packa(kernel.mr, m, k, a.data(), a_stride, packed_a.data());
          std::vector<float> c(m * cm_stride, std::numeric_limits<float>::quiet_NaN());
          const F32MinMaxParams params = f32_minmax(range.min, range.max);
          kernel.fn(m, n, k * sizeof(float), packed_a.data(), packed_b.data(), c.data(), cm_stride * sizeof(float),
                    kernel.nr * sizeof(float), &params);
          for (size_t r = 0; r < m; r++) {
            require_close(&c[r * cm_stride], &want[r * n], n, 1e-5f, 1e-6f);
            for (size_t j = n; j < cm_stride; j++) REQUIRE(std::isnan(c[r * cm_stride + j]));
          }
        }
      }
    }
  }
}

TEST_CASE("f32_gemm driver with packed A matches the oracle", "[kernels][f32-ppmm]") {
  size_t count = 0;
  const F32PpmmUkernelInfo* list = f32_ppmm_ukernels(&count);
  for (size_t i = 0; i < count; i++) {
    if (list[i].mr == 1) continue;
    F32GemmConfig config = f32_gemm_large_config();
    config.mr = list[i].mr;
    config.nr = list[i].nr;
    config.ukernel = list[i].nr == 8 ? f32_gemm_minmax_ukernel_1x8__wasmsimd_loadsplat
                                     : f32_gemm_minmax_ukernel_1x16__wasmsimd_loadsplat;  // 1-row tile
    config.ukernel_1 = config.ukernel;
    config.ppmm_ukernel = list[i].fn;
    for (auto [m, n, k] : {std::tuple<size_t, size_t, size_t>{1, 17, 13}, {7, 33, 24}, {13, 40, 3}}) {
      INFO(list[i].name << " m=" << m << " n=" << n << " k=" << k);
      std::mt19937 rng(9);
      const std::vector<float> a = random_floats(m * k, rng), b = random_floats(k * n, rng), bias = random_floats(n, rng);
      std::vector<float> want(m * n), got(m * n);
      f32_gemm_reference(m, n, k, a.data(), k, b.data(), n, bias.data(), want.data(), n, -0.5f, 0.5f);
      std::vector<float> packed(f32_packw_gemm_size(n, k, config.nr));
      f32_packw_gemm_gio(config.nr, n, k, b.data(), n, bias.data(), packed.data());
      std::vector<float> workspace(f32_gemm_workspace_size(config, m, k));
      f32_gemm(config, m, n, k, a.data(), k, packed.data(), got.data(), n, f32_minmax(-0.5f, 0.5f), workspace.data());
      require_close(got.data(), want.data(), got.size(), 1e-5f, 1e-6f);
    }
  }
}
