// The comparator every numeric test relies on (numeric_match.h) must reject
// what a naive `fabs(a - e) > bound` or `std::max(diff, NaN)` lets through:
// NaN, infinities and errors past the bound, and accept a good match.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include "numeric_match.h"
#include "session_test_util.h"

namespace nnslim {
namespace test {
namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();
const Tolerance kOnnx{1e-3, 1e-7};

TEST_CASE("values_match: a good match passes, an error past atol + rtol * |expected| fails", "[test-support]") {
  CHECK(values_match(2.0, 2.0, kOnnx));
  CHECK(values_match(2.0019, 2.0, kOnnx));  // bound 1e-7 + 2e-3
  CHECK(values_match(-2.0019, -2.0, kOnnx));
  CHECK_FALSE(values_match(2.0021, 2.0, kOnnx));
  CHECK_FALSE(values_match(1.9979, 2.0, kOnnx));
  CHECK(values_match(5e-8, 0.0, kOnnx));
  CHECK_FALSE(values_match(2e-7, 0.0, kOnnx));
  CHECK_FALSE(values_match(1.0, 0.0, Tolerance{}));
  CHECK(values_match(0.0, -0.0, Tolerance{}));
}

TEST_CASE("values_match: NaN fails where a finite value is expected, NaN expected needs NaN", "[test-support]") {
  CHECK_FALSE(values_match(kNaN, 1.0, kOnnx));
  CHECK_FALSE(values_match(kNaN, 0.0, Tolerance{1e9, 1e9}));  // no tolerance admits a NaN
  CHECK_FALSE(values_match(1.0, kNaN, kOnnx));
  CHECK(values_match(kNaN, kNaN, kOnnx));
  CHECK(values_match(-kNaN, kNaN, kOnnx));
}

TEST_CASE("values_match: infinities match only the same infinity", "[test-support]") {
  CHECK(values_match(kInf, kInf, kOnnx));
  CHECK(values_match(-kInf, -kInf, kOnnx));
  CHECK_FALSE(values_match(-kInf, kInf, kOnnx));
  CHECK_FALSE(values_match(kInf, 1e300, Tolerance{1e9, 1e9}));
  CHECK_FALSE(values_match(1e300, kInf, Tolerance{1e9, 1e9}));
  CHECK_FALSE(values_match(kNaN, kInf, kOnnx));
}

TEST_CASE("values_match: integers compare exactly", "[test-support]") {
  const int64_t big = std::numeric_limits<int64_t>::max();
  CHECK(values_match(big, big, Tolerance{1, 1}));
  CHECK_FALSE(values_match(big - 1, big, Tolerance{1, 1}));  // equal as doubles, not as integers
}

TEST_CASE("describe_mismatches: an all-NaN output is reported with its first element", "[test-support]") {
  const std::vector<float> expected = {1.f, -2.f, 3.f};
  const std::vector<float> nan(3, std::numeric_limits<float>::quiet_NaN());
  const std::string report = describe_mismatches(nan.data(), expected.data(), 3, kOnnx);
  CHECK_THAT(report, Catch::StartsWith("3 of 3 elements differ; first: element 0: got nan, expected 1"));
  CHECK(describe_mismatches(expected.data(), expected.data(), 3, kOnnx) == "");
  const std::vector<float> off = {1.f, -2.f, 3.1f};
  CHECK_THAT(describe_mismatches(off.data(), expected.data(), 3, kOnnx), Catch::StartsWith("1 of 3 elements differ; first: element 2"));
}

TEST_CASE("describe_mismatches_scaled: NaN and inf are caught, the bound scales with the largest magnitude",
          "[test-support]") {
  const std::vector<float> expected = {100.f, 0.5f, -3.f};
  const std::vector<float> close = {100.f, 0.5f + 9e-4f, -3.f};  // within 1e-5 * 100
  const std::vector<float> far = {100.f, 0.5f + 2e-3f, -3.f};
  const std::vector<float> nan = {100.f, std::nanf(""), -3.f};
  const std::vector<float> inf = {100.f, std::numeric_limits<float>::infinity(), -3.f};
  CHECK(describe_mismatches_scaled(close.data(), expected.data(), 3, 1e-5) == "");
  CHECK(describe_mismatches_scaled(far.data(), expected.data(), 3, 1e-5) != "");
  CHECK(describe_mismatches_scaled(nan.data(), expected.data(), 3, 1e-5) != "");
  CHECK(describe_mismatches_scaled(inf.data(), expected.data(), 3, 1e-5) != "");
  // Expected NaN: a NaN matches, a number does not (and the NaN does not poison the scale).
  CHECK(describe_mismatches_scaled(nan.data(), nan.data(), 3, 1e-5) == "");
  CHECK(describe_mismatches_scaled(expected.data(), nan.data(), 3, 1e-5) != "");
}

TEST_CASE("session_mismatches: a NaN output tensor does not match the reference", "[test-support]") {
  const TensorPtr reference = random_tensor({2, 5}, 11);
  auto poisoned = std::make_shared<Tensor>(*reference);
  CHECK(session_mismatches(*poisoned, *reference) == "");
  for (int64_t i = 0; i < poisoned->numel(); ++i) poisoned->data<float>()[i] = std::nanf("");
  CHECK_THAT(session_mismatches(*poisoned, *reference), Catch::StartsWith("10 of 10 elements differ"));
}

}  // namespace
}  // namespace test
}  // namespace nnslim
