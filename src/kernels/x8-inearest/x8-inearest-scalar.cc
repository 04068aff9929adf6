#include "kernels/x8-inearest/x8-inearest.h"

namespace nnslim::kernels {

void x8_inearest_row_ukernel__scalar_c1(size_t pixels, size_t channels, const int8_t* row, const size_t* offsets,
                                        int8_t* output) {
  for (size_t x = 0; x < pixels; x++)
    for (size_t c = 0; c < channels; c++) *output++ = row[offsets[x] + c];
}

}  // namespace nnslim::kernels
