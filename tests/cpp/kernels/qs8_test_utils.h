// Shared helpers for the int8 (qs8) microkernel tests: random int8 data,
// per-channel requantization scales that make some outputs saturate, and a
// bit-exact comparison that names the first mismatch.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "core/format.h"

namespace nnslim::kernels::testing {

inline std::vector<int8_t> random_int8(size_t n, std::mt19937& rng, int lo = -128, int hi = 127) {
  std::uniform_int_distribution<int> dist(lo, hi);
  std::vector<int8_t> v(n);
  for (int8_t& x : v) x = static_cast<int8_t>(dist(rng));
  return v;
}

inline std::vector<int32_t> random_int32(size_t n, std::mt19937& rng, int32_t lo, int32_t hi) {
  std::uniform_int_distribution<int32_t> dist(lo, hi);
  std::vector<int32_t> v(n);
  for (int32_t& x : v) x = dist(rng);
  return v;
}

// Per-channel scales with |acc| * scale up to ~1.6x the int8 range for the
// largest accumulator of the channel's typical magnitude: the saturating
// path and the rounding both get exercised. accumulator_rms: sqrt(K) * 128 * 73.
inline std::vector<float> saturating_scales(size_t n, size_t k, std::mt19937& rng) {
  std::uniform_real_distribution<float> dist(0.5f, 2.0f);
  const float typical = std::sqrt(static_cast<float>(k)) * 128.0f * 73.0f + 1.0f;
  std::vector<float> v(n);
  for (float& s : v) s = dist(rng) * 100.0f / typical;
  return v;
}

// Exact equality of n int8 values (want is the oracle); "" when equal.
inline std::string describe_int8_mismatch(const int8_t* got, const int8_t* want, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (got[i] != want[i]) return nnslim::str("index ", i, ": got ", int(got[i]), ", want ", int(want[i]));
  return "";
}

// The output ranges a kernel must honour: the full int8 range, a Relu-like
// range starting at the zero point, and a narrow one.
struct QRange {
  int32_t qmin, qmax;
};
inline std::vector<QRange> test_ranges(int32_t zero_point) {
  return {{-128, 127}, {std::max(-128, zero_point), 127}, {-100, 90}};
}

}  // namespace nnslim::kernels::testing
