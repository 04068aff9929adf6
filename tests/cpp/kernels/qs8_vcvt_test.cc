// The SIMD quantize / dequantize kernels bit-exact against the scalar
// oracles (core/quant_math.h): lengths around the 8-element step, ties
// (x / s = k + 0.5), saturation, NaN, zero points at the extremes.
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "kernels/qs8-vcvt/qs8-vcvt.h"
#include "qs8_test_utils.h"

using namespace nnslim::kernels;
using namespace nnslim::kernels::testing;

TEST_CASE("f32 -> qs8 quantize: SIMD equals the formula", "[kernels][qs8-vcvt]") {
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> dist(-3.0f, 3.0f);
  for (int32_t zp : {-128, -1, 0, 37, 127}) {
    for (float scale : {0.01f, 0.0123f, 0.5f}) {
      for (size_t n : {1, 7, 8, 9, 16, 31, 100}) {
        INFO("zp=" << zp << " scale=" << scale << " n=" << n);
        std::vector<float> x(n);
        for (size_t i = 0; i < n; i++) {
          switch (i % 5) {
            case 0: x[i] = dist(rng); break;
            case 1: x[i] = (std::floor(dist(rng) * 20.0f) + 0.5f) * scale; break;  // a tie
            case 2: x[i] = (i % 3 ? 1e6f : std::numeric_limits<float>::infinity()) * (i % 2 ? 1.0f : -1.0f);
                    break;  // saturates
            case 3: x[i] = std::numeric_limits<float>::quiet_NaN(); break;
            default: x[i] = i % 4 ? -dist(rng) * 0.1f : -0.0f; break;
          }
        }
        const QS8CvtParams params{scale, zp};
        std::vector<int8_t> want(n), got(n + 3, 0x5A);
        f32_qs8_vcvt_ukernel__scalar(n, x.data(), want.data(), &params);
        f32_qs8_vcvt_ukernel__wasmsimd_x8(n, x.data(), got.data(), &params);
        REQUIRE(describe_int8_mismatch(got.data(), want.data(), n) == "");
        for (size_t i = n; i < n + 3; i++) REQUIRE(got[i] == 0x5A);
      }
    }
  }
}

// onnxruntime's QuantizeLinear (MLAS: x86 MAXPS / ARM FMAXNM clamp to the
// lower bound before the zero point is added) writes qmin for a NaN.
TEST_CASE("f32 -> qs8 quantize: NaN becomes -128 for every zero point, as onnxruntime writes it", "[kernels][qs8-vcvt]") {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  for (int32_t zp : {-128, -1, 0, 37, 127}) {
    for (size_t n : {1, 8, 11}) {
      INFO("zp=" << zp << " n=" << n);
      const std::vector<float> x(n, nan);
      const QS8CvtParams params{0.05f, zp};
      std::vector<int8_t> simd(n, 0x5A), scalar(n, 0x5A);
      f32_qs8_vcvt_ukernel__wasmsimd_x8(n, x.data(), simd.data(), &params);
      f32_qs8_vcvt_ukernel__scalar(n, x.data(), scalar.data(), &params);
      for (size_t i = 0; i < n; i++) {
        CHECK(simd[i] == -128);
        CHECK(scalar[i] == -128);
      }
    }
  }
}

TEST_CASE("qs8 -> f32 dequantize: SIMD equals the formula", "[kernels][qs8-vcvt]") {
  std::mt19937 rng(4);
  for (int32_t zp : {-128, 0, 127}) {
    for (size_t n : {1, 5, 8, 13, 64, 259}) {
      INFO("zp=" << zp << " n=" << n);
      const std::vector<int8_t> x = random_int8(n, rng);
      const QS8CvtParams params{0.0371f, zp};
      std::vector<float> want(n), got(n + 2, -7.0f);
      qs8_f32_vcvt_ukernel__scalar(n, x.data(), want.data(), &params);
      qs8_f32_vcvt_ukernel__wasmsimd_x8(n, x.data(), got.data(), &params);
      REQUIRE(std::memcmp(got.data(), want.data(), n * sizeof(float)) == 0);
      REQUIRE(got[n] == -7.0f);
      REQUIRE(got[n + 1] == -7.0f);
    }
  }
}
