#include "kernels/x32-transpose/x32-transpose.h"

namespace nnslim::kernels {

void x32_transpose_ukernel__scalar(size_t rows, size_t cols, const uint32_t* in, size_t in_stride, uint32_t* out,
                                   size_t out_stride) {
  for (size_t i = 0; i < rows; i++)
    for (size_t j = 0; j < cols; j++) out[j * out_stride + i] = in[i * in_stride + j];
}

}  // namespace nnslim::kernels
