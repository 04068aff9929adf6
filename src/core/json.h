// nnslim::Json: a JSON value (RFC 8259) and its compact writer, for what the
// library reads and writes as JSON: the layer spec and the prune options
// (read by builder/parse_json.h) and the profile, prune and plan reports.
//
// Why not nlohmann::json: its parser (lexer, SAX and DOM layers) and
// serializer were ~45 KB of the shipped wasm; this type and its reader are a
// few KB. The tests keep nlohmann as the oracle (tests/cpp/json_test.cc).
//
// Same model as nlohmann::json's default type, so reports keep their text:
// objects keep their keys sorted (byte order) and unique (a later duplicate
// replaces the earlier value); integers are int64 (negative) or uint64, other
// numbers double; dump() writes no whitespace, non-finite doubles as null,
// integral doubles with ".0", and escapes only '"', '\\' and control bytes.
#pragma once
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/error.h"

namespace nnslim {

// A value of the wrong JSON type where a caller asked for a given one
// ("'name' must be a string, got 3"); INVALID_ARGUMENT, as bad JSON input is.
class JsonTypeError : public Error {
 public:
  explicit JsonTypeError(const std::string& message) : Error(message, ErrorCode::InvalidArgument) {}
};

class Json {
 public:
  enum class Kind : uint8_t { kNull, kBool, kInt, kUint, kFloat, kString, kArray, kObject };
  using Member = std::pair<std::string, Json>;

  Json() = default;  // null
  Json(std::nullptr_t) {}
  Json(const char* text) : kind_(Kind::kString), string_(text) {}
  Json(std::string text) : kind_(Kind::kString), string_(std::move(text)) {}
  // bool, any integer type (signed -> kInt, unsigned -> kUint), float/double.
  template <typename T, std::enable_if_t<std::is_arithmetic_v<T>, int> = 0>
  Json(T value) {
    if constexpr (std::is_same_v<T, bool>) {
      kind_ = Kind::kBool;
      bool_ = value;
    } else if constexpr (std::is_floating_point_v<T>) {
      kind_ = Kind::kFloat;
      float_ = static_cast<double>(value);
    } else if constexpr (std::is_signed_v<T>) {
      kind_ = Kind::kInt;
      int_ = static_cast<int64_t>(value);
    } else {
      kind_ = Kind::kUint;
      uint_ = static_cast<uint64_t>(value);
    }
  }
  static Json array(std::vector<Json> items = {});
  // Members in any order; sorted here (a repeated key keeps its last value).
  static Json object(std::initializer_list<Member> members = {});

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::kNull; }
  bool is_bool() const { return kind_ == Kind::kBool; }
  bool is_number() const { return kind_ == Kind::kInt || kind_ == Kind::kUint || kind_ == Kind::kFloat; }
  bool is_integer() const { return kind_ == Kind::kInt || kind_ == Kind::kUint; }
  bool is_unsigned() const { return kind_ == Kind::kUint; }
  bool is_string() const { return kind_ == Kind::kString; }
  bool is_array() const { return kind_ == Kind::kArray; }
  bool is_object() const { return kind_ == Kind::kObject; }

  // The value as that type; a JsonTypeError when it is not one. Numbers
  // convert between each other as static_cast does.
  bool as_bool() const;
  int64_t as_int() const;
  uint64_t as_uint() const;
  double as_double() const;
  const std::string& as_string() const;

  // Arrays: elements (an empty range for other kinds); push_back turns null
  // into an array.
  size_t size() const;  // elements of an array, members of an object, else 0
  bool empty() const { return size() == 0; }
  const Json& operator[](size_t index) const { return items_[index]; }
  const Json* begin() const { return items_.data(); }
  const Json* end() const { return items_.data() + (kind_ == Kind::kArray ? items_.size() : 0); }
  void push_back(Json item);

  // Objects: members in key order.
  const std::vector<Member>& members() const { return members_; }
  // The member's value, or nullptr (also for other kinds).
  const Json* find(const std::string& key) const;
  bool contains(const std::string& key) const { return find(key) != nullptr; }
  // The member's value; null when there is none.
  const Json& operator[](const std::string& key) const;
  // Inserts a null member if there is none; turns null into an object.
  Json& operator[](const std::string& key);
  // The member's value if present, else `fallback` (nlohmann's value()).
  Json value_or(const std::string& key, Json fallback) const;
  // A string / bool member, `fallback` when absent; a JsonTypeError naming
  // the key when present with another type (null included).
  std::string string_or(const std::string& key, const std::string& fallback) const;
  bool bool_or(const std::string& key, bool fallback) const;

  // Compact JSON text.
  std::string dump() const;
  void dump_to(std::string& out) const;

 private:
  [[noreturn]] void type_error(const char* expected) const;

  Kind kind_ = Kind::kNull;
  union {
    bool bool_;
    int64_t int_;
    uint64_t uint_;
    double float_ = 0;
  };
  std::string string_;
  std::vector<Json> items_;
  std::vector<Member> members_;
};

}  // namespace nnslim
