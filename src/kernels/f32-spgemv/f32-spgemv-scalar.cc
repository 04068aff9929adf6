// Scalar sparse GEMV: the reference of the family.
#include "kernels/f32-spgemv/f32-spgemv.h"

namespace nnslim::kernels {

void f32_spgemv_minmax_ukernel__scalar(size_t nc, const float* a, const float* weights,
                                       const uint16_t* input_indices, const uint32_t* nonzeros, float* c,
                                       const F32MinMaxParams* params) {
  for (size_t o = 0; o < nc; o++) {
    float acc = *weights++;
    for (uint32_t j = 0; j < nonzeros[o]; j++)
      acc += *weights++ * a[*input_indices++];
    c[o] = f32_clamp(acc, params->min, params->max);
  }
}

}  // namespace nnslim::kernels
