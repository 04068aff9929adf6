// The SIMD int8 add bit-exact against its scalar oracle: lengths around the
// 8-element step, zero points at the extremes, multipliers that saturate,
// narrow output ranges.
#include <cmath>
#include <cstdlib>
#include <limits>
#include <vector>

#include "kernels/qs8-vadd/qs8-vadd.h"
#include "qs8_test_utils.h"

using namespace nnslim::kernels;
using namespace nnslim::kernels::testing;

TEST_CASE("qs8 vadd: SIMD equals the scalar oracle", "[kernels][qs8-vadd]") {
  std::mt19937 rng(9);
  for (int32_t za : {-128, 0, 127})
    for (int32_t zy : {-128, 7, 127})
      for (float b_mul : {0.37f, 1.9f})
        for (size_t n : {1, 7, 8, 9, 31, 200}) {
          INFO("za=" << za << " zy=" << zy << " b_mul=" << b_mul << " n=" << n);
          const std::vector<int8_t> a = random_int8(n, rng), b = random_int8(n, rng);
          for (const QRange& r : test_ranges(zy)) {
            const QS8AddParams params{0.81f, b_mul, za, -za / 2, zy, r.qmin, r.qmax};
            std::vector<int8_t> want(n), got(n + 2, 0x5A);
            qs8_vadd_minmax_fp32_ukernel__scalar(n, a.data(), b.data(), want.data(), &params);
            qs8_vadd_minmax_fp32_ukernel__wasmsimd_x8(n, a.data(), b.data(), got.data(), &params);
            REQUIRE(describe_int8_mismatch(got.data(), want.data(), n) == "");
            REQUIRE(got[n] == 0x5A);
          }
        }
}

// The fixed-point kernel: SIMD bit-exact against its scalar oracle (lengths
// around the 16-element step, small, near-1 and larger multipliers, extreme zero points, narrow
// ranges), and the scalar oracle within one step of the fp32 formula (the
// multipliers' rounding moves only near-ties).
TEST_CASE("qs8 vadd rndnu: SIMD equals the scalar oracle, within 1 of fp32", "[kernels][qs8-vadd]") {
  std::mt19937 rng(19);
  size_t off_by_one = 0, total = 0;
  for (int32_t za : {-128, 0, 127})
    for (int32_t zy : {-128, 7, 127})
      for (float b_mul : {0.0001f, 0.37f, 0.9999f, 1.0f, 1.9f, 37.5f})  // 1 and up: shorter last shifts
        for (size_t n : {1, 7, 15, 16, 17, 33, 200}) {
          INFO("za=" << za << " zy=" << zy << " b_mul=" << b_mul << " n=" << n);
          const std::vector<int8_t> a = random_int8(n, rng), b = random_int8(n, rng);
          for (const QRange& r : test_ranges(zy)) {
            const QS8AddParams fp32{0.81f, b_mul, za, -za / 2, zy, r.qmin, r.qmax};
            QS8AddRndnuParams params;
            REQUIRE(qs8_add_rndnu_params(fp32, &params));
            std::vector<int8_t> want(n), got(n + 2, 0x5A), fp32_want(n);
            qs8_vadd_minmax_rndnu_ukernel__scalar(n, a.data(), b.data(), want.data(), &params);
            qs8_vadd_minmax_rndnu_ukernel__wasmsimd_dot16_x16(n, a.data(), b.data(), got.data(), &params);
            REQUIRE(describe_int8_mismatch(got.data(), want.data(), n) == "");
            REQUIRE(got[n] == 0x5A);
            qs8_vadd_minmax_fp32_ukernel__scalar(n, a.data(), b.data(), fp32_want.data(), &fp32);
            for (size_t i = 0; i < n; i++) {
              REQUIRE(std::abs(int(want[i]) - int(fp32_want[i])) <= 1);
              if (b_mul >= 1.0f) continue;  // x.5 ties of 37.5 * db: rndnu rounds up, fp32 to even
              off_by_one += want[i] != fp32_want[i];
              total++;
            }
          }
        }
  // 30-bit multipliers (both below 1): differences only within ~2^-22 of a
  // tie, which random operands (a few thousand sums here) essentially never hit.
  CHECK(off_by_one * 1000 < total);
}

TEST_CASE("qs8 vadd rndnu: multipliers of 128 or more, negative or not finite, stay on fp32", "[kernels][qs8-vadd]") {
  QS8AddRndnuParams params;
  CHECK_FALSE(qs8_add_rndnu_params(QS8AddParams{128.0f, 0.5f, 0, 0, 0, -128, 127}, &params));
  CHECK_FALSE(qs8_add_rndnu_params(QS8AddParams{0.5f, 1000.0f, 0, 0, 0, -128, 127}, &params));
  CHECK_FALSE(qs8_add_rndnu_params(QS8AddParams{0.5f, std::numeric_limits<float>::infinity(), 0, 0, 0, -128, 127}, &params));
  CHECK_FALSE(qs8_add_rndnu_params(QS8AddParams{std::nanf(""), 0.5f, 0, 0, 0, -128, 127}, &params));
  CHECK_FALSE(qs8_add_rndnu_params(QS8AddParams{-0.5f, 0.5f, 0, 0, 0, -128, 127}, &params));
  REQUIRE(qs8_add_rndnu_params(QS8AddParams{0.75f + 0x1p-24f, 0.5f, 3, -4, 5, -128, 127}, &params));
  CHECK(params.a_mul_hi == 24576);  // (0.75 + 2^-24) * 2^30 = 24576 * 2^15 + 64
  CHECK(params.a_mul_lo == 64);
  CHECK(params.b_mul_hi == 16384);
  CHECK(params.b_mul_lo == 0);
  CHECK(params.a_zero_point == 3);
  CHECK(params.b_zero_point == -4);
  CHECK(params.bias == 5 * 32768 + 16384);
  CHECK(params.shift == 15);
  // 1.5 and 0.25: both below 2^1, so 29-bit multipliers and shift 14.
  REQUIRE(qs8_add_rndnu_params(QS8AddParams{1.5f, 0.25f, 0, 0, -3, -128, 127}, &params));
  CHECK(params.shift == 14);
  CHECK(params.a_mul_hi == 24576);  // 1.5 * 2^29 = 24576 * 2^15
  CHECK(params.a_mul_lo == 0);
  CHECK(params.b_mul_hi == 4096);
  CHECK(params.bias == -3 * 16384 + 8192);
}
