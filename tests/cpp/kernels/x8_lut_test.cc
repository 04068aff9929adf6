// The SIMD table lookup bit-exact against the scalar oracle (and the plain
// definition): every byte value, lengths around the 16-byte step, in place.
#include <numeric>
#include <vector>

#include "kernels/x8-lut/x8-lut.h"
#include "qs8_test_utils.h"

using namespace nnslim::kernels;
using namespace nnslim::kernels::testing;

TEST_CASE("x8 lut: SIMD equals the scalar oracle", "[kernels][x8-lut]") {
  std::mt19937 rng(5);
  const std::vector<int8_t> table = random_int8(256, rng);
  for (const X8LutUkernelFn kernel : {x8_lut_ukernel__wasmsimd_x16, x8_lut_ukernel__wasmsimd_x64}) {
    INFO((kernel == x8_lut_ukernel__wasmsimd_x16 ? "x16" : "x64"));
    // All 256 inputs once (so every table row and lane is read).
    std::vector<int8_t> all(256);
    std::iota(all.begin(), all.end(), 0);  // wraps through -128..-1
    std::vector<int8_t> want(256), got(256);
    x8_lut_ukernel__scalar(256, all.data(), want.data(), table.data());
    for (size_t i = 0; i < 256; ++i) REQUIRE(want[i] == table[static_cast<uint8_t>(all[i])]);
    kernel(256, all.data(), got.data(), table.data());
    REQUIRE(describe_int8_mismatch(got.data(), want.data(), 256) == "");
    // Around the 16- and 64-byte steps and their tails.
    for (size_t n : {1, 2, 15, 16, 17, 31, 33, 63, 64, 65, 100, 127, 128, 129, 257}) {
      INFO("n=" << n);
      const std::vector<int8_t> x = random_int8(n, rng);
      std::vector<int8_t> w(n), g(n + 3, 0x5A);
      x8_lut_ukernel__scalar(n, x.data(), w.data(), table.data());
      kernel(n, x.data(), g.data(), table.data());
      REQUIRE(describe_int8_mismatch(g.data(), w.data(), n) == "");
      REQUIRE(g[n] == 0x5A);  // nothing written past the end
      std::vector<int8_t> in_place = x;
      kernel(n, in_place.data(), in_place.data(), table.data());
      REQUIRE(describe_int8_mismatch(in_place.data(), w.data(), n) == "");
    }
  }
}

TEST_CASE("x8 lut range: tables with constant ends, bit-exact against the whole-table oracle",
          "[kernels][x8-lut]") {
  // Random tables made constant below code lo and above code hi for lo / hi
  // at the ends, inside one row, on row boundaries and lo == hi (a constant
  // table), the HardSwish-like shape (constant low end only) and a
  // Clip-like one (both ends); every code once, then lengths around the
  // 16- and 64-byte steps, in place.
  std::mt19937 rng(17);
  const int bounds[][2] = {{-128, 127}, {-128, -128}, {127, 127}, {5, 5},     {-100, 127}, {-57, 127},
                           {-128, 40},  {-41, 45},    {-16, 15},  {-113, -98}, {0, 16},    {-128, -113}};
  for (const auto& b : bounds) {
    const int lo = b[0], hi = b[1];
    INFO("lo=" << lo << " hi=" << hi);
    std::vector<int8_t> table = random_int8(256, rng);
    auto at = [&](int q) -> int8_t& { return table[static_cast<uint8_t>(q)]; };
    for (int q = -128; q < lo; ++q) at(q) = at(lo);
    for (int q = hi + 1; q <= 127; ++q) at(q) = at(hi);
    X8LutRange range;
    x8_lut_range_init(table.data(), &range);
    // The ends found are at most the constant runs made (a random table may
    // repeat its end value once more by chance).
    REQUIRE(range.lo >= lo);                // the low run reaches at least lo
    if (lo < hi) REQUIRE(range.hi <= hi);   // the high run starts at hi or before
    REQUIRE(range.hi >= range.lo);
    REQUIRE(range.rows == static_cast<size_t>(range.hi - range.lo + 16) / 16);
    if (lo == hi) REQUIRE(range.rows == 1);
    REQUIRE(range.rows <= static_cast<size_t>(hi - lo + 16) / 16);
    std::vector<int8_t> all(256);
    std::iota(all.begin(), all.end(), 0);
    std::vector<int8_t> want(256), got(256);
    x8_lut_ukernel__scalar(256, all.data(), want.data(), table.data());
    x8_lut_ukernel__wasmsimd_x64_range(256, all.data(), got.data(), &range);
    REQUIRE(describe_int8_mismatch(got.data(), want.data(), 256) == "");
    for (size_t n : {1, 2, 15, 16, 17, 31, 33, 47, 63, 64, 65, 79, 100, 128, 129, 257}) {
      INFO("n=" << n);
      const std::vector<int8_t> x = random_int8(n, rng);
      std::vector<int8_t> w(n), g(n + 3, 0x5A);
      x8_lut_ukernel__scalar(n, x.data(), w.data(), table.data());
      x8_lut_ukernel__wasmsimd_x64_range(n, x.data(), g.data(), &range);
      REQUIRE(describe_int8_mismatch(g.data(), w.data(), n) == "");
      REQUIRE(g[n] == 0x5A);  // nothing written past the end
      std::vector<int8_t> in_place = x;
      x8_lut_ukernel__wasmsimd_x64_range(n, in_place.data(), in_place.data(), &range);
      REQUIRE(describe_int8_mismatch(in_place.data(), w.data(), n) == "");
    }
  }
}

TEST_CASE("x8 lut range: the ends found are the table's constant runs", "[kernels][x8-lut]") {
  // A strictly increasing table between -20 and 30, constant outside.
  std::vector<int8_t> table(256);
  for (int q = -128; q <= 127; ++q) table[static_cast<uint8_t>(q)] = static_cast<int8_t>(q < -20 ? -20 : q > 30 ? 30 : q);
  X8LutRange range;
  x8_lut_range_init(table.data(), &range);
  CHECK(range.lo == -20);
  CHECK(range.hi == 30);
  CHECK(range.rows == 4);  // 51 codes
  for (int i = 0; i <= 50; ++i) CHECK(range.table[i] == -20 + i);
  for (int i = 51; i < 256; ++i) CHECK(range.table[i] == 30);
  // The identity: no constant end.
  for (int q = -128; q <= 127; ++q) table[static_cast<uint8_t>(q)] = static_cast<int8_t>(q);
  x8_lut_range_init(table.data(), &range);
  CHECK(range.lo == -128);
  CHECK(range.hi == 127);
  CHECK(range.rows == 16);
}
