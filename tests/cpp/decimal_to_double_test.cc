// core/decimal_to_double.h against the C library's strtod (correctly rounded
// in glibc and in Emscripten's musl: the oracle it replaces), bit for bit, on
// edge cases, every double printed at every precision, random digit strings
// over the whole exponent range, exact midpoints between doubles (ties), and
// inputs longer than the reader keeps.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "core/decimal_to_double.h"

namespace {

uint64_t bits_of(double value) {
  uint64_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

double from_bits(uint64_t bits) {
  double value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

// Empty when decimal_to_double reads `text` as strtod does (same bits),
// else what each gave.
std::string mismatch(const std::string& text) {
  double got = 12345.0;
  if (!nnslim::decimal_to_double(text, &got)) return "rejected " + text;
  const double want = std::strtod(text.c_str(), nullptr);
  if (bits_of(got) == bits_of(want)) return "";
  char line[128];
  std::snprintf(line, sizeof line, ": got %.17g, strtod %.17g", got, want);
  return (text.size() > 80 ? text.substr(0, 80) + "..." : text) + line;
}

// Exact decimal arithmetic on digit strings (most significant first), the
// test's own: the midpoints below are built with it, independently of the
// binary big integers inside decimal_to_double.
std::string decimal_of(uint64_t value) { return std::to_string(value); }

void multiply(std::string& digits, int factor) {
  int carry = 0;
  for (size_t i = digits.size(); i-- > 0;) {
    const int product = (digits[i] - '0') * factor + carry;
    digits[i] = static_cast<char>('0' + product % 10);
    carry = product / 10;
  }
  for (; carry != 0; carry /= 10) digits.insert(digits.begin(), static_cast<char>('0' + carry % 10));
}

// digits - 1 (digits > 0; a leading zero may remain, which readers skip).
void decrement(std::string& digits) {
  size_t i = digits.size();
  while (digits[--i] == '0') digits[i] = '9';
  digits[i] = static_cast<char>(digits[i] - 1);
}

std::string printed(const char* format, int precision, double value) {
  char text[128];  // "%.60e": 60 digits, a sign, a point, "e-308"
  std::snprintf(text, sizeof text, format, precision, value);
  return text;
}

}  // namespace

TEST_CASE("decimal_to_double: edge cases read as strtod reads them", "[core][decimal]") {
  const char* cases[] = {
      "0", "-0", "0.0", "-0.000", "0e999999999999", "1", "-1", "10", "0.1", "0.3", "1.5", "3.14159",
      "123456789012345678901234567890", "9007199254740992", "9007199254740993", "9007199254740994",
      "9007199254740995", "18014398509481985", "1e22", "1e23", "1e-22", "1e-23", "8.98846567431158e307",
      "1.7976931348623157e308", "1.7976931348623158e308", "1.797693134862315807e308",
      "1.7976931348623159e308", "1.8e308", "1e309", "1e310", "1e400", "1e999999999999999",
      "2.2250738585072011e-308", "2.2250738585072014e-308", "2.2250738585072012e-308", "4.9406564584124654e-324",
      "5e-324", "2.4703282292062327e-324", "2.4703282292062328e-324", "2.470328229206232720882e-324", "3e-324",
      "7.4109846876186982e-324", "1e-324", "1e-325", "1e-400", "1e-999999999999999", "0.0000001", "1e-7",
      "123.456e-3", ".5", "5.", "-.5e1", "1E5", "1e+5", "1e-5", "00000000000000000000012.5000000000000000",
      "0.000000000000000000000000000000000000000000000000000000000000001",
      "2.225073858507201136057409796709131975934819546351645648e-308",  // just below the smallest normal
      "6.9294956446009195e15", "3.0540412e5", "7.038531e-26", "9.2233720368547758e18",
  };
  for (const char* text : cases) CHECK(mismatch(text) == "");
}

TEST_CASE("decimal_to_double: rejects what is not a decimal number", "[core][decimal]") {
  for (const char* text : {"", "-", "+1", ".", "-.", "e5", ".e5", "1e", "1e+", "1e-", "1x", "--1", " 1", "1 ",
                           "1.2.3", "0x10", "inf", "nan", "1e5.5"}) {
    double out = 7.0;
    INFO("'" << text << "'");
    CHECK_FALSE(nnslim::decimal_to_double(text, &out));
    CHECK(out == 7.0);
  }
}

TEST_CASE("decimal_to_double: every double printed at every precision reads back as strtod reads it",
          "[core][decimal]") {
  std::mt19937_64 rng(20261205);
  std::vector<double> values = {std::numeric_limits<double>::max(), std::numeric_limits<double>::min(),
                                std::numeric_limits<double>::denorm_min(), 1.0, 0.1, 1.0 / 3};
  // Random bit patterns: every binade, subnormals included (NaN/inf skipped).
  while (values.size() < 4000) {
    const double value = from_bits(rng() & ~(uint64_t{1} << 63));
    if (std::isfinite(value)) values.push_back(value);
  }
  size_t failures = 0;
  for (double value : values) {
    for (int precision = 1; precision <= 17; ++precision) {
      const std::string text = printed("%.*g", precision, value);
      const std::string problem = mismatch(text);
      if (!problem.empty() && failures++ < 10) FAIL_CHECK(problem);
    }
    // And exactly: %.*e with 60 digits is past any tie's last digit here.
    const std::string problem = mismatch(printed("%.*e", 60, value));
    if (!problem.empty() && failures++ < 10) FAIL_CHECK(problem);
  }
  CHECK(failures == 0);
}

TEST_CASE("decimal_to_double: random digit strings over the whole exponent range", "[core][decimal]") {
  std::mt19937_64 rng(7);
  size_t failures = 0;
  for (int i = 0; i < 20000; ++i) {
    const size_t length = 1 + rng() % 40;
    std::string digits;
    for (size_t d = 0; d < length; ++d) digits += static_cast<char>('0' + rng() % 10);
    const size_t point = rng() % (length + 1);
    const int exponent = static_cast<int>(rng() % 700) - 360;
    const std::string text =
        (rng() % 2 ? "-" : "") + digits.substr(0, point) + "." + digits.substr(point) + "e" + std::to_string(exponent);
    if (point == 0 && length == 0) continue;
    const std::string problem = mismatch(text);
    if (!problem.empty() && failures++ < 10) FAIL_CHECK(problem);
  }
  CHECK(failures == 0);
}

TEST_CASE("decimal_to_double: exact midpoints between doubles round to the even one; a digit more decides",
          "[core][decimal]") {
  std::mt19937_64 rng(11);
  size_t failures = 0;
  for (int i = 0; i < 400; ++i) {
    const uint64_t low_bits = rng() % (uint64_t{0x7FE} << 52);  // finite, non-negative, below the largest
    const double low = from_bits(low_bits), high = from_bits(low_bits + 1);
    // The midpoint (2m + 1) * 2^(e - 1) of low = m * 2^e, written exactly in
    // decimal (printf cannot: Emscripten's rounds long double to double).
    const int biased = static_cast<int>(low_bits >> 52);
    const uint64_t fraction = low_bits & ((uint64_t{1} << 52) - 1);
    const uint64_t m = biased == 0 ? fraction : fraction | (uint64_t{1} << 52);
    const int e = biased == 0 ? -1074 : biased - 1075;
    std::string digits = decimal_of(2 * m + 1);
    int exp10 = 0;
    if (e - 1 >= 0) {
      for (int k = 0; k < e - 1; ++k) multiply(digits, 2);
    } else {
      for (int k = 0; k < 1 - e; ++k) multiply(digits, 5);
      exp10 = e - 1;  // (2m + 1) * 5^(1 - e) / 10^(1 - e)
    }
    const std::string tie = digits + "e" + std::to_string(exp10);
    std::string below = digits + "0";
    decrement(below);
    const std::string above = digits + "1e" + std::to_string(exp10 - 1);
    below += "e" + std::to_string(exp10 - 1);
    double got_tie = 0, got_above = 0, got_below = 0;
    REQUIRE(nnslim::decimal_to_double(tie, &got_tie));
    REQUIRE(nnslim::decimal_to_double(above, &got_above));
    REQUIRE(nnslim::decimal_to_double(below, &got_below));
    const double even = (low_bits & 1) == 0 ? low : high;
    if ((bits_of(got_tie) != bits_of(even) || bits_of(got_above) != bits_of(high) ||
         bits_of(got_below) != bits_of(low)) &&
        failures++ < 10)
      FAIL_CHECK(tie.substr(0, 60) << "...: the tie, or a value just above or below it, rounds the wrong way");
    for (const std::string& text : {tie, above, below}) {
      const std::string problem = mismatch(text);
      if (!problem.empty() && failures++ < 10) FAIL_CHECK(problem);
    }
  }
  CHECK(failures == 0);
}

TEST_CASE("decimal_to_double: inputs longer than the 800 digits kept", "[core][decimal]") {
  std::mt19937_64 rng(3);
  for (size_t length : {799, 800, 801, 802, 1500, 5000}) {
    for (int trial = 0; trial < 20; ++trial) {
      std::string digits = std::to_string(1 + rng() % 9);
      while (digits.size() < length) digits += static_cast<char>('0' + rng() % 10);
      if (trial % 4 == 0) digits.back() = '0';  // trailing zeros are dropped first
      const int exponent = static_cast<int>(rng() % 640) - 320 - static_cast<int>(length);
      const std::string text = digits + "e" + std::to_string(exponent);
      INFO(length << " digits");
      CHECK(mismatch(text) == "");
      CHECK(mismatch("0." + std::string(300, '0') + digits) == "");
    }
  }
}
