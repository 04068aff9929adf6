// Scalar sparse GEMV over byte offsets: the reference of the lane kernels.
#include "kernels/f32-spgemv/f32-spgemv.h"

namespace nnslim::kernels {

void f32_spgemv_minmax_ukernel__scalar_bytes(size_t nc, const float* a, const float* weights,
                                             const uint16_t* input_offsets, const uint32_t* nonzeros, float* c,
                                             const F32MinMaxParams* params) {
  const char* base = reinterpret_cast<const char*>(a);
  for (size_t o = 0; o < nc; o++) {
    float acc = *weights++;
    for (uint32_t j = 0; j < nonzeros[o]; j++)
      acc += *weights++ * *reinterpret_cast<const float*>(base + *input_offsets++);
    c[o] = f32_clamp(acc, params->min, params->max);
  }
}

}  // namespace nnslim::kernels
