// Shared helpers for the microkernel tests: random data, clamp ranges that
// actually clip, and a tolerance check against the scalar oracle.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "../numeric_match.h"

namespace nnslim::kernels::testing {

inline std::vector<float> random_floats(size_t n, std::mt19937& rng, float lo = -1.0f, float hi = 1.0f) {
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> v(n);
  for (float& x : v) x = dist(rng);
  return v;
}

// Clamp bounds that cut off the top and bottom ~1/8 of the observed range of
// unclamped results (XNNPACK's qmin/qmax idea): the clamp code path must work.
struct ClampRange {
  float min;
  float max;
};
inline ClampRange active_clamp(const std::vector<float>& unclamped) {
  if (unclamped.empty()) return {-std::numeric_limits<float>::infinity(), std::numeric_limits<float>::infinity()};
  const auto [lo, hi] = std::minmax_element(unclamped.begin(), unclamped.end());
  const float span = *hi - *lo;
  if (span == 0.0f) return {*lo - 1.0f, *hi + 1.0f};
  return {*lo + span / 8.0f, *hi - span / 8.0f};
}

// |got - want| <= atol + rtol * |want|, NaN-aware (../numeric_match.h);
// reports the first mismatch with its index.
inline void require_close(const float* got, const float* want, size_t n, float rtol, float atol) {
  const std::string mismatches = nnslim::test::describe_mismatches(got, want, n, {rtol, atol});
  REQUIRE(mismatches == "");
}

// The scalar reference for one block size in a block-sparse family's list
// (`list(&count)`, entries with .name and .block); fails the test when the
// list has none.
template <typename Info>
const Info& scalar_reference_for_block(const Info* (*list)(size_t*), size_t block) {
  size_t count = 0;
  const Info* all = list(&count);
  for (size_t i = 0; i < count; i++)
    if (all[i].block == block && std::strstr(all[i].name, "__scalar")) return all[i];
  FAIL("no scalar reference for block " << block);
  return all[0];
}

}  // namespace nnslim::kernels::testing
