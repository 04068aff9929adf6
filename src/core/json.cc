#include "core/json.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/decimal_to_double.h"

namespace nnslim {
namespace {

bool key_less(const Json::Member& member, const std::string& key) { return member.first < key; }

// Shortest "%.*g" text that reads back as the same double (what a JS
// JSON.parse gets), with ".0" when it would read as an integer.
void append_double(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out += "null";
    return;
  }
  char text[32];
  for (int digits = 1; digits <= 17; ++digits) {
    std::snprintf(text, sizeof text, "%.*g", digits, value);
    double read_back = 0;
    if (decimal_to_double(text, &read_back) && read_back == value) break;
  }
  out += text;
  if (out.find_first_of(".e", out.size() - std::char_traits<char>::length(text)) == std::string::npos) out += ".0";
}

void append_string(std::string& out, const std::string& text) {
  static const char kHex[] = "0123456789abcdef";
  out += '"';
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += "\\u00";
          out += kHex[(c >> 4) & 0xF];
          out += kHex[c & 0xF];
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

}  // namespace

Json Json::array(std::vector<Json> items) {
  Json out;
  out.kind_ = Kind::kArray;
  out.items_ = std::move(items);
  return out;
}

Json Json::object(std::initializer_list<Member> members) {
  Json out;
  out.kind_ = Kind::kObject;
  for (const Member& member : members) out[member.first] = member.second;
  return out;
}

void Json::type_error(const char* expected) const {
  throw JsonTypeError(str("expected ", expected, ", got ", dump()));
}

bool Json::as_bool() const {
  if (kind_ != Kind::kBool) type_error("a boolean");
  return bool_;
}

int64_t Json::as_int() const {
  switch (kind_) {
    case Kind::kInt: return int_;
    case Kind::kUint: return static_cast<int64_t>(uint_);
    case Kind::kFloat: return static_cast<int64_t>(float_);
    default: type_error("a number");
  }
}

uint64_t Json::as_uint() const {
  switch (kind_) {
    case Kind::kInt: return static_cast<uint64_t>(int_);
    case Kind::kUint: return uint_;
    case Kind::kFloat: return static_cast<uint64_t>(float_);
    default: type_error("a number");
  }
}

double Json::as_double() const {
  switch (kind_) {
    case Kind::kInt: return static_cast<double>(int_);
    case Kind::kUint: return static_cast<double>(uint_);
    case Kind::kFloat: return float_;
    default: type_error("a number");
  }
}

const std::string& Json::as_string() const {
  if (kind_ != Kind::kString) type_error("a string");
  return string_;
}

size_t Json::size() const {
  if (kind_ == Kind::kArray) return items_.size();
  if (kind_ == Kind::kObject) return members_.size();
  return 0;
}

void Json::push_back(Json item) {
  if (kind_ == Kind::kNull) kind_ = Kind::kArray;
  if (kind_ != Kind::kArray) type_error("an array");
  items_.push_back(std::move(item));
}

const Json* Json::find(const std::string& key) const {
  if (kind_ != Kind::kObject) return nullptr;
  auto it = std::lower_bound(members_.begin(), members_.end(), key, key_less);
  return it != members_.end() && it->first == key ? &it->second : nullptr;
}

const Json& Json::operator[](const std::string& key) const {
  static const Json kNull{};
  const Json* found = find(key);
  return found ? *found : kNull;
}

Json& Json::operator[](const std::string& key) {
  if (kind_ == Kind::kNull) kind_ = Kind::kObject;
  if (kind_ != Kind::kObject) type_error("an object");
  auto it = std::lower_bound(members_.begin(), members_.end(), key, key_less);
  if (it == members_.end() || it->first != key) it = members_.insert(it, Member(key, Json()));
  return it->second;
}

Json Json::value_or(const std::string& key, Json fallback) const {
  const Json* found = find(key);
  return found ? *found : fallback;
}

std::string Json::string_or(const std::string& key, const std::string& fallback) const {
  const Json* found = find(key);
  if (!found) return fallback;
  if (!found->is_string()) throw JsonTypeError(str("'", key, "' must be a string, got ", found->dump()));
  return found->string_;
}

bool Json::bool_or(const std::string& key, bool fallback) const {
  const Json* found = find(key);
  if (!found) return fallback;
  if (!found->is_bool()) throw JsonTypeError(str("'", key, "' must be true or false, got ", found->dump()));
  return found->bool_;
}

std::string Json::dump() const {
  std::string out;
  dump_to(out);
  return out;
}

void Json::dump_to(std::string& out) const {
  switch (kind_) {
    case Kind::kNull: out += "null"; break;
    case Kind::kBool: out += bool_ ? "true" : "false"; break;
    case Kind::kInt: detail::append_signed(out, int_); break;
    case Kind::kUint: detail::append_unsigned(out, uint_); break;
    case Kind::kFloat: append_double(out, float_); break;
    case Kind::kString: append_string(out, string_); break;
    case Kind::kArray:
      out += '[';
      for (size_t i = 0; i < items_.size(); ++i) {
        if (i) out += ',';
        items_[i].dump_to(out);
      }
      out += ']';
      break;
    case Kind::kObject:
      out += '{';
      for (size_t i = 0; i < members_.size(); ++i) {
        if (i) out += ',';
        append_string(out, members_[i].first);
        out += ':';
        members_[i].second.dump_to(out);
      }
      out += '}';
      break;
  }
}

}  // namespace nnslim
