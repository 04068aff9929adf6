// A recursive-descent reader. Nesting is limited (kMaxDepth) so that hostile
// text ("[[[[...") is an error, not a stack overflow.
#include "builder/parse_json.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "core/decimal_to_double.h"

namespace nnslim {
namespace {

constexpr int kMaxDepth = 256;

class Reader {
 public:
  Reader(const std::string& text, const char* what) : text_(text), what_(what) {}

  Json document() {
    Json out = value(0);
    skip_space();
    if (at_ < text_.size()) bad("unexpected text after the value");
    return out;
  }

 private:
  [[noreturn]] void bad(const char* problem) const {
    size_t line = 1, column = 1;
    for (size_t i = 0; i < at_ && i < text_.size(); ++i) {
      if (text_[i] == '\n') ++line, column = 1;
      else ++column;
    }
    fail(ErrorCode::InvalidArgument, what_, " is not valid JSON: ", problem, " at line ", line, ", column ", column);
  }

  int peek() const { return at_ < text_.size() ? static_cast<unsigned char>(text_[at_]) : -1; }

  void skip_space() {
    while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\t' || text_[at_] == '\n' || text_[at_] == '\r'))
      ++at_;
  }

  void expect_word(const char* word) {
    for (const char* c = word; *c; ++c, ++at_)
      if (peek() != *c) bad("invalid literal");
  }

  Json value(int depth) {
    if (depth > kMaxDepth) bad("nesting too deep");
    skip_space();
    switch (peek()) {
      case '{': return object(depth);
      case '[': return array(depth);
      case '"': return Json(string());
      case 't': expect_word("true"); return Json(true);
      case 'f': expect_word("false"); return Json(false);
      case 'n': expect_word("null"); return Json();
      case -1: bad("unexpected end of input");
      default: return number();
    }
  }

  Json object(int depth) {
    ++at_;  // '{'
    Json out = Json::object();
    skip_space();
    if (peek() == '}') {
      ++at_;
      return out;
    }
    for (;;) {
      skip_space();
      if (peek() != '"') bad("expected a string key");
      std::string key = string();
      skip_space();
      if (peek() != ':') bad("expected ':'");
      ++at_;
      out[key] = value(depth + 1);
      skip_space();
      if (peek() == ',') {
        ++at_;
      } else if (peek() == '}') {
        ++at_;
        return out;
      } else {
        bad("expected ',' or '}'");
      }
    }
  }

  Json array(int depth) {
    ++at_;  // '['
    Json out = Json::array();
    skip_space();
    if (peek() == ']') {
      ++at_;
      return out;
    }
    for (;;) {
      out.push_back(value(depth + 1));
      skip_space();
      if (peek() == ',') {
        ++at_;
      } else if (peek() == ']') {
        ++at_;
        return out;
      } else {
        bad("expected ',' or ']'");
      }
    }
  }

  // Four hex digits after "\u".
  unsigned hex4() {
    unsigned code = 0;
    for (int i = 0; i < 4; ++i, ++at_) {
      const int c = peek();
      code <<= 4;
      if (c >= '0' && c <= '9') code |= static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f') code |= static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') code |= static_cast<unsigned>(c - 'A' + 10);
      else bad("invalid \\u escape");
    }
    return code;
  }

  static void append_utf8(std::string& out, unsigned code) {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xC0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (code >> 18));
      out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
  }

  // One UTF-8 sequence starting with lead byte `lead` (>= 0x80), copied to
  // out; RFC 3629's ranges (no overlong forms, no surrogates, <= U+10FFFF).
  void utf8_sequence(std::string& out, int lead) {
    int follow = 0, low = 0x80, high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) follow = 1;
    else if (lead >= 0xE0 && lead <= 0xEF) follow = 2, low = lead == 0xE0 ? 0xA0 : 0x80, high = lead == 0xED ? 0x9F : 0xBF;
    else if (lead >= 0xF0 && lead <= 0xF4) follow = 3, low = lead == 0xF0 ? 0x90 : 0x80, high = lead == 0xF4 ? 0x8F : 0xBF;
    else bad("invalid UTF-8");
    out += static_cast<char>(lead);
    ++at_;
    for (int i = 0; i < follow; ++i, ++at_) {
      const int c = peek();
      if (c < low || c > high) bad("invalid UTF-8");
      out += static_cast<char>(c);
      low = 0x80, high = 0xBF;
    }
  }

  std::string string() {
    ++at_;  // '"'
    std::string out;
    for (;;) {
      const int c = peek();
      if (c == -1) bad("unterminated string");
      if (c == '"') {
        ++at_;
        return out;
      }
      if (c < 0x20) bad("control character in a string (escape it)");
      if (c >= 0x80) {
        utf8_sequence(out, c);
        continue;
      }
      ++at_;
      if (c != '\\') {
        out += static_cast<char>(c);
        continue;
      }
      const int e = peek();
      ++at_;
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          unsigned code = hex4();
          if (code >= 0xDC00 && code <= 0xDFFF) bad("unpaired UTF-16 surrogate");
          if (code >= 0xD800 && code <= 0xDBFF) {
            if (peek() != '\\') bad("unpaired UTF-16 surrogate");
            ++at_;
            if (peek() != 'u') bad("unpaired UTF-16 surrogate");
            ++at_;
            const unsigned low = hex4();
            if (low < 0xDC00 || low > 0xDFFF) bad("unpaired UTF-16 surrogate");
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
          }
          append_utf8(out, code);
          break;
        }
        default: --at_; bad("invalid escape");
      }
    }
  }

  bool digit() const { return peek() >= '0' && peek() <= '9'; }

  // -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?: an integer without
  // fraction or exponent that fits int64 (negative) / uint64 stays one.
  Json number() {
    const size_t start = at_;
    if (peek() == '-') ++at_;
    if (peek() == '0') {
      ++at_;
    } else if (digit()) {
      while (digit()) ++at_;
    } else {
      bad("invalid literal");
    }
    bool integer = true;
    if (peek() == '.') {
      ++at_;
      if (!digit()) bad("expected a digit after '.'");
      while (digit()) ++at_;
      integer = false;
    }
    if (peek() == 'e' || peek() == 'E') {
      ++at_;
      if (peek() == '+' || peek() == '-') ++at_;
      if (!digit()) bad("expected a digit in the exponent");
      while (digit()) ++at_;
      integer = false;
    }
    const std::string token = text_.substr(start, at_ - start);
    if (integer) {
      errno = 0;
      if (token[0] == '-') {
        const long long v = std::strtoll(token.c_str(), nullptr, 10);
        if (errno == 0) return Json(static_cast<int64_t>(v));
      } else {
        const unsigned long long v = std::strtoull(token.c_str(), nullptr, 10);
        if (errno == 0) return Json(static_cast<uint64_t>(v));
      }
    }
    double v = 0;
    decimal_to_double(token, &v);  // the grammar above is a decimal number
    if (!std::isfinite(v)) {
      at_ = start;
      bad("number out of the double range");
    }
    return Json(v);
  }

  const std::string& text_;
  const char* what_;
  size_t at_ = 0;
};

}  // namespace

Json parse_json(const std::string& text, const char* what) { return Reader(text, what).document(); }

}  // namespace nnslim
