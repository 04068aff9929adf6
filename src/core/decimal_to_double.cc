#include "core/decimal_to_double.h"

#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

namespace nnslim {
namespace {

constexpr size_t kMaxDigits = 800;
constexpr uint64_t kInfinityBits = uint64_t{0x7FF} << 52;
// 10^0 .. 10^22: every one exactly a double.
constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                             1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

// An unsigned integer of any size: 32-bit limbs, least significant first,
// no leading zero limb (zero has none).
class BigInt {
 public:
  explicit BigInt(uint64_t value) {
    for (; value != 0; value >>= 32) limbs_.push_back(static_cast<uint32_t>(value));
  }
  // *this = *this * mul + add.
  void mul_add(uint32_t mul, uint32_t add) {
    uint64_t carry = add;
    for (uint32_t& limb : limbs_) {
      const uint64_t product = uint64_t{limb} * mul + carry;
      limb = static_cast<uint32_t>(product);
      carry = product >> 32;
    }
    if (carry != 0) limbs_.push_back(static_cast<uint32_t>(carry));
  }
  void mul_pow10(int64_t k) {
    for (; k >= 9; k -= 9) mul_add(1000000000u, 0);
    if (k > 0) mul_add(static_cast<uint32_t>(kPow10[k]), 0);
  }
  void shift_left(int64_t bits) {
    if (limbs_.empty() || bits == 0) return;
    const unsigned rest = static_cast<unsigned>(bits % 32);
    if (rest != 0) {
      uint32_t carry = 0;
      for (uint32_t& limb : limbs_) {
        const uint32_t next = limb >> (32 - rest);
        limb = (limb << rest) | carry;
        carry = next;
      }
      if (carry != 0) limbs_.push_back(carry);
    }
    limbs_.insert(limbs_.begin(), static_cast<size_t>(bits / 32), 0u);
  }
  // -1, 0 or 1 as a < b, a == b, a > b.
  friend int compare(const BigInt& a, const BigInt& b) {
    if (a.limbs_.size() != b.limbs_.size()) return a.limbs_.size() < b.limbs_.size() ? -1 : 1;
    for (size_t i = a.limbs_.size(); i-- > 0;)
      if (a.limbs_[i] != b.limbs_[i]) return a.limbs_[i] < b.limbs_[i] ? -1 : 1;
    return 0;
  }

 private:
  std::vector<uint32_t> limbs_;
};

double from_bits(uint64_t bits) {
  double value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

uint64_t bits_of(double value) {
  uint64_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

// The sign of D * 10^exp10 - (the midpoint between the non-negative finite
// double with `bits` and the next one up), exactly. That double is m * 2^e
// (0 is m = 0, e = -1074), its upward midpoint (2m + 1) * 2^(e - 1).
int compare_with_midpoint_above(const BigInt& digits, int64_t exp10, uint64_t bits) {
  const int biased = static_cast<int>(bits >> 52);
  const uint64_t fraction = bits & ((uint64_t{1} << 52) - 1);
  const uint64_t m = biased == 0 ? fraction : fraction | (uint64_t{1} << 52);
  const int64_t e = biased == 0 ? -1074 : biased - 1075;
  BigInt value = digits;
  BigInt midpoint(2 * m + 1);
  if (exp10 >= 0) value.mul_pow10(exp10);
  else midpoint.mul_pow10(-exp10);
  if (e - 1 >= 0) midpoint.shift_left(e - 1);
  else value.shift_left(1 - e);
  return compare(value, midpoint);
}

// The nearest double to D * 10^exp10 (D = `digits`, no leading zero, at
// least one digit), given that it is not beyond the double range's ends.
double nearest_double(const std::string& digits, int64_t exp10) {
  const size_t n = digits.size();
  uint64_t leading = 0;  // the first <= 19 digits
  const size_t lead = n < 19 ? n : 19;
  for (size_t i = 0; i < lead; ++i) leading = leading * 10 + static_cast<uint64_t>(digits[i] - '0');
  // Clinger's fast path: both factors exact doubles, so one rounding.
  if (n <= 15 && exp10 >= -22 && exp10 <= 22) {
    const double d = static_cast<double>(leading);
    return exp10 >= 0 ? d * kPow10[exp10] : d / kPow10[-exp10];
  }
  // A first guess: a few roundings away from the answer.
  double guess = static_cast<double>(leading);
  for (int64_t k = exp10 + static_cast<int64_t>(n - lead); k != 0;) {
    const int64_t step = k > 0 ? (k < 22 ? k : 22) : (k > -22 ? -k : 22);
    guess = k > 0 ? guess * kPow10[step] : guess / kPow10[step];
    k += k > 0 ? -step : step;
  }
  uint64_t bits = bits_of(guess);
  if (bits >= kInfinityBits) bits = kInfinityBits - 1;  // the largest double
  if (bits == 0) bits = 1;                              // the smallest subnormal
  BigInt exact(0);
  for (char c : digits) exact.mul_add(10, static_cast<uint32_t>(c - '0'));
  // Ties go to the even mantissa (bit 0 of the bits).
  for (int guard = 0; guard < 100000; ++guard) {
    const int above = compare_with_midpoint_above(exact, exp10, bits);
    if (above > 0 || (above == 0 && (bits & 1) != 0)) {
      if (++bits == kInfinityBits) break;
      continue;
    }
    if (bits == 0) break;
    const int below = compare_with_midpoint_above(exact, exp10, bits - 1);
    if (below < 0 || (below == 0 && (bits & 1) != 0)) {
      --bits;
      continue;
    }
    break;
  }
  return from_bits(bits);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool decimal_to_double(std::string_view text, double* out) {
  size_t at = 0;
  const bool negative = at < text.size() && text[at] == '-';
  if (negative) ++at;
  std::string digits;  // every mantissa digit, leading zeros dropped
  int64_t fraction_digits = 0;
  bool any_digit = false;
  for (; at < text.size() && is_digit(text[at]); ++at) {
    any_digit = true;
    if (!digits.empty() || text[at] != '0') digits += text[at];
  }
  if (at < text.size() && text[at] == '.') {
    for (++at; at < text.size() && is_digit(text[at]); ++at) {
      any_digit = true;
      ++fraction_digits;
      if (!digits.empty() || text[at] != '0') digits += text[at];
    }
  }
  if (!any_digit) return false;
  int64_t exponent = 0;
  if (at < text.size() && (text[at] == 'e' || text[at] == 'E')) {
    ++at;
    const bool negative_exponent = at < text.size() && text[at] == '-';
    if (at < text.size() && (text[at] == '-' || text[at] == '+')) ++at;
    if (at == text.size() || !is_digit(text[at])) return false;
    for (; at < text.size() && is_digit(text[at]); ++at)
      if (exponent < 1000000000) exponent = exponent * 10 + (text[at] - '0');  // saturates: far past any double
    if (negative_exponent) exponent = -exponent;
  }
  if (at != text.size()) return false;
  // Leading zeros of the fraction count in fraction_digits but not in digits.
  int64_t exp10 = exponent - fraction_digits;
  while (!digits.empty() && digits.back() == '0') {
    digits.pop_back();
    ++exp10;
  }
  const double zero = negative ? -0.0 : 0.0;
  const double infinity = negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
  if (digits.empty()) {
    *out = zero;
    return true;
  }
  if (digits.size() > kMaxDigits) {
    // The dropped digits end in a non-zero one (trailing zeros are gone):
    // the value lies strictly above the truncated one, as the truncated one
    // followed by a 1 does, and no double's midpoint lies between them.
    exp10 += static_cast<int64_t>(digits.size() - kMaxDigits) - 1;
    digits.resize(kMaxDigits);
    digits += '1';
  }
  // D * 10^exp10 lies in [10^(magnitude - 1), 10^magnitude).
  const int64_t magnitude = static_cast<int64_t>(digits.size()) + exp10;
  if (magnitude > 310) {
    *out = infinity;  // >= 10^310: past the largest double
  } else if (magnitude < -324) {
    *out = zero;  // < 10^-325: below half the smallest subnormal (4.9e-324)
  } else {
    const double value = nearest_double(digits, exp10);
    *out = negative ? -value : value;
  }
  return true;
}

}  // namespace nnslim
