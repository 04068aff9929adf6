// The one numeric comparator of the C++ tests and benchmark checks:
//   |actual - expected| <= atol + rtol * |expected|            (ONNX's rule)
// made NaN- and infinity-aware. A plain `fabs(a - e) > bound` test lets a NaN
// through (every comparison with NaN is false) and `std::max(diff, NaN)` drops
// it, so an all-NaN output would pass; here:
//   - expected NaN:      actual must be NaN (ONNX's test data holds NaNs);
//   - expected +-inf:    actual must be the same infinity;
//   - expected finite:   actual must be finite and within the bound.
// Catch2-free, so benchmarks can use it too.
#pragma once
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

namespace nnslim {
namespace test {

struct Tolerance {
  double rtol = 0;
  double atol = 0;
};

inline bool values_match(double actual, double expected, Tolerance tol) {
  if (std::isnan(expected)) return std::isnan(actual);
  if (std::isinf(expected)) return actual == expected;
  if (!std::isfinite(actual)) return false;
  return std::fabs(actual - expected) <= tol.atol + tol.rtol * std::fabs(expected);
}

// Integers (and bools) match exactly; the tolerance does not apply.
inline bool values_match(int64_t actual, int64_t expected, Tolerance) { return actual == expected; }

// Empty when all n elements match; else "K of N elements differ; first:
// element i: got a, expected e (bound b)". actual_at(i) / expected_at(i)
// return element i as double (or as int64_t: compared exactly).
template <class ActualAt, class ExpectedAt>
std::string describe_mismatches(int64_t n, ActualAt actual_at, ExpectedAt expected_at, Tolerance tol) {
  int64_t mismatches = 0;
  std::ostringstream first;
  first.precision(9);
  for (int64_t i = 0; i < n; ++i) {
    const auto actual = actual_at(i);
    const auto expected = expected_at(i);
    if (values_match(actual, expected, tol)) continue;
    if (mismatches++ == 0)
      first << "element " << i << ": got " << actual << ", expected " << expected << " (bound "
            << tol.atol + tol.rtol * std::fabs(static_cast<double>(expected)) << ")";
  }
  if (mismatches == 0) return "";
  std::ostringstream out;
  out << mismatches << " of " << n << " elements differ; first: " << first.str();
  return out.str();
}

template <class T>
std::string describe_mismatches(const T* actual, const T* expected, size_t n, Tolerance tol) {
  return describe_mismatches(
      static_cast<int64_t>(n), [actual](int64_t i) { return static_cast<double>(actual[i]); },
      [expected](int64_t i) { return static_cast<double>(expected[i]); }, tol);
}

// Two runtimes that differ only in summation order: the absolute error is
// bounded relative to the output's largest finite magnitude (at least 1), as
// cancellation makes small elements' relative error meaningless.
template <class T>
std::string describe_mismatches_scaled(const T* actual, const T* expected, size_t n, double relative_to_max) {
  double max_magnitude = 1;
  for (size_t i = 0; i < n; ++i)
    if (std::isfinite(static_cast<double>(expected[i])))
      max_magnitude = std::fmax(max_magnitude, std::fabs(static_cast<double>(expected[i])));
  return describe_mismatches(actual, expected, n, Tolerance{0, relative_to_max * max_magnitude});
}

}  // namespace test
}  // namespace nnslim
