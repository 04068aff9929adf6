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
#include <algorithm>
#include <cmath>
#include <cstdlib>
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

// The batch-1 integer-dot path: quantize the row to int16, exact int32 sums.
namespace {

// |a - s_a * a_q| <= s_a / 2 element by element; max |a_q| = qmax; qmax keeps
// |a_q| * 128 * round_up(K, 2) below 2^31.
void check_quantize_row(size_t k, float lo, float hi) {
  INFO("k=" << k << " range [" << lo << ", " << hi << "]");
  std::mt19937 rng(static_cast<unsigned>(k));
  const std::vector<float> a = random_floats(k, rng, lo, hi);
  std::vector<int16_t> a_q(round_up(k, 2) + 1, 0x5555);
  const float s = f32_qc8w_quantize_row_int16(k, a.data(), a_q.data());
  const int32_t qmax = f32_qc8w_int16_qmax(k);
  REQUIRE(static_cast<double>(qmax) * 128.0 * static_cast<double>(round_up(k, 2)) < 2147483648.0);
  REQUIRE(qmax <= 8191);
  REQUIRE(s > 0.0f);
  int32_t largest = 0;
  for (size_t i = 0; i < k; i++) {
    REQUIRE(std::fabs(a[i] - s * a_q[i]) <= s * 0.5f * 1.01f);  // (s_a and 1 / s_a round apart)
    largest = std::max<int32_t>(largest, std::abs(a_q[i]));
  }
  REQUIRE(largest == qmax);
  if (k % 2 == 1) REQUIRE(a_q[k] == 0);
  REQUIRE(a_q[round_up(k, 2)] == 0x5555);  // nothing written past the padded row
}

void check_gemv_dot16(size_t n, size_t k, bool per_tensor, bool clamp) {
  INFO("n=" << n << " k=" << k << " per_tensor=" << per_tensor << " clamp=" << clamp);
  const Qc8wCase g = make_case(n, k, /*goi=*/true, per_tensor);
  std::vector<char> packed(f32_qc8w_packw_c2_size(16, n, k), 0x55);
  f32_qc8w_packw_c2(16, n, k, g.w.data(), k, 1, g.bias.data(), g.scales.data(), g.scales.size(), packed.data());
  std::vector<int16_t> a_q(round_up(k, 2));
  const float a_scale = f32_qc8w_quantize_row_int16(k, g.a.data(), a_q.data());
  REQUIRE(a_scale > 0.0f);
  // Oracle: f32 on the dequantized weights and the unquantized row; the
  // row's rounding moves column j by at most sum_k |w[k, j]| * s_a / 2.
  std::vector<float> dequantized(k * n);
  std::vector<double> bound(n, 0.0);
  for (size_t kk = 0; kk < k; kk++)
    for (size_t j = 0; j < n; j++) {
      dequantized[kk * n + j] = g.scales[per_tensor ? 0 : j] * g.at(j, kk);
      bound[j] += std::fabs(dequantized[kk * n + j]) * a_scale * 0.5;
    }
  const float inf = std::numeric_limits<float>::infinity();
  std::vector<float> unclamped(n);
  f32_gemm_reference(1, n, k, g.a.data(), k, dequantized.data(), n, g.bias.data(), unclamped.data(), n, -inf, inf);
  const ClampRange range = clamp ? active_clamp(unclamped) : ClampRange{-inf, inf};
  const F32MinMaxParams params = f32_minmax(range.min, range.max);
  std::vector<float> reference(n);
  f32_qc8w_gemv_dot16_ukernel_1x16__scalar(n, k, a_q.data(), a_scale, packed.data(), reference.data(), &params);
  for (size_t j = 0; j < n; j++) {
    INFO("column " << j);
    const float want = f32_clamp(unclamped[j], range.min, range.max);
    REQUIRE(std::isfinite(reference[j]));
    REQUIRE(std::fabs(reference[j] - want) <= bound[j] + 1e-5 * (1.0 + std::fabs(want)));
  }
  // The SIMD kernel: the same int32 sums, the same epilogue.
  std::vector<float> c(n + 5, std::numeric_limits<float>::quiet_NaN());
  f32_qc8w_gemv_dot16_ukernel_1x16__wasmsimd(n, k, a_q.data(), a_scale, packed.data(), c.data(), &params);
  require_close(c.data(), reference.data(), n, 1e-6f, 1e-6f);
  for (size_t j = n; j < c.size(); j++) REQUIRE(std::isnan(c[j]));
  // The f32 fallback on the same packing against the f32 oracle.
  std::vector<float> fallback(n), oracle(n);
  f32_qc8w_gemv_c2__scalar(n, k, g.a.data(), packed.data(), fallback.data(), &params);
  for (size_t j = 0; j < n; j++) oracle[j] = f32_clamp(unclamped[j], range.min, range.max);
  require_close(fallback.data(), oracle.data(), n, 1e-5f, 1e-4f);
}

}  // namespace

TEST_CASE("f32_qc8w int16 row quantization keeps every element within half a step", "[kernels][f32-qc8w-gemm]") {
  for (size_t k : {1, 2, 7, 784, 1024, 2048, 2049, 5000}) check_quantize_row(k, -3.0f, 3.0f);
  check_quantize_row(33, 0.0f, 1e-3f);  // small, one-signed (a ReLU output)
  std::vector<int16_t> q(4, 7);
  const std::vector<float> zeros(3, 0.0f);
  REQUIRE(f32_qc8w_quantize_row_int16(3, zeros.data(), q.data()) == 1.0f);
  REQUIRE((q[0] == 0 && q[1] == 0 && q[2] == 0 && q[3] == 0));
  for (float bad : {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity()}) {
    const std::vector<float> a = {1.0f, bad, 2.0f};
    REQUIRE(f32_qc8w_quantize_row_int16(3, a.data(), q.data()) == 0.0f);
  }
  // A row of subnormals and zeros: qmax / max|a| overflows float, and its
  // products with the zeros were NaN cast to int16 (the fuzzers' finding).
  // No int16 grid fits such a row: 0, the f32 path, like a NaN row.
  const std::vector<float> tiny = {1e-40f, 0.0f, -0.0f, -3e-41f};
  REQUIRE(f32_qc8w_quantize_row_int16(4, tiny.data(), q.data()) == 0.0f);
}

TEST_CASE("f32_qc8w integer-dot GEMV: SIMD = scalar reference, within the row's rounding of the f32 oracle",
          "[kernels][f32-qc8w-gemm]") {
  check_gemv_dot16(16, 1, false, true);
  for (size_t k : {2, 3, 13, 24}) check_gemv_dot16(16, k, false, true);
  for (size_t n = 1; n < 16; n++) check_gemv_dot16(n, 13, false, true);
  for (size_t n = 17; n <= 49; n += 8) check_gemv_dot16(n, 7, true, true);
  check_gemv_dot16(24, 24, false, false);
  check_gemv_dot16(1024, 784, false, true);
  check_gemv_dot16(10, 1024, false, false);
  check_gemv_dot16(37, 3001, false, false);  // K > 2048: a smaller qmax
}
