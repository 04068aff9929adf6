#include "kernels/x32-copy/x32-copy.h"

namespace nnslim::kernels {

void x32_copy_rows__scalar(size_t rows, size_t n, const uint32_t* in, size_t in_stride, uint32_t* out,
                           size_t out_stride) {
  for (size_t r = 0; r < rows; r++)
    for (size_t j = 0; j < n; j++) out[r * out_stride + j] = in[r * in_stride + j];
}

void x32_copy_strided_rows__scalar(size_t rows, size_t n, const uint32_t* in, ptrdiff_t in_stride, ptrdiff_t in_step,
                                   uint32_t* out, size_t out_stride) {
  for (size_t r = 0; r < rows; r++)
    for (size_t j = 0; j < n; j++)
      out[r * out_stride + j] = in[static_cast<ptrdiff_t>(r) * in_stride + static_cast<ptrdiff_t>(j) * in_step];
}

void x32_fill_rows__scalar(size_t rows, size_t n, const uint32_t* value, uint32_t* out, size_t out_stride) {
  for (size_t r = 0; r < rows; r++)
    for (size_t j = 0; j < n; j++) out[r * out_stride + j] = *value;
}

}  // namespace nnslim::kernels
