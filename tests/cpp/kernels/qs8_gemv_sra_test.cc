// The batch-1 GEMV on the sra packing (qs8-gemv-sra.h: two int8 weights per
// int16 lane, the high one recovered by an arithmetic shift) bit-exact
// against the unpacked integer oracle qs8_gemm_reference: odd N and K, N and
// K tails, both weight orders ([K, N] and transposed [N, K]), zero points at
// the extremes, weights and inputs at -128 / 127 with K large enough that
// the kernel's raw accumulator (256 * S_hi + S_lo) wraps around int32, and
// the requantization over the whole int32 range.
#include <algorithm>
#include <limits>
#include <random>
#include <vector>

#include "kernels/qs8-gemm/qs8-gemm.h"
#include "kernels/qs8-gemm/qs8-gemv-sra.h"
#include "qs8_test_utils.h"

using namespace nnslim::kernels;
using namespace nnslim::kernels::testing;

namespace {

constexpr int8_t kSentinel = 0x5A;

// b: [K, N]; packs it (transposed: through an [N, K] copy), widens a, runs
// the kernel and compares with the oracle for every output range.
void check(const QS8GemvSraUkernelInfo& kernel, size_t n, size_t k, const std::vector<int8_t>& a,
           const std::vector<int8_t>& b, const std::vector<int32_t>& bias, const std::vector<float>& scales,
           int32_t za, int32_t zc, bool transposed) {
  INFO(kernel.name << " n=" << n << " k=" << k << " za=" << za << " zc=" << zc << " transposed=" << transposed);
  std::vector<char> packed(qs8_packw_sra_size(kernel.nr, n, k));
  if (transposed) {
    std::vector<int8_t> bt(n * k);
    for (size_t p = 0; p < k; p++)
      for (size_t j = 0; j < n; j++) bt[j * k + p] = b[p * n + j];
    qs8_packw_sra(kernel.nr, n, k, bt.data(), k, 1, bias.data(), scales.data(), za, packed.data());
  } else {
    qs8_packw_sra(kernel.nr, n, k, b.data(), 1, n, bias.data(), scales.data(), za, packed.data());
  }
  std::vector<int16_t> a16(qs8_gemv_sra_input_size(k), 0x7777);
  const int32_t sum = qs8_gemv_sra_widen_input(k, a.data(), a16.data());
  for (const QRange& range : test_ranges(zc)) {
    INFO("qmin=" << range.qmin << " qmax=" << range.qmax);
    std::vector<int8_t> want(n), got(n + 4, kSentinel);
    qs8_gemm_reference(1, n, k, a.data(), k, za, b.data(), n, bias.data(), scales.data(), want.data(), n, zc,
                       range.qmin, range.qmax);
    const QS8RequantParams params = qs8_requant_params(zc, range.qmin, range.qmax);
    kernel.fn(n, k, a16.data(), sum, packed.data(), got.data(), &params);
    REQUIRE(describe_int8_mismatch(got.data(), want.data(), n) == "");
    for (size_t j = n; j < n + 4; j++) REQUIRE(got[j] == kSentinel);
  }
}

}  // namespace

TEST_CASE("qs8 GEMV sra: the widened input and its sum", "[kernels][qs8-gemm]") {
  // The SIMD part (16 at a time) and the scalar tail; all -128 / all 127.
  for (int fill : {0, -128, 127})
  for (size_t k : {1, 7, 8, 9, 15, 16, 17, 23, 33, 1030}) {
    INFO("k=" << k << " fill=" << fill);
    std::mt19937 rng(static_cast<unsigned>(k));
    std::vector<int8_t> a = random_int8(k, rng);
    if (fill != 0) std::fill(a.begin(), a.end(), static_cast<int8_t>(fill));
    std::vector<int16_t> out(qs8_gemv_sra_input_size(k) + 1, 0x7777);
    REQUIRE(qs8_gemv_sra_input_size(k) % 8 == 0);
    int32_t want = 0;
    for (int8_t x : a) want += x;
    REQUIRE(qs8_gemv_sra_widen_input(k, a.data(), out.data()) == want);
    for (size_t i = 0; i < qs8_gemv_sra_input_size(k); i++) REQUIRE(out[i] == (i < k ? a[i] : 0));
    REQUIRE(out.back() == 0x7777);  // nothing written past the padded size
  }
}

TEST_CASE("qs8 GEMV sra kernels match the integer oracle", "[kernels][qs8-gemm]") {
  size_t count = 0;
  const QS8GemvSraUkernelInfo* list = qs8_gemv_sra_ukernels(&count);
  REQUIRE(count >= 1);
  for (size_t i = 0; i < count; i++) {
    const size_t nr = list[i].nr;
    for (size_t n : {size_t{1}, size_t{3}, size_t{5}, size_t{8}, size_t{9}, nr - 1, nr, nr + 3, 3 * nr + 7}) {
      for (size_t k : {1, 2, 3, 7, 8, 9, 13, 64, 785}) {
        for (int32_t za : {-128, 0, 127}) {
          std::mt19937 rng(static_cast<unsigned>(n * 31 + k + static_cast<unsigned>(za + 128) * 7919));
          const std::vector<int8_t> a = random_int8(k, rng), b = random_int8(k * n, rng);  // -128 weights too
          const std::vector<int32_t> bias = random_int32(n, rng, -5000, 5000);
          const std::vector<float> scales = saturating_scales(n, k, rng);
          for (int32_t zc : {-128, -za / 3, 127}) check(list[i], n, k, a, b, bias, scales, za, zc, (n + k) % 2 == 1);
        }
      }
    }
  }
}

TEST_CASE("qs8 GEMV sra kernels: extreme weights and inputs, wrapping raw sums", "[kernels][qs8-gemm]") {
  // With every weight and input at -128 or 127 and K = 4101, |S| reaches
  // 4101 * 16384 ~ 2^26: 256 * S_hi overflows int32 many times over, only the
  // final sums fit. Scales near 1 / |S| keep the outputs off the clamp.
  size_t count = 0;
  const QS8GemvSraUkernelInfo* list = qs8_gemv_sra_ukernels(&count);
  for (size_t i = 0; i < count; i++) {
    const size_t nr = list[i].nr, n = 2 * nr + 5, k = 4101;
    for (int pattern = 0; pattern < 4; pattern++) {
      std::mt19937 rng(static_cast<unsigned>(pattern + 1));
      std::vector<int8_t> a(k), b(k * n);
      for (size_t p = 0; p < k; p++) a[p] = pattern & 1 ? int8_t{-128} : int8_t{127};
      for (size_t p = 0; p < k * n; p++) {
        const bool low = pattern & 2 ? (rng() & 1) != 0 : (p % n) % 2 == 0;
        b[p] = low ? int8_t{-128} : int8_t{127};
      }
      const std::vector<int32_t> bias = random_int32(n, rng, -1000000, 1000000);
      std::vector<float> scales(n);
      for (size_t j = 0; j < n; j++) scales[j] = 100.0f / (4101.0f * 16384.0f) * (1.0f + 0.01f * j);
      for (int32_t za : {-128, 127}) check(list[i], n, k, a, b, bias, scales, za, 0, pattern >= 2);
    }
  }
}

TEST_CASE("qs8 GEMV sra: the requantization over the whole int32 range", "[kernels][qs8-gemm]") {
  // C = bias (A = 0, W = 0): the packed low biases hold b_lo + 256 * b_hi
  // (wrapping), the kernel takes 256 * b_hi off again.
  const int32_t accs[] = {std::numeric_limits<int32_t>::min() + 1, -(1 << 30), -(1 << 24) - 1, -12582912, -4194305,
                          -300, -129, -1, 0, 1, 128, 300, 4194305, 12582912, (1 << 24) + 1, 1 << 30,
                          std::numeric_limits<int32_t>::max()};
  const size_t n = sizeof(accs) / sizeof(accs[0]);
  size_t count = 0;
  const QS8GemvSraUkernelInfo* list = qs8_gemv_sra_ukernels(&count);
  for (size_t i = 0; i < count; i++)
    for (float scale : {1e-9f, 0.37f, 1.0f, 1e3f, 1e30f})
      for (int32_t zy : {-128, -5, 0, 127})
        for (const QRange& r : test_ranges(zy)) {
          const QS8RequantParams params = qs8_requant_params(zy, r.qmin, r.qmax);
          const std::vector<int8_t> a(3, 0), w(3 * n, 0);
          const std::vector<float> scales(n, scale);
          std::vector<char> packed(qs8_packw_sra_size(list[i].nr, n, 3));
          qs8_packw_sra(list[i].nr, n, 3, w.data(), 1, n, accs, scales.data(), 0, packed.data());
          std::vector<int16_t> a16(qs8_gemv_sra_input_size(3));
          const int32_t sum = qs8_gemv_sra_widen_input(3, a.data(), a16.data());
          std::vector<int8_t> got(n, kSentinel);
          list[i].fn(n, 3, a16.data(), sum, packed.data(), got.data(), &params);
          for (size_t j = 0; j < n; j++) {
            INFO(list[i].name << " acc=" << accs[j] << " scale=" << scale << " zy=" << zy << " qmin=" << r.qmin
                              << " qmax=" << r.qmax);
            REQUIRE(int(got[j]) == int(qs8_requantize_reference(accs[j], scale, zy, r.qmin, r.qmax)));
          }
        }
}
