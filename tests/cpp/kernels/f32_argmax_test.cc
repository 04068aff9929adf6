// ArgMax kernels: the SIMD variants against the scalar scan on odd row and
// channel counts (every count 1..40 for the 4-lane body and tails), padded
// strides, values with many ties, NaNs (also in the first element) and
// -inf, for first and last index selection.
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include <catch2/catch.hpp>

#include "kernels/f32-argmax/f32-argmax.h"

using namespace nnslim::kernels;

namespace {

std::vector<float> tie_heavy(size_t n, std::mt19937& rng, bool with_nan) {
  std::uniform_int_distribution<int> pick(0, 9);
  std::vector<float> v(n);
  for (float& x : v) {
    const int p = pick(rng);
    x = p == 9 && with_nan ? std::numeric_limits<float>::quiet_NaN()
        : p == 8           ? -std::numeric_limits<float>::infinity()
                           : static_cast<float>(p % 4);  // 0..3: ties everywhere
  }
  return v;
}

const F32ArgmaxUkernelInfo& scalar_of(bool discontiguous) {
  size_t count = 0;
  const F32ArgmaxUkernelInfo* list = f32_argmax_ukernels(&count);
  for (size_t i = 0; i < count; ++i)
    if (list[i].discontiguous == discontiguous && std::strstr(list[i].name, "scalar")) return list[i];
  FAIL("no scalar kernel");
  return list[0];
}

}  // namespace

TEST_CASE("f32 argmax SIMD kernels match the sequential scan", "[kernels][f32-argmax]") {
  size_t count = 0;
  const F32ArgmaxUkernelInfo* list = f32_argmax_ukernels(&count);
  REQUIRE(count >= 4);
  std::mt19937 rng(37);
  for (size_t k = 0; k < count; ++k) {
    if (!std::strstr(list[k].name, "wasmsimd")) continue;
    const F32ArgmaxUkernelInfo& oracle = scalar_of(list[k].discontiguous);
    for (bool last : {false, true})
      for (bool with_nan : {false, true})
        for (size_t rows : {1, 2, 3, 7, 13})
          for (size_t channels = 1; channels <= 40; ++channels) {
            const size_t stride = channels + (channels % 3);
            INFO(list[k].name << " rows=" << rows << " channels=" << channels << " last=" << last
                              << " nan=" << with_nan);
            std::vector<float> x = tie_heavy(rows * stride, rng, with_nan);
            if (with_nan && channels % 5 == 0) x[0] = std::numeric_limits<float>::quiet_NaN();
            const size_t outputs = list[k].discontiguous ? channels : rows;
            std::vector<int64_t> want(outputs), got(outputs + 1, -7);
            oracle.fn(rows, channels, x.data(), stride, want.data(), last);
            list[k].fn(rows, channels, x.data(), stride, got.data(), last);
            for (size_t i = 0; i < outputs; ++i) {
              INFO("output " << i);
              REQUIRE(got[i] == want[i]);
            }
            REQUIRE(got[outputs] == -7);
          }
  }
}

TEST_CASE("f32 argmax scalar kernels pick the first or last maximum", "[kernels][f32-argmax]") {
  const float x[] = {1.f, 3.f, 2.f, 3.f, -1.f};
  int64_t y = -1;
  f32_rargmax_ukernel__scalar_x1(1, 5, x, 5, &y, false);
  CHECK(y == 1);
  f32_rargmax_ukernel__scalar_x1(1, 5, x, 5, &y, true);
  CHECK(y == 3);
  int64_t cols[5];
  f32_rdargmax_ukernel__scalar_c1(1, 5, x, 5, cols, false);  // one row: every index is 0
  for (int64_t c : cols) CHECK(c == 0);
}
