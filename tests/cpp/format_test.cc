// str(pieces...) (core/format.h) against its oracle, std::ostringstream, which
// it replaced in error messages: the same text for every kind of piece,
// including the integer extremes, NaN, infinities and -0.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <sstream>
#include <string>
#include <string_view>

#include "core/format.h"

namespace {

template <typename... Parts>
std::string streamed(const Parts&... parts) {
  std::ostringstream out;
  (out << ... << parts);
  return out.str();
}

template <typename T>
void check_same(const T& value) {
  CAPTURE(streamed(value));
  CHECK(nnslim::str(value) == streamed(value));
  CHECK(nnslim::str("<", value, ">") == streamed("<", value, ">"));
}

}  // namespace

TEST_CASE("str: integers of every width, as ostream prints them", "[core][format]") {
  check_same(0);
  check_same(-1);
  check_same(42u);
  check_same(std::numeric_limits<int>::min());
  check_same(std::numeric_limits<int64_t>::min());
  check_same(std::numeric_limits<int64_t>::max());
  check_same(std::numeric_limits<uint64_t>::max());
  check_same(std::numeric_limits<size_t>::max());
  check_same(static_cast<short>(-12345));
  check_same(static_cast<unsigned short>(65535));
  check_same(static_cast<long>(-7));
}

TEST_CASE("str: floating point as ostream's default (%g, 6 significant digits)", "[core][format]") {
  for (double value : {0.0, -0.0, 0.1, 1.0 / 3.0, -2.5, 1e20, 1.5e-7, 123456789.0, 999999.5, 1e-320,
                       std::numeric_limits<double>::max(), std::numeric_limits<double>::infinity(),
                       -std::numeric_limits<double>::infinity(), std::numeric_limits<double>::quiet_NaN()})
    check_same(value);
  check_same(0.1f);
  check_same(3.4028235e38f);
  check_same(-std::numeric_limits<float>::infinity());
}

TEST_CASE("str: text, characters and bool", "[core][format]") {
  check_same(std::string("node 'conv_1'"));
  check_same("a literal");
  const char* pointer = "a pointer";
  check_same(pointer);
  check_same(std::string_view("a view"));
  check_same('x');
  check_same(static_cast<signed char>('y'));
  check_same(static_cast<unsigned char>('z'));
  check_same(true);
  check_same(false);
  check_same(std::string());
  CHECK(nnslim::str() == "");
  CHECK(nnslim::str("input '", std::string("x"), "' has rank ", 3, ", expected ", 4u, " (", 0.5, ")") ==
        "input 'x' has rank 3, expected 4 (0.5)");
}
