// The library's JSON reader and writer (builder/parse_json.h, core/json.h)
// against their oracle, nlohmann::json, which they replaced: every text
// either both accept (and then the values dump to the same text) or both
// reject; values built in code dump as nlohmann dumps them.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "builder/parse_json.h"
#include "core/json.h"
#include "error_matchers.h"

using nnslim::Json;

namespace {

// nlohmann's verdict and text, or "" when it rejects the text.
std::string oracle_dump(const std::string& text, bool* accepted) {
  try {
    const std::string out = nlohmann::json::parse(text).dump();
    *accepted = true;
    return out;
  } catch (const nlohmann::json::exception&) {
    *accepted = false;
    return "";
  }
}

void check_like_oracle(const std::string& text) {
  CAPTURE(text);
  bool accepted = false;
  const std::string expected = oracle_dump(text, &accepted);
  if (accepted) {
    const Json value = nnslim::parse_json(text, "test");
    // Doubles: both write a text that reads back as the same double; the
    // digits may differ (nlohmann: Grisu2, here: shortest "%.*g"), so
    // compare after a round trip through the oracle.
    CHECK(nlohmann::json::parse(value.dump()) == nlohmann::json::parse(expected));
    CHECK(nlohmann::json::parse(value.dump()).dump() == expected);
  } else {
    REQUIRE_THROWS_MATCHES(nnslim::parse_json(text, "test"), nnslim::Error,
                           nnslim::test::IsError(nnslim::ErrorCode::InvalidArgument, {"test is not valid JSON"}));
  }
}

}  // namespace

TEST_CASE("parse_json: accepts and rejects what nlohmann::json::parse does", "[core][json]") {
  const std::vector<std::string> texts = {
      // values
      "null", "true", "false", "0", "-0", "1", "-1", "42", " \t\r\n 7 \n", "1.5", "-2.25e-3", "1E10", "1e+2", "0.1",
      "123456789012345678", "-9223372036854775808", "9223372036854775807", "18446744073709551615",
      "18446744073709551616", "-9223372036854775809", "1e308", "5e-324", "1e-400",
      R"("")", R"("abc")", R"("a\"b\\c\/d\b\f\n\r\t")", R"("\u0041\u00e9\u4e2d\ud83d\ude00")", "\"caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80\"",
      "[]", "[1,2,3]", "[ 1 , [2, [3, []]] , {} ]", "{}", R"({"b":1,"a":2})", R"({"a":1,"a":2})",
      R"({"layers":[{"name":"d","type":"dense","config":{"units":3,"useBias":true}}],"seed":7})",
      // rejects
      "", " ", "{", "}", "[", "]", "[1,]", "[,1]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "{1:2}", "nul", "tru", "falsey",
      "01", "-", "+1", ".5", "1.", "1.e5", "1e", "1e+", "0x10", "NaN", "Infinity", "1e400", "-1e400",
      "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\ud83d\"", "\"\\ude00\"", "\"\\ud83d\\u0041\"", "\"a\nb\"", "\"\x01\"",
      "\"\xc3\"", "\"\xc0\x80\"", "\"\xed\xa0\x80\"", "\"\xf4\x90\x80\x80\"", "\"\xff\"", "\"\xe0\x80\xaf\"",
      "1 2", "[1] x", "{} {}", "// c\n1", "[1]/*c*/",
  };
  for (const std::string& text : texts) check_like_oracle(text);
}

TEST_CASE("parse_json: numbers keep their kind and value", "[core][json]") {
  const Json v = nnslim::parse_json(R"([-3, 3, 18446744073709551615, 2.5, 1e2, -0.0])", "test");
  REQUIRE(v.size() == 6);
  CHECK((v[0].is_integer() && !v[0].is_unsigned() && v[0].as_int() == -3));
  CHECK((v[1].is_unsigned() && v[1].as_int() == 3));
  CHECK((v[2].is_unsigned() && v[2].as_uint() == std::numeric_limits<uint64_t>::max()));
  CHECK((v[3].is_number() && !v[3].is_integer() && v[3].as_double() == 2.5));
  CHECK((!v[4].is_integer() && v[4].as_double() == 100.0));
  CHECK((!v[5].is_integer() && std::signbit(v[5].as_double())));
}

TEST_CASE("parse_json: names the place of the error; deep nesting is an error, not a crash", "[core][json]") {
  REQUIRE_THROWS_MATCHES(nnslim::parse_json("{\"a\": [1,\n  2,,]}", "layer spec"), nnslim::Error,
                         nnslim::test::IsError(nnslim::ErrorCode::InvalidArgument,
                                               {"layer spec is not valid JSON", "line 2, column 5"}));
  REQUIRE(nnslim::parse_json(std::string(200, '[') + std::string(200, ']'), "test").size() == 1);
  REQUIRE_THROWS_MATCHES(nnslim::parse_json(std::string(100000, '['), "test"), nnslim::Error,
                         nnslim::test::IsError(nnslim::ErrorCode::InvalidArgument, {"nesting too deep"}));
}

TEST_CASE("Json::dump: values built in code dump as nlohmann dumps them", "[core][json]") {
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  Json mine;
  nlohmann::json theirs;
  mine["int"] = int64_t{-5};
  theirs["int"] = int64_t{-5};
  mine["big"] = std::numeric_limits<int64_t>::min();
  theirs["big"] = std::numeric_limits<int64_t>::min();
  mine["u"] = std::numeric_limits<uint64_t>::max();
  theirs["u"] = std::numeric_limits<uint64_t>::max();
  mine["size"] = size_t{7};
  theirs["size"] = size_t{7};
  mine["flag"] = true;
  theirs["flag"] = true;
  mine["none"] = nullptr;
  theirs["none"] = nullptr;
  mine["text"] = std::string("q\"b\\s/\b\f\n\r\t\x01\x1f\x7f caf\xc3\xa9");
  theirs["text"] = std::string("q\"b\\s/\b\f\n\r\t\x01\x1f\x7f caf\xc3\xa9");
  // Doubles whose shortest text both writers agree on.
  for (double d : {0.0, -0.0, 1.0, -2.0, 0.5, 0.1, 1.0 / 3.0, 1e-7, 123456.789, 1e15, 1e300, 5e-324}) {
    CAPTURE(d);
    Json m = Json::array({Json(d)});
    CHECK(nlohmann::json::parse(m.dump()) == nlohmann::json::array({d}));
    CHECK(nlohmann::json::parse(m.dump()).dump() == nlohmann::json::array({d}).dump());
  }
  mine["nan"] = nan;
  theirs["nan"] = nan;
  mine["inf"] = -inf;
  theirs["inf"] = -inf;
  mine["whole"] = 3.0;
  theirs["whole"] = 3.0;
  mine["list"] = Json::array({Json(1), Json("two"), Json::object({{"z", 1}, {"a", 2}, {"z", 3}})});
  theirs["list"] = nlohmann::json::array({1, "two", {{"a", 2}, {"z", 3}}});
  mine["empty"] = Json::object();
  theirs["empty"] = nlohmann::json::object();
  mine["nothing"] = Json::array();
  theirs["nothing"] = nlohmann::json::array();
  CHECK(mine.dump() == theirs.dump());
}

TEST_CASE("Json: typed access fails with the key and the value", "[core][json]") {
  const Json spec = nnslim::parse_json(R"({"name": 3, "on": "yes", "list": [1]})", "test");
  REQUIRE_THROWS_MATCHES(spec.string_or("name", "x"), nnslim::Error,
                         nnslim::test::IsError(nnslim::ErrorCode::InvalidArgument, {"'name' must be a string, got 3"}));
  REQUIRE_THROWS_MATCHES(spec.bool_or("on", false), nnslim::Error,
                         nnslim::test::IsError(nnslim::ErrorCode::InvalidArgument, {"'on'", "got \"yes\""}));
  REQUIRE_THROWS_MATCHES(spec["list"].as_string(), nnslim::Error,
                         nnslim::test::IsError(nnslim::ErrorCode::InvalidArgument, {"expected a string, got [1]"}));
  CHECK(spec.string_or("missing", "fallback") == "fallback");
  CHECK(spec.bool_or("missing", true));
  CHECK(spec["missing"].is_null());
  CHECK(spec.value_or("list", Json()).dump() == "[1]");
}
