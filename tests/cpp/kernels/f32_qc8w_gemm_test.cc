// f32 x int8-weight kernels (kernels/f32-qc8w-gemm):
// - every GEMV kernel against the scalar reference (same summation order:
//   equal to the last bit in the plain build; the relaxed build may fuse
//   the multiply-adds, hence a 1e-5 tolerance), and the scalar reference
//   against the triple-loop f32 oracle on the dequantized weights (the scale
//   applied after the sum: rounding differences only);
// - the SIMD panel dequantizer against the scalar one, and the scalar one
//   against scale * w_q computed here;
// on awkward shapes: N around and across the panel width, odd K, K = 1, both
// weight layouts, per-tensor and per-channel scales, the MLP's 784 x 1024.
#include <cmath>
#include <limits>
#include <vector>

#include "kernel_test_utils.h"
#include "qs8_test_utils.h"
#include "kernels/f32-gemm/f32-gemm.h"
#include "kernels/f32-qc8w-gemm/f32-qc8w-gemm.h"

using namespace nnslim::kernels;
using namespace nnslim::kernels::testing;

namespace {

struct Qc8wCase {
  size_t n, k;
  std::vector<float> a, bias, scales;
  std::vector<int8_t> w;  // [N, K] (goi) or [K, N] (gio)
  bool goi;
  int8_t at(size_t j, size_t kk) const { return goi ? w[j * k + kk] : w[kk * n + j]; }
  std::vector<char> pack(size_t nr) const {
    std::vector<char> packed(f32_qc8w_packw_size(nr, n, k), 0x55);
    f32_qc8w_packw(nr, n, k, w.data(), goi ? k : 1, goi ? 1 : n, bias.data(), scales.data(), scales.size(),
                   packed.data());
    return packed;
  }
};

Qc8wCase make_case(size_t n, size_t k, bool goi, bool per_tensor) {
  std::mt19937 rng(static_cast<unsigned>(n * 7919 + k * 31 + goi));
  Qc8wCase c{n, k, random_floats(k, rng), random_floats(n, rng), {}, random_int8(n * k, rng, -127, 127), goi};
  c.scales = random_floats(per_tensor ? 1 : n, rng, 0.001f, 0.02f);
  return c;
}

void check_gemv(const F32Qc8wGemvUkernelInfo& kernel, size_t n, size_t k, bool goi, bool per_tensor, bool clamp) {
  INFO(kernel.name << " n=" << n << " k=" << k << " goi=" << goi << " per_tensor=" << per_tensor
                   << " clamp=" << clamp);
  const Qc8wCase g = make_case(n, k, goi, per_tensor);
  // Oracle: f32 GEMM on the dequantized weights [K, N].
  std::vector<float> dequantized(k * n);
  for (size_t kk = 0; kk < k; kk++)
    for (size_t j = 0; j < n; j++) dequantized[kk * n + j] = g.scales[per_tensor ? 0 : j] * g.at(j, kk);
  const float inf = std::numeric_limits<float>::infinity();
  std::vector<float> unclamped(n);
  f32_gemm_reference(1, n, k, g.a.data(), k, dequantized.data(), n, g.bias.data(), unclamped.data(), n, -inf, inf);
  const ClampRange range = clamp ? active_clamp(unclamped) : ClampRange{-inf, inf};
  std::vector<float> oracle(n);
  f32_gemm_reference(1, n, k, g.a.data(), k, dequantized.data(), n, g.bias.data(), oracle.data(), n, range.min,
                     range.max);
  const F32MinMaxParams params = f32_minmax(range.min, range.max);
  const std::vector<char> packed = g.pack(kernel.nr);
  std::vector<float> reference(n);
  f32_qc8w_gemv_minmax_ukernel_1x16__scalar(n, k, g.a.data(), packed.data(), reference.data(), &params);
  // Sums of K terms a * w_q * s whose magnitudes add up to ~0.3 K: both
  // sides are f32 sums in different orders (error ~ sqrt(K) ulps of that).
  require_close(reference.data(), oracle.data(), n, 1e-5f, 1e-4f);
  // NaN sentinels after c[n]: a write past the last column shows up.
  std::vector<float> c(n + 5, std::numeric_limits<float>::quiet_NaN());
  kernel.fn(n, k, g.a.data(), packed.data(), c.data(), &params);
  require_close(c.data(), reference.data(), n, 1e-5f, 1e-5f);
  for (size_t j = n; j < c.size(); j++) REQUIRE(std::isnan(c[j]));
}

void check_dequantize(size_t nr, size_t n, size_t k, bool per_tensor) {
  INFO("nr=" << nr << " n=" << n << " k=" << k << " per_tensor=" << per_tensor);
  const Qc8wCase g = make_case(n, k, /*goi=*/true, per_tensor);
  const std::vector<char> packed = g.pack(nr);
  const size_t panels = divide_round_up(n, nr);
  const size_t floats = panels * nr * (k + 1);
  // Oracle: bias, then scale * w_q per column (zero past N), panel by panel.
  std::vector<float> want(floats);
  for (size_t p = 0; p < panels; p++) {
    float* out = want.data() + p * nr * (k + 1);
    for (size_t j = 0; j < nr; j++) {
      const size_t col = p * nr + j;
      out[j] = col < n ? g.bias[col] : 0.0f;
      for (size_t kk = 0; kk < k; kk++)
        out[nr + kk * nr + j] = col < n ? g.scales[per_tensor ? 0 : col] * static_cast<float>(g.at(col, kk)) : 0.0f;
    }
  }
  std::vector<float> scalar(floats + 3, std::numeric_limits<float>::quiet_NaN());
  f32_qc8w_dequantize_panels__scalar(nr, k, panels, packed.data(), scalar.data());
  require_close(scalar.data(), want.data(), floats, 0.0f, 0.0f);
  std::vector<float> simd(floats + 3, std::numeric_limits<float>::quiet_NaN());
  f32_qc8w_dequantize_panels__wasmsimd(nr, k, panels, packed.data(), simd.data());
  require_close(simd.data(), want.data(), floats, 0.0f, 0.0f);
  for (size_t i = floats; i < simd.size(); i++) REQUIRE(std::isnan(simd[i]));
}

}  // namespace

TEST_CASE("f32_qc8w_gemv kernels match the scalar reference and the f32 oracle", "[kernels][f32-qc8w-gemm]") {
  size_t count = 0;
  const F32Qc8wGemvUkernelInfo* list = f32_qc8w_gemv_ukernels(&count);
  REQUIRE(count >= 2);
  for (size_t i = 0; i < count; i++) {
    const F32Qc8wGemvUkernelInfo& kernel = list[i];
    const size_t nr = kernel.nr;
    DYNAMIC_SECTION(kernel.name) {
      SECTION("k_eq_1") { check_gemv(kernel, nr, 1, false, false, true); }
      SECTION("k_odd_and_even") {
        for (size_t k : {2, 3, 4, 5, 12, 13, 24}) check_gemv(kernel, nr, k, false, false, true);
      }
      SECTION("n_lt_nr") { for (size_t n = 1; n < nr; n++) check_gemv(kernel, n, 13, false, false, true); }
      SECTION("n_gt_nr") { for (size_t n = nr + 1; n <= 3 * nr + 1; n++) check_gemv(kernel, n, 7, true, false, true); }
      SECTION("per_tensor_scale") { check_gemv(kernel, 2 * nr + 3, 13, true, true, true); }
      SECTION("no_clamp") { check_gemv(kernel, 24, 24, false, false, false); }
      SECTION("mlp_layers") {
        check_gemv(kernel, 1024, 784, true, false, true);
        check_gemv(kernel, 10, 1024, true, false, false);
      }
    }
  }
}

TEST_CASE("f32_qc8w_gemv default kernel is a listed wasm SIMD kernel", "[kernels][f32-qc8w-gemm]") {
  const F32Qc8wGemvUkernelInfo chosen = f32_qc8w_gemv_default_ukernel();
  REQUIRE(chosen.fn != f32_qc8w_gemv_minmax_ukernel_1x16__scalar);
  size_t count = 0;
  const F32Qc8wGemvUkernelInfo* list = f32_qc8w_gemv_ukernels(&count);
  bool listed = false;
  for (size_t i = 0; i < count; i++) listed |= list[i].fn == chosen.fn && list[i].nr == chosen.nr;
  REQUIRE(listed);
}

TEST_CASE("f32_qc8w panel dequantization matches scale * w_q", "[kernels][f32-qc8w-gemm]") {
  for (size_t nr : {8, 16}) {
    check_dequantize(nr, 1, 1, false);
    check_dequantize(nr, nr, 5, false);
    check_dequantize(nr, nr + 3, 13, false);
    check_dequantize(nr, 3 * nr - 1, 2, true);
  }
}
