#include "kernels/x8-transpose/x8-transpose.h"

namespace nnslim::kernels {

void x8_transpose_ukernel__scalar(size_t rows, size_t cols, const uint8_t* in, size_t in_stride, uint8_t* out,
                                  size_t out_stride) {
  for (size_t i = 0; i < rows; i++)
    for (size_t j = 0; j < cols; j++) out[j * out_stride + i] = in[i * in_stride + j];
}

}  // namespace nnslim::kernels
