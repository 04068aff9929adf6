#include <cstdint>
#include <cstring>

#include "kernels/f32-finite/f32-finite.h"

namespace nnslim::kernels {

bool f32_all_finite__scalar(size_t n, const float* x) {
  for (size_t i = 0; i < n; ++i) {
    uint32_t bits;
    std::memcpy(&bits, x + i, sizeof bits);
    if ((bits & 0x7f800000u) == 0x7f800000u) return false;
  }
  return true;
}

}  // namespace nnslim::kernels
