// Comparison / logic kernels against the per-element oracle: every length
// 1..40 (the 16-element SIMD body and its tails), both operands vectors or
// one a scalar, values with many ties (so Equal is exercised) and NaNs.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include <catch2/catch.hpp>

#include "kernels/vcompare/vcompare.h"

using namespace nnslim::kernels;

namespace {

size_t element_size(CompareType t) {
  return t == CompareType::kF32 || t == CompareType::kS32 ? 4 : t == CompareType::kS64 ? 8 : 1;
}

// n elements of type t drawn from a small set, so ties are common.
std::vector<uint8_t> random_elements(CompareType t, size_t n, std::mt19937& rng) {
  std::vector<uint8_t> bytes(n * element_size(t));
  std::uniform_int_distribution<int> pick(-3, 3);
  for (size_t i = 0; i < n; ++i) {
    const int v = pick(rng);
    switch (t) {
      case CompareType::kF32: {
        const float f = v == 3 ? std::numeric_limits<float>::quiet_NaN() : 0.5f * static_cast<float>(v);
        std::memcpy(&bytes[i * 4], &f, 4);
        break;
      }
      case CompareType::kS32: { const int32_t s = v * 1000003; std::memcpy(&bytes[i * 4], &s, 4); break; }
      case CompareType::kS64: { const int64_t s = int64_t(v) << 40; std::memcpy(&bytes[i * 8], &s, 8); break; }
      case CompareType::kBool: bytes[i] = static_cast<uint8_t>(v < 0 ? 0 : v); break;  // 0..3: non-0/1 truth too
    }
  }
  return bytes;
}

uint8_t oracle(CompareType t, CompareOp op, const uint8_t* a, const uint8_t* b) {
  switch (t) {
    case CompareType::kF32: {
      float x, y;
      std::memcpy(&x, a, 4);
      std::memcpy(&y, b, 4);
      return compare_reference(op, static_cast<double>(x), static_cast<double>(y));
    }
    case CompareType::kS32: {
      int32_t x, y;
      std::memcpy(&x, a, 4);
      std::memcpy(&y, b, 4);
      return compare_reference(op, int64_t(x), int64_t(y));
    }
    case CompareType::kS64: {
      int64_t x, y;
      std::memcpy(&x, a, 8);
      std::memcpy(&y, b, 8);
      return compare_reference(op, x, y);
    }
    case CompareType::kBool: return compare_reference(op, int64_t(*a != 0), int64_t(*b != 0));
  }
  return 0;
}

}  // namespace

TEST_CASE("compare and logic microkernels match the per-element oracle", "[kernels][vcompare]") {
  size_t count = 0;
  const VcompareUkernelInfo* list = vcompare_ukernels(&count);
  REQUIRE(count >= 30);
  std::mt19937 rng(23);
  for (size_t k = 0; k < count; ++k) {
    const VcompareUkernelInfo& info = list[k];
    const size_t es = element_size(info.type);
    for (int flags = 0; flags < 3; ++flags) {  // vector/vector, scalar b, scalar a
      const CompareParams params{flags == 2, flags == 1 || info.op == CompareOp::kNot};
      if (info.op == CompareOp::kNot && params.a_scalar) continue;
      for (size_t n = 1; n <= 40; ++n) {
        INFO(info.name << " n=" << n << " a_scalar=" << params.a_scalar << " b_scalar=" << params.b_scalar);
        const std::vector<uint8_t> a = random_elements(info.type, n, rng), b = random_elements(info.type, n, rng);
        std::vector<uint8_t> got(n + 1, 0xAB);
        info.fn(n, a.data(), b.data(), got.data(), &params);
        for (size_t i = 0; i < n; ++i) {
          const uint8_t* ea = &a[(params.a_scalar ? 0 : i) * es];
          const uint8_t* eb = &b[(params.b_scalar ? 0 : i) * es];
          const uint8_t want = info.op == CompareOp::kNot ? uint8_t(*ea == 0) : oracle(info.type, info.op, ea, eb);
          INFO("index " << i);
          REQUIRE(int(got[i]) == int(want));
        }
        REQUIRE(got[n] == 0xAB);
      }
    }
  }
}
