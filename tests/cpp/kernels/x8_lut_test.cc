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
