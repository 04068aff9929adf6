// Every qs8 GEMM / IGEMM kernel pair, with the weight packing and the
// driver, bit-exact against the unpacked integer oracles (qs8_gemm_reference,
// qs8_conv2d_nhwc_reference): odd M/N/K, K tails, N tails, strided A and C,
// zero points at the extremes, saturation and narrow output ranges.
#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>
#include <iterator>
#include <vector>

#include "kernels/indirection/conv2d-indirection.h"
#include "kernels/qs8-gemm/qs8-conv2d-reference.h"
#include "kernels/qs8-gemm/qs8-gemm-driver.h"
#include "kernels/qs8-gemm/qs8-gemm.h"
#include "qs8_test_utils.h"

using namespace nnslim::kernels;
using namespace nnslim::kernels::testing;

namespace {

constexpr int8_t kSentinel = 0x5A;

struct GemmCase {
  size_t m, n, k;
  size_t a_stride = 0, c_stride = 0;  // 0: dense
  int32_t a_zero_point = 0, c_zero_point = 0;
  bool transposed_b = false;
};

// One call of the kernel on at most MR rows, all ranges; B given as [K, N]
// (or [N, K] packed through the strides when transposed_b).
void run_gemm_case(const QS8GemmUkernelInfo& kernel, const GemmCase& gc) {
  const size_t a_stride = gc.a_stride != 0 ? gc.a_stride : gc.k, c_stride = gc.c_stride != 0 ? gc.c_stride : gc.n;
  INFO(kernel.name << " m=" << gc.m << " n=" << gc.n << " k=" << gc.k << " a_stride=" << a_stride << " c_stride="
                   << c_stride << " za=" << gc.a_zero_point << " zc=" << gc.c_zero_point
                   << " transposed_b=" << gc.transposed_b);
  std::mt19937 rng(static_cast<unsigned>(gc.m * 1000 + gc.n * 31 + gc.k));
  const std::vector<int8_t> a = random_int8(gc.m * a_stride, rng);
  const std::vector<int8_t> b = random_int8(gc.k * gc.n, rng, -127, 127);  // [K, N]
  const std::vector<int32_t> bias = random_int32(gc.n, rng, -20000, 20000);
  const std::vector<float> scales = saturating_scales(gc.n, gc.k, rng);
  std::vector<int8_t> bt(gc.n * gc.k);  // [N, K]
  for (size_t p = 0; p < gc.k; p++)
    for (size_t j = 0; j < gc.n; j++) bt[j * gc.k + p] = b[p * gc.n + j];

  std::vector<char> packed(qs8_packw_size(kernel.nr, gc.n, 1, gc.k));
  if (gc.transposed_b) {
    qs8_packw(kernel.nr, gc.n, 1, gc.k, bt.data(), gc.k, 0, 1, bias.data(), scales.data(), gc.a_zero_point,
              packed.data());
  } else {
    qs8_packw(kernel.nr, gc.n, 1, gc.k, b.data(), 1, 0, gc.n, bias.data(), scales.data(), gc.a_zero_point,
              packed.data());
  }
  for (const QRange& range : test_ranges(gc.c_zero_point)) {
    INFO("qmin=" << range.qmin << " qmax=" << range.qmax);
    std::vector<int8_t> want(gc.m * gc.n);
    qs8_gemm_reference(gc.m, gc.n, gc.k, a.data(), a_stride, gc.a_zero_point, b.data(), gc.n, bias.data(),
                       scales.data(), want.data(), gc.n, gc.c_zero_point, range.qmin, range.qmax);
    std::vector<int8_t> got(gc.m * c_stride, kSentinel);
    const QS8RequantParams params = qs8_requant_params(gc.c_zero_point, range.qmin, range.qmax);
    kernel.gemm(gc.m, gc.n, gc.k, a.data(), a_stride, packed.data(), got.data(), c_stride, kernel.nr, &params);
    for (size_t i = 0; i < gc.m; i++) {
      REQUIRE(describe_int8_mismatch(&got[i * c_stride], &want[i * gc.n], gc.n) == "");
      for (size_t j = gc.n; j < c_stride; j++) REQUIRE(got[i * c_stride + j] == kSentinel);
    }
  }
}

void test_gemm_kernel(const QS8GemmUkernelInfo& kernel) {
  const size_t mr = kernel.mr, nr = kernel.nr;
  SECTION("k_eq_8") { run_gemm_case(kernel, {mr, nr, 8}); }
  SECTION("k_lt_8") { for (size_t k = 1; k < 8; k++) run_gemm_case(kernel, {mr, nr, k}); }
  SECTION("k_gt_8") { for (size_t k : {9, 13, 16, 23, 64, 301}) run_gemm_case(kernel, {mr, nr, k}); }
  SECTION("n_lt_nr") { for (size_t n = 1; n < nr; n++) run_gemm_case(kernel, {mr, n, 13}); }
  SECTION("n_gt_nr") { for (size_t n = nr + 1; n <= 2 * nr + 1; n++) run_gemm_case(kernel, {mr, n, 11}); }
  SECTION("subtile") {
    for (size_t m = 1; m <= mr; m++)
      for (size_t n : {size_t{1}, size_t{3}, nr - 1, nr, nr + 5})
        for (size_t k : {1, 7, 17}) run_gemm_case(kernel, {m, n, k});
  }
  SECTION("strided_a_and_c") { run_gemm_case(kernel, {mr, 2 * nr + 3, 19, 27, 2 * nr + 9}); }
  SECTION("zero_points_at_extremes") {
    for (int32_t za : {-128, 0, 127})
      for (int32_t zc : {-128, 5, 127}) run_gemm_case(kernel, {mr, nr + 3, 21, 0, 0, za, zc});
  }
  SECTION("transposed_b_packing") { run_gemm_case(kernel, {mr, nr + 3, 13, 0, 0, -7, 9, true}); }
}

struct ConvCase {
  const char* label;
  size_t ih, iw, kh, kw, stride, dilation, pad;
  size_t groups, group_in, group_out;
  int32_t x_zero_point, y_zero_point;
};

// A grouped conv through one IGEMM kernel via the driver: one packed weight
// set per group; the group's channel offset goes in a_offset.
void run_conv_case(const QS8GemmUkernelInfo& kernel, const ConvCase& cc) {
  INFO(kernel.name << " case " << cc.label);
  const Conv2DGeometry g = make_conv2d_geometry(cc.ih, cc.iw, cc.kh, cc.kw, cc.stride, cc.stride, cc.dilation,
                                                cc.dilation, cc.pad, cc.pad, cc.pad, cc.pad);
  REQUIRE(g.output_pixels() > 0);
  const size_t cin = cc.groups * cc.group_in, cout = cc.groups * cc.group_out, ks = g.kernel_size();
  const size_t out_stride = cout + 3;
  std::mt19937 rng(static_cast<unsigned>(cc.ih * 17 + cc.kh * 5 + cc.groups));
  const std::vector<int8_t> input = random_int8(cc.ih * cc.iw * cin, rng);
  const std::vector<int8_t> weights = random_int8(cout * cc.group_in * ks, rng, -127, 127);  // OIHW
  const std::vector<int32_t> bias = random_int32(cout, rng, -5000, 5000);
  const std::vector<float> scales = saturating_scales(cout, cc.group_in * ks, rng);
  const QRange range{cc.y_zero_point, std::max(120, cc.y_zero_point)};  // fused Relu-like clamp

  std::vector<int8_t> want(g.output_pixels() * out_stride, kSentinel);
  qs8_conv2d_nhwc_reference(g, cc.groups, cc.group_in, cc.group_out, input.data(), cc.x_zero_point, weights.data(),
                            bias.data(), scales.data(), want.data(), out_stride, cc.y_zero_point, range.qmin,
                            range.qmax);

  const std::vector<int8_t> zero(cc.group_in + 8, static_cast<int8_t>(cc.x_zero_point));
  std::vector<const int8_t*> indirection(igemm_indirection_size(g, kernel.mr));
  igemm_indirection_init(g, kernel.mr, input.data(), cin, zero.data(), indirection.data());
  const QS8GemmConfig config = qs8_gemm_config(kernel);
  const QS8RequantParams params = qs8_requant_params(cc.y_zero_point, range.qmin, range.qmax);
  std::vector<int8_t> got(g.output_pixels() * out_stride, kSentinel);
  for (size_t gr = 0; gr < cc.groups; gr++) {
    const int8_t* group_weights = weights.data() + gr * cc.group_out * cc.group_in * ks;
    std::vector<char> packed(qs8_packw_size(kernel.nr, cc.group_out, ks, cc.group_in));
    qs8_packw(kernel.nr, cc.group_out, ks, cc.group_in, group_weights, cc.group_in * ks, 1, ks,
              bias.data() + gr * cc.group_out, scales.data() + gr * cc.group_out, cc.x_zero_point, packed.data());
    qs8_igemm(config, g.output_pixels(), cc.group_out, cc.group_in, ks, indirection.data(), packed.data(),
              got.data() + gr * cc.group_out, out_stride, gr * cc.group_in, zero.data(), params);
  }
  REQUIRE(describe_int8_mismatch(got.data(), want.data(), got.size()) == "");
}

}  // namespace

TEST_CASE("qs8 GEMM kernels match the integer oracle bit for bit", "[kernels][qs8-gemm]") {
  size_t count = 0;
  const QS8GemmUkernelInfo* list = qs8_gemm_ukernels(&count);
  REQUIRE(count >= 4);
  for (size_t i = 0; i < count; i++) {
    DYNAMIC_SECTION(list[i].name) { test_gemm_kernel(list[i]); }
  }
}

TEST_CASE("qs8 IGEMM kernels match the direct convolution oracle", "[kernels][qs8-gemm]") {
  const ConvCase cases[] = {
      {"3x3 pad1 stride1, 3 channels (stem-like K tail)", 5, 7, 3, 3, 1, 1, 1, 1, 3, 5, -128, 127},
      {"3x3 stride2, odd channels", 9, 6, 3, 3, 2, 1, 1, 1, 17, 19, 11, -3},
      {"1x1 pointwise", 4, 5, 1, 1, 1, 1, 0, 1, 24, 16, 127, -128},
      {"5x5 dilation2 pad2", 8, 9, 5, 5, 1, 2, 2, 1, 9, 8, -5, 0},
      {"grouped (a_offset)", 6, 6, 3, 3, 1, 1, 1, 2, 11, 7, 3, 4},
  };
  size_t count = 0;
  const QS8GemmUkernelInfo* list = qs8_gemm_ukernels(&count);
  for (size_t i = 0; i < count; i++)
    for (const ConvCase& cc : cases) run_conv_case(list[i], cc);
}

TEST_CASE("qs8 GEMM driver tiles M and N blocks, widens A for ppmm, uses the 1-row kernel", "[kernels][qs8-gemm]") {
  QS8GemmConfig in_loop = qs8_gemm_default_config();
  in_loop.ppmm = nullptr;
  for (const QS8GemmConfig& config : {qs8_gemm_default_config(), in_loop}) {
    for (auto [m, n, k] : {std::tuple<size_t, size_t, size_t>{1, 1000, 784}, {13, 77, 1100}, {6, 40, 3},
                           {kQS8PpmmRowBlock + 7, 19, 21}}) {
      INFO("ppmm=" << (config.ppmm != nullptr) << " m=" << m << " n=" << n << " k=" << k);
      std::mt19937 rng(static_cast<unsigned>(m + n + k));
      const std::vector<int8_t> a = random_int8(m * k, rng), b = random_int8(k * n, rng, -127, 127);
      const std::vector<int32_t> bias = random_int32(n, rng, -1000, 1000);
      const std::vector<float> scales = saturating_scales(n, k, rng);
      std::vector<char> packed(qs8_packw_size(config.nr, n, 1, k));
      qs8_packw(config.nr, n, 1, k, b.data(), 1, 0, n, bias.data(), scales.data(), -3, packed.data());
      std::vector<int8_t> want(m * n), got(m * n, kSentinel);
      qs8_gemm_reference(m, n, k, a.data(), k, -3, b.data(), n, bias.data(), scales.data(), want.data(), n, 2, -128,
                         127);
      std::vector<int16_t> workspace(qs8_gemm_workspace_size(config, m, k));
      qs8_gemm(config, m, n, k, a.data(), k, packed.data(), got.data(), n, qs8_requant_params(2, -128, 127),
               workspace.data());
      REQUIRE(describe_int8_mismatch(got.data(), want.data(), got.size()) == "");
    }
  }
}

TEST_CASE("qs8 requantization: the magic-number form equals round-half-even", "[kernels][qs8-gemm]") {
  // Ties (x.5) must round to even like ONNX QuantizeLinear; the oracle uses
  // nearbyint, the kernels the float magic bias: 1 x 1 x 1 GEMMs hit each tie.
  const QS8GemmConfig config = qs8_gemm_default_config();
  for (int32_t acc : {1, 3, 5, -1, -3, -5, 251, -251}) {
    const int8_t a = 1, b = 1;
    const float scale = 0.5f;  // acc * 0.5: ties at odd acc
    std::vector<char> packed(qs8_packw_size(config.nr, 1, 1, 1));
    const int32_t bias = acc - 1;
    qs8_packw(config.nr, 1, 1, 1, &b, 1, 0, 1, &bias, &scale, 0, packed.data());
    int8_t got = kSentinel;
    qs8_gemm(config, 1, 1, 1, &a, 1, packed.data(), &got, 1, qs8_requant_params(0, -128, 127));
    const long expected = std::lrint(std::nearbyint(acc * 0.5));
    INFO("acc=" << acc);
    REQUIRE(int(got) == std::max(-128L, std::min(127L, expected)));
    REQUIRE((acc * 0.5 - expected == 0.5 || acc * 0.5 - expected == -0.5));
    REQUIRE(expected % 2 == 0);
  }
}

TEST_CASE("qs8 requantization: the int32-max clamp equals the float clamp over the whole float range",
          "[kernels][qs8-gemm]") {
  // The SIMD epilogues clamp after the magic bias (qs8-requant.h): scaled
  // accumulators from far below -2^23 (negative sums) through +-2^22 to
  // +inf (1e30 * 2^31 overflows) must still give qmin / qmax exactly.
  const QS8GemmConfig config = qs8_gemm_default_config();
  const QS8GemvUkernelInfo gemv = qs8_gemv_default_ukernel();
  const int32_t accs[] = {std::numeric_limits<int32_t>::min() + 1, -(1 << 30), -(1 << 24) - 1, -12582912, -4194305,
                          -300, -129, -1, 0, 1, 128, 300, 4194305, 12582912, (1 << 24) + 1, 1 << 30,
                          std::numeric_limits<int32_t>::max()};
  for (float scale : {1e-9f, 0.37f, 1.0f, 3.0f, 1e3f, 1e30f})
    for (int32_t zy : {-128, -5, 0, 127})
      for (const QRange& r : test_ranges(zy)) {
        const QS8RequantParams params = qs8_requant_params(zy, r.qmin, r.qmax);
        const size_t n = std::size(accs);
        std::vector<float> scales(n, scale);
        // C = bias (A = 0, W = 0): one row through qs8_gemm, 4 rows (the
        // ppmm tile), and the batch-1 GEMV on int8 weights.
        const std::vector<int8_t> a(4, 0), w(n, 0);
        std::vector<char> packed(qs8_packw_size(config.nr, n, 1, 1));
        qs8_packw(config.nr, n, 1, 1, w.data(), 1, 0, 1, accs, scales.data(), 0, packed.data());
        std::vector<int8_t> got(4 * n, kSentinel);
        std::vector<int16_t> workspace(qs8_gemm_workspace_size(config, 4, 1));
        qs8_gemm(config, 4, n, 1, a.data(), 1, packed.data(), got.data(), n, params, workspace.data());
        std::vector<int8_t> got1(n, kSentinel), got_gemv(n, kSentinel);
        qs8_gemm(config, 1, n, 1, a.data(), 1, packed.data(), got1.data(), n, params, workspace.data());
        std::vector<char> packed8(qs8_packw_int8_size(gemv.nr, n, 1));
        qs8_packw_int8(gemv.nr, n, 1, w.data(), 1, 1, accs, scales.data(), 0, packed8.data());
        gemv.fn(n, 1, a.data(), packed8.data(), got_gemv.data(), &params);
        for (size_t j = 0; j < n; j++) {
          INFO("acc=" << accs[j] << " scale=" << scale << " zy=" << zy << " qmin=" << r.qmin << " qmax=" << r.qmax);
          const int8_t want = qs8_requantize_reference(accs[j], scale, zy, r.qmin, r.qmax);
          for (size_t row = 0; row < 4; row++) REQUIRE(int(got[row * n + j]) == int(want));
          REQUIRE(int(got1[j]) == int(want));
          REQUIRE(int(got_gemv[j]) == int(want));
        }
      }
}

TEST_CASE("qs8 GEMM kernels on pre-widened A match the integer oracle", "[kernels][qs8-gemm]") {
  // Both layouts: rows one after another (qs8_packa_int16) and the MR rows
  // of a strip interleaved pair by pair (qs8_packa_int16_interleaved).
  for (bool interleaved : {false, true}) {
  size_t count = 0;
  const QS8PpmmUkernelInfo* list = interleaved ? qs8_ppmm_interleaved_ukernels(&count) : qs8_ppmm_ukernels(&count);
  REQUIRE(count >= (interleaved ? 1u : 4u));
  for (size_t i = 0; i < count; i++) {
    const QS8PpmmUkernelInfo& kernel = list[i];
    for (size_t m = 1; m <= kernel.mr; m++) {
      for (size_t n : {size_t{1}, kernel.nr - 1, kernel.nr, 2 * kernel.nr + 3}) {
        for (size_t k : {1, 2, 7, 8, 9, 24, 27, 61}) {
          for (int32_t za : {-128, 3, 127}) {
            INFO(kernel.name << " m=" << m << " n=" << n << " k=" << k << " za=" << za);
            std::mt19937 rng(static_cast<unsigned>(m * 97 + n * 13 + k));
            const size_t a_stride = k + 3, c_stride = n + 2, kp = (k + 7) / 8 * 8;
            const std::vector<int8_t> a = random_int8(m * a_stride, rng), b = random_int8(k * n, rng, -127, 127);
            const std::vector<int32_t> bias = random_int32(n, rng, -9000, 9000);
            const std::vector<float> scales = saturating_scales(n, k, rng);
            std::vector<char> packed(qs8_packw_size(kernel.nr, n, 1, k));
            qs8_packw(kernel.nr, n, 1, k, b.data(), 1, 0, n, bias.data(), scales.data(), za, packed.data());
            std::vector<int16_t> wide(kernel.mr * kp, 0x5A5A);
            if (interleaved) {
              qs8_packa_int16_interleaved(kernel.mr, m, k, a.data(), a_stride, wide.data());
            } else {
              qs8_packa_int16(m, k, a.data(), a_stride, wide.data());
            }
            const int32_t zc = -za / 2;
            std::vector<int8_t> want(m * n), got(m * c_stride, kSentinel);
            qs8_gemm_reference(m, n, k, a.data(), a_stride, za, b.data(), n, bias.data(), scales.data(), want.data(),
                               n, zc, -120, 126);
            const QS8RequantParams params = qs8_requant_params(zc, -120, 126);
            // The pairs up to K (what the driver passes), and the whole padded
            // block: both give the oracle's outputs.
            for (size_t kc : {(k + 1) / 2 * 2, kp}) {
              INFO("kc=" << kc);
              std::fill(got.begin(), got.end(), kSentinel);
              kernel.fn(m, n, kc, wide.data(), kp * sizeof(int16_t), packed.data(), got.data(), c_stride, kernel.nr,
                        &params);
              for (size_t r = 0; r < m; r++) {
                REQUIRE(describe_int8_mismatch(&got[r * c_stride], &want[r * n], n) == "");
                for (size_t j = n; j < c_stride; j++) REQUIRE(got[r * c_stride + j] == kSentinel);
              }
            }
          }
        }
      }
    }
  }
  }
}

TEST_CASE("qs8 interleaved A packing puts each row's K pairs where the layout says", "[kernels][qs8-gemm]") {
  // The mr = 4 path transposes 8 K of 4 rows with shuffles, and a K tail
  // of a row of >= 8 through a word read of the row's last 8 bytes; other
  // mr, K < 8 and the row tails are plain loops: all against the layout's
  // definition. Rows packed tight (a_stride = k: the last row's last byte
  // ends the buffer, for the sanitizers) and with a gap.
  std::mt19937 rng(41);
  for (size_t mr : {1, 3, 4})
    for (size_t m : {1, 3, 4, 5, 8, 9})
      for (size_t k : {1, 2, 7, 8, 9, 15, 16, 27, 31, 61})
        for (size_t gap : {0, 5}) {
          INFO("mr=" << mr << " m=" << m << " k=" << k << " a_stride=k+" << gap);
          const size_t a_stride = k + gap, kp = (k + 7) / 8 * 8, strips = (m + mr - 1) / mr;
          const std::vector<int8_t> a = random_int8(m * a_stride, rng);
          std::vector<int16_t> got(strips * mr * kp, 0x5A5A);
          qs8_packa_int16_interleaved(mr, m, k, a.data(), a_stride, got.data());
          for (size_t s = 0; s < strips; s++)
            for (size_t i = 0; i < mr; i++)
              for (size_t j = 0; j < kp; j++) {
                const size_t row = s * mr + i;
                const int want = row < m && j < k ? a[row * a_stride + j] : 0;
                REQUIRE(int(got[s * mr * kp + (j / 2) * 2 * mr + 2 * i + (j & 1)]) == want);
              }
        }
}

TEST_CASE("qs8 GEMV kernels on int8 weights match the integer oracle", "[kernels][qs8-gemm]") {
  size_t count = 0;
  const QS8GemvUkernelInfo* list = qs8_gemv_ukernels(&count);
  REQUIRE(count >= 2);
  for (size_t i = 0; i < count; i++) {
    const size_t nr = list[i].nr;
    for (size_t n : {size_t{1}, size_t{5}, nr - 1, nr, nr + 3, 3 * nr + 7}) {
      for (size_t k : {1, 3, 8, 13, 64, 785}) {
        for (int32_t za : {-128, 0, 127}) {
          INFO(list[i].name << " n=" << n << " k=" << k << " za=" << za);
          std::mt19937 rng(static_cast<unsigned>(n * 31 + k));
          const std::vector<int8_t> a = random_int8(k, rng), b = random_int8(k * n, rng);  // -128 weights too
          const std::vector<int32_t> bias = random_int32(n, rng, -5000, 5000);
          const std::vector<float> scales = saturating_scales(n, k, rng);
          std::vector<char> packed(qs8_packw_int8_size(nr, n, k));
          qs8_packw_int8(nr, n, k, b.data(), 1, n, bias.data(), scales.data(), za, packed.data());
          std::vector<int8_t> want(n), got(n + 4, kSentinel);
          qs8_gemm_reference(1, n, k, a.data(), k, za, b.data(), n, bias.data(), scales.data(), want.data(), n, -za / 3,
                             -127, 125);
          const QS8RequantParams params = qs8_requant_params(-za / 3, -127, 125);
          list[i].fn(n, k, a.data(), packed.data(), got.data(), &params);
          REQUIRE(describe_int8_mismatch(got.data(), want.data(), n) == "");
          for (size_t j = n; j < n + 4; j++) REQUIRE(got[j] == kSentinel);
        }
      }
    }
  }
}

namespace {

// (|bias'| + 128 * sum |w|) for channel j of b ([k][n]) with input zero
// point za: the accumulator bound the pack-time checks compute.
double channel_reach(const std::vector<int8_t>& b, const std::vector<int32_t>& bias, size_t n, size_t k, size_t j,
                     int32_t za) {
  double sum = 0;
  int64_t folded = bias[j];
  for (size_t kk = 0; kk < k; kk++) {
    sum += std::abs(int(b[kk * n + j]));
    folded -= int64_t{za} * b[kk * n + j];
  }
  return std::abs(double(folded)) + 128.0 * sum;
}

// The ppmm kernels that need qs8_packw_accumulators_fit (config: i8min or
// i8sat) against the oracle, on every output range `ranges(zc)` gives.
template <typename Ranges>
void check_bounded_ppmm(const QS8GemmConfig& config, Ranges&& ranges) {
  for (size_t m = 1; m <= 4; m++)
    for (size_t n : {size_t{1}, size_t{7}, size_t{8}, size_t{19}})
      for (size_t k : {1, 8, 27, 61})
        for (int32_t za : {-128, 3, 127})
          for (bool at_bound : {false, true}) {
            INFO("m=" << m << " n=" << n << " k=" << k << " za=" << za << " at_bound=" << at_bound);
            std::mt19937 rng(static_cast<unsigned>(m * 131 + n * 17 + k * 3 + (at_bound ? 1 : 0)));
            const size_t kp = (k + 7) / 8 * 8, c_stride = n + 3;
            const std::vector<int8_t> a = random_int8(m * k, rng), b = random_int8(k * n, rng, -127, 127);
            const std::vector<int32_t> bias = random_int32(n, rng, -9000, 9000);
            std::vector<float> scales = saturating_scales(n, k, rng);
            // The largest scale the bound allows for each channel (bias'
            // folds the input zero point), or saturating ones below it.
            for (size_t j = 0; j < n; j++) {
              const float largest = static_cast<float>(2097152.0 / channel_reach(b, bias, n, k, j, za) * 0.999);
              if (at_bound || scales[j] > largest) scales[j] = largest;
            }
            std::vector<char> packed(qs8_packw_size(config.nr, n, 1, k));
            qs8_packw(config.nr, n, 1, k, b.data(), 1, 0, n, bias.data(), scales.data(), za, packed.data());
            REQUIRE(qs8_packw_accumulators_fit(config.nr, n, 1, k, packed.data()));
            std::vector<int16_t> wide(4 * kp);
            qs8_packa_int16_interleaved(4, m, k, a.data(), k, wide.data());
            for (int32_t zc : {-128, -5, 127})
              for (const QRange& range : ranges(zc)) {
                INFO("zc=" << zc << " qmin=" << range.qmin << " qmax=" << range.qmax);
                std::vector<int8_t> want(m * n), got(m * c_stride, kSentinel);
                qs8_gemm_reference(m, n, k, a.data(), k, za, b.data(), n, bias.data(), scales.data(), want.data(), n,
                                   zc, range.qmin, range.qmax);
                const QS8RequantParams params = qs8_requant_params(zc, range.qmin, range.qmax);
                config.ppmm(m, n, (k + 1) / 2 * 2, wide.data(), kp * sizeof(int16_t), packed.data(), got.data(),
                            c_stride, config.nr, &params);
                for (size_t r = 0; r < m; r++) {
                  REQUIRE(describe_int8_mismatch(&got[r * c_stride], &want[r * n], n) == "");
                  for (size_t j = n; j < c_stride; j++) REQUIRE(got[r * c_stride + j] == kSentinel);
                }
              }
          }
}

}  // namespace

TEST_CASE("qs8 ppmm with the int8 lower clamp matches the oracle where the accumulators fit", "[kernels][qs8-gemm]") {
  // qs8_ppmm_..._ia_i8min drops the int32 max of the magic-bias
  // requantization for an int8 max after the narrows: the same bits while
  // |acc * scale| <= 2^21 (qs8_packw_accumulators_fit). Scales up to that
  // bound (outputs far past both ends of the int8 range) and small ones
  // (rounding), every output range, the extreme zero points.
  check_bounded_ppmm(qs8_gemm_default_i8min_config(), [](int32_t zc) { return test_ranges(zc); });
}

TEST_CASE("qs8 ppmm with no clamp instruction matches the oracle on the whole int8 range", "[kernels][qs8-gemm]") {
  // qs8_ppmm_..._ia_i8sat leaves out the int8 min and max too: for [-128,
  // 127] the saturating narrows are the clamp. The same shapes, scales up
  // to the accumulator bound (outputs saturating at both ends) and the
  // extreme zero points as the i8min twin.
  REQUIRE(qs8_requant_full_range(qs8_requant_params(-128, -128, 127)));
  REQUIRE(qs8_requant_full_range(qs8_requant_params(127, -128, 127)));
  REQUIRE_FALSE(qs8_requant_full_range(qs8_requant_params(0, -127, 127)));
  REQUIRE_FALSE(qs8_requant_full_range(qs8_requant_params(0, -128, 126)));
  check_bounded_ppmm(qs8_gemm_default_i8sat_config(),
                     [](int32_t) { return std::vector<QRange>{{-128, 127}}; });
}

TEST_CASE("qs8 accumulator bound: weights past 2^21, or a non-finite scale, do not fit", "[kernels][qs8-gemm]") {
  const size_t nr = 8, n = 11, k = 13;
  std::mt19937 rng(5);
  const std::vector<int8_t> b = random_int8(k * n, rng, -127, 127);
  const std::vector<int32_t> bias = random_int32(n, rng, -9000, 9000);
  const int32_t za = -7;
  // The per-channel bound (|bias'| + 128 * sum |w|) * scale, computed here.
  std::vector<double> reach(n);
  for (size_t j = 0; j < n; j++) {
    double sum = 0;
    int64_t folded = bias[j];
    for (size_t kk = 0; kk < k; kk++) {
      sum += std::abs(int(b[kk * n + j]));
      folded -= int64_t{za} * b[kk * n + j];
    }
    reach[j] = std::abs(double(folded)) + 128.0 * sum;
  }
  auto fits = [&](const std::vector<float>& scales) {
    std::vector<char> packed(qs8_packw_size(nr, n, 1, k));
    qs8_packw(nr, n, 1, k, b.data(), 1, 0, n, bias.data(), scales.data(), za, packed.data());
    return qs8_packw_accumulators_fit(nr, n, 1, k, packed.data());
  };
  std::vector<float> scales(n);
  for (size_t j = 0; j < n; j++) scales[j] = static_cast<float>(2097152.0 / reach[j] * 0.99);
  CHECK(fits(scales));
  for (size_t j : {size_t{0}, size_t{9}, n - 1}) {  // one channel past the bound, in the first and the last panel
    INFO("channel " << j);
    std::vector<float> over = scales;
    over[j] = static_cast<float>(2097152.0 / reach[j] * 1.01);
    CHECK(!fits(over));
    over[j] = std::numeric_limits<float>::quiet_NaN();
    CHECK(!fits(over));
    over[j] = std::numeric_limits<float>::infinity();
    CHECK(!fits(over));
  }
}
