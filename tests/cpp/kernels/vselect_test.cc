// Select kernels against the definition: every length 1..40, each operand
// vector or scalar, condition bytes other than 0/1 (any non-zero is true).
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include <catch2/catch.hpp>

#include "kernels/vselect/vselect.h"

using namespace nnslim::kernels;

TEST_CASE("select microkernels pick a or b per condition byte", "[kernels][vselect]") {
  size_t count = 0;
  const VselectUkernelInfo* list = vselect_ukernels(&count);
  REQUIRE(count >= 4);
  std::mt19937 rng(29);
  std::uniform_int_distribution<int> byte(0, 255);
  for (size_t k = 0; k < count; ++k) {
    const size_t es = list[k].element_bytes;
    for (int flags = 0; flags < 8; ++flags) {
      const SelectParams params{(flags & 4) != 0, (flags & 2) != 0, (flags & 1) != 0};
      for (size_t n = 1; n <= 40; ++n) {
        INFO(list[k].name << " n=" << n << " flags=" << flags);
        std::vector<uint8_t> cond(n), a(n * es), b(n * es), got((n + 1) * es, 0xCD);
        for (auto& c : cond) c = static_cast<uint8_t>(byte(rng) % 3);  // 0, 1, 2
        for (auto& v : a) v = static_cast<uint8_t>(byte(rng));
        for (auto& v : b) v = static_cast<uint8_t>(byte(rng));
        list[k].fn(n, cond.data(), a.data(), b.data(), got.data(), &params);
        for (size_t i = 0; i < n; ++i) {
          const bool take_a = cond[params.cond_scalar ? 0 : i] != 0;
          const uint8_t* want = take_a ? &a[(params.a_scalar ? 0 : i) * es] : &b[(params.b_scalar ? 0 : i) * es];
          INFO("index " << i);
          REQUIRE(std::memcmp(&got[i * es], want, es) == 0);
        }
        for (size_t j = n * es; j < got.size(); ++j) REQUIRE(got[j] == 0xCD);
      }
    }
  }
}
