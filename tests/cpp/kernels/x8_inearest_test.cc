// The int8 nearest-row copy bit-exact against the byte-by-byte oracle: every
// channel count from 1 to 40 (each branch: < 4, 4-7, 8-15, 16+ with and
// without a partial last block), pixels read in any order and repeated (an
// upsampling's offsets), nothing written past the row.
#include <vector>

#include "kernels/x8-inearest/x8-inearest.h"
#include "qs8_test_utils.h"

using namespace nnslim::kernels;
using namespace nnslim::kernels::testing;

TEST_CASE("x8 inearest row: SIMD equals the scalar oracle", "[kernels][x8-inearest]") {
  std::mt19937 rng(23);
  for (size_t channels = 1; channels <= 40; ++channels)
    for (size_t pixels : {1, 2, 3, 7, 16}) {
      INFO("channels=" << channels << " pixels=" << pixels);
      const size_t in_pixels = 5;
      const std::vector<int8_t> row = random_int8(in_pixels * channels, rng);
      std::vector<size_t> offsets(pixels);
      for (size_t x = 0; x < pixels; ++x) offsets[x] = ((x * 3 + pixels) % in_pixels) * channels;
      const size_t n = pixels * channels;
      std::vector<int8_t> want(n), got(n + 17, 0x5A);
      x8_inearest_row_ukernel__scalar_c1(pixels, channels, row.data(), offsets.data(), want.data());
      for (size_t x = 0; x < pixels; ++x)
        for (size_t c = 0; c < channels; ++c) REQUIRE(want[x * channels + c] == row[offsets[x] + c]);
      x8_inearest_row_ukernel__wasmsimd_c16(pixels, channels, row.data(), offsets.data(), got.data());
      REQUIRE(describe_int8_mismatch(got.data(), want.data(), n) == "");
      for (size_t i = n; i < got.size(); ++i) REQUIRE(got[i] == 0x5A);  // nothing written past the row
    }
}
