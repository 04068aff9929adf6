#include "kernels/x8-lut/x8-lut.h"

namespace nnslim::kernels {

void x8_lut_ukernel__scalar(size_t n, const int8_t* x, int8_t* y, const int8_t* table) {
  for (size_t i = 0; i < n; i++) y[i] = table[static_cast<uint8_t>(x[i])];
}

void x8_lut_range_init(const int8_t* table, X8LutRange* range) {
  // Codes in signed order: T(q) = table[q & 255].
  auto t = [&](int q) { return table[static_cast<uint8_t>(q)]; };
  int lo = -128, hi = 127;
  while (lo < 127 && t(lo + 1) == t(-128)) ++lo;
  while (hi > lo && t(hi - 1) == t(127)) --hi;
  range->lo = static_cast<int8_t>(lo);
  range->hi = static_cast<int8_t>(hi);
  range->rows = static_cast<size_t>(hi - lo + 16) / 16;
  for (int i = 0; i < 256; ++i) range->table[i] = t(lo + i <= hi ? lo + i : hi);
}

}  // namespace nnslim::kernels
