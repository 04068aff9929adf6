#include <cstdint>
#include <cstring>

#include "kernels/f32-finite/f32-finite.h"
#include "kernels/f32-finite/f32-transpose-finite.h"

namespace nnslim::kernels {

bool f32_transpose_all_finite__scalar(size_t rows, size_t cols, const float* in, size_t in_stride, float* out,
                                      size_t out_stride) {
  bool finite = true;
  for (size_t i = 0; i < rows; ++i)
    for (size_t j = 0; j < cols; ++j) {
      uint32_t bits;
      std::memcpy(&bits, in + i * in_stride + j, sizeof bits);
      std::memcpy(out + j * out_stride + i, &bits, sizeof bits);
      finite = finite && f32_all_finite__scalar(1, in + i * in_stride + j);
    }
  return finite;
}

}  // namespace nnslim::kernels
