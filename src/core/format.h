// nnslim::str(pieces...): builds a message from strings, characters and
// numbers, e.g. str("node '", name, "': expected rank ", 4, ", got ", rank).
//
// Why not std::ostringstream: on wasm a single ostringstream pulls in the
// iostreams library (locales, facets, their vtables and static
// initializers), about 100 KB of the shipped module. These few overloads
// print what the messages need, the way `ostream <<` would: integers in
// decimal, floating point as printf's "%g" (the stream default: 6 significant
// digits), bool as 1 / 0, char types as characters.
#pragma once
#include <string>
#include <string_view>
#include <type_traits>

namespace nnslim {
namespace detail {

void append_signed(std::string& out, long long value);
void append_unsigned(std::string& out, unsigned long long value);
void append_double(std::string& out, double value);

inline void append_piece(std::string& out, std::string_view text) { out.append(text.data(), text.size()); }
inline void append_piece(std::string& out, const char* text) { out.append(text); }
inline void append_piece(std::string& out, char c) { out.push_back(c); }
inline void append_piece(std::string& out, signed char c) { out.push_back(static_cast<char>(c)); }
inline void append_piece(std::string& out, unsigned char c) { out.push_back(static_cast<char>(c)); }
inline void append_piece(std::string& out, bool b) { out.push_back(b ? '1' : '0'); }
// Other pointers would silently convert to bool: make them a compile error.
void append_piece(std::string& out, const void* pointer) = delete;

template <typename T>
std::enable_if_t<std::is_arithmetic_v<T>> append_piece(std::string& out, T value) {
  if constexpr (std::is_floating_point_v<T>) append_double(out, static_cast<double>(value));
  else if constexpr (std::is_signed_v<T>) append_signed(out, static_cast<long long>(value));
  else append_unsigned(out, static_cast<unsigned long long>(value));
}

}  // namespace detail

template <typename... Parts>
std::string str(const Parts&... parts) {
  std::string out;
  (detail::append_piece(out, parts), ...);
  return out;
}

}  // namespace nnslim
