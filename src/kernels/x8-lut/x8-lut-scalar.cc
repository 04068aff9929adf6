#include "kernels/x8-lut/x8-lut.h"

namespace nnslim::kernels {

void x8_lut_ukernel__scalar(size_t n, const int8_t* x, int8_t* y, const int8_t* table) {
  for (size_t i = 0; i < n; i++) y[i] = table[static_cast<uint8_t>(x[i])];
}

}  // namespace nnslim::kernels
