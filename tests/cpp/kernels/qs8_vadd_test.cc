// The SIMD int8 add bit-exact against its scalar oracle: lengths around the
// 8-element step, zero points at the extremes, multipliers that saturate,
// narrow output ranges.
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
