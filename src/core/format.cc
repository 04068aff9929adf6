#include "core/format.h"

#include <cstdio>

namespace nnslim::detail {

void append_unsigned(std::string& out, unsigned long long value) {
  char digits[20];  // 2^64 - 1 has 20 decimal digits
  int count = 0;
  do {
    digits[count++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  while (count > 0) out.push_back(digits[--count]);
}

void append_signed(std::string& out, long long value) {
  if (value < 0) {
    out.push_back('-');
    // Negate in unsigned arithmetic: -LLONG_MIN overflows a long long.
    append_unsigned(out, 0ull - static_cast<unsigned long long>(value));
  } else {
    append_unsigned(out, static_cast<unsigned long long>(value));
  }
}

void append_double(std::string& out, double value) {
  char text[32];  // "%g" prints at most 6 significant digits, a sign, a point and an exponent
  const int length = std::snprintf(text, sizeof(text), "%g", value);
  if (length > 0) out.append(text, static_cast<size_t>(length));
}

}  // namespace nnslim::detail
