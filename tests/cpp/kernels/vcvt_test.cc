// Conversion kernels: every SIMD variant bit-exact against the scalar kernel
// of its pair (lengths 1..40, values that include NaN, +-inf, out-of-int32
// floats, negative zero, fractions of both signs), and the scalar kernels
// against hand-checked ONNX Cast results.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include <catch2/catch.hpp>

#include "kernels/vcvt/vcvt.h"

using namespace nnslim::kernels;

namespace {

std::vector<uint8_t> random_values(VcvtType t, size_t n, std::mt19937& rng) {
  std::vector<uint8_t> bytes(n * vcvt_type_size(t));
  std::uniform_real_distribution<float> real(-300.0f, 300.0f);
  std::uniform_int_distribution<int> pick(0, 15);
  for (size_t i = 0; i < n; ++i) {
    if (t == VcvtType::kF32) {
      const float specials[] = {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(),
                                -std::numeric_limits<float>::infinity(), 3e9f, -3e9f, -0.0f, 0.0f, -0.75f};
      const int p = pick(rng);
      const float f = p < 8 ? specials[p] : real(rng);
      std::memcpy(&bytes[i * 4], &f, 4);
    } else if (t == VcvtType::kS32) {
      const int32_t v = static_cast<int32_t>(rng());
      std::memcpy(&bytes[i * 4], &v, 4);
    } else if (t == VcvtType::kS64) {
      const int64_t v = (static_cast<int64_t>(rng()) << 32) ^ rng();
      std::memcpy(&bytes[i * 8], &v, 8);
    } else {
      bytes[i] = static_cast<uint8_t>(t == VcvtType::kBool ? pick(rng) % 3 : rng());
    }
  }
  return bytes;
}

const VcvtUkernelInfo* scalar_kernel(VcvtType from, VcvtType to) {
  size_t count = 0;
  const VcvtUkernelInfo* list = vcvt_ukernels(&count);
  for (size_t i = 0; i < count; ++i)
    if (list[i].from == from && list[i].to == to && std::strstr(list[i].name, "scalar")) return &list[i];
  return nullptr;
}

}  // namespace

TEST_CASE("vcvt SIMD kernels are bit-exact against the scalar kernels", "[kernels][vcvt]") {
  size_t count = 0;
  const VcvtUkernelInfo* list = vcvt_ukernels(&count);
  REQUIRE(count >= 35);  // 30 scalar pairs + SIMD variants
  std::mt19937 rng(31);
  size_t simd = 0;
  for (size_t k = 0; k < count; ++k) {
    if (!std::strstr(list[k].name, "wasmsimd")) continue;
    ++simd;
    const VcvtUkernelInfo* oracle = scalar_kernel(list[k].from, list[k].to);
    REQUIRE(oracle);
    const size_t in_size = vcvt_type_size(list[k].from), out_size = vcvt_type_size(list[k].to);
    for (size_t n = 1; n <= 40; ++n) {
      INFO(list[k].name << " n=" << n);
      const std::vector<uint8_t> x = random_values(list[k].from, n, rng);
      std::vector<uint8_t> want(n * out_size), got((n + 1) * out_size, 0xEE);
      oracle->fn(n, x.data(), want.data());
      list[k].fn(n, x.data(), got.data());
      REQUIRE(std::memcmp(got.data(), want.data(), n * out_size) == 0);
      for (size_t j = n * out_size; j < got.size(); ++j) REQUIRE(got[j] == 0xEE);
      (void)in_size;
    }
  }
  CHECK(simd == 5);
}

TEST_CASE("vcvt scalar kernels follow ONNX Cast", "[kernels][vcvt]") {
  const float f[] = {2.9f, -2.9f, std::numeric_limits<float>::quiet_NaN(), -0.0f, 300.0f};
  int32_t s32[5];
  scalar_kernel(VcvtType::kF32, VcvtType::kS32)->fn(5, f, s32);
  CHECK(s32[0] == 2);
  CHECK(s32[1] == -2);  // toward zero
  CHECK(s32[2] == 0);   // NaN -> 0
  CHECK(s32[3] == 0);
  uint8_t b[5];
  scalar_kernel(VcvtType::kF32, VcvtType::kBool)->fn(5, f, b);
  CHECK(b[0] == 1);
  CHECK(b[2] == 1);  // NaN != 0
  CHECK(b[3] == 0);  // -0 == 0
  uint8_t u8[5];
  scalar_kernel(VcvtType::kF32, VcvtType::kU8)->fn(5, f, u8);
  CHECK(u8[4] == 44);  // 300 wraps mod 256
  const int64_t big[] = {(int64_t(1) << 40) + 7, -1};
  int32_t narrowed[2];
  scalar_kernel(VcvtType::kS64, VcvtType::kS32)->fn(2, big, narrowed);
  CHECK(narrowed[0] == 7);
  CHECK(narrowed[1] == -1);
  const uint8_t truth[] = {0, 1, 2};
  float truth_f[3];
  scalar_kernel(VcvtType::kBool, VcvtType::kF32)->fn(3, truth, truth_f);
  CHECK(truth_f[2] == 1.0f);  // any non-zero byte is true
}
