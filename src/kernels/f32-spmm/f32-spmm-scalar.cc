// Scalar f32 SpMM: the reference of the family, one pixel at a time.
#include "kernels/f32-spmm/f32-spmm.h"

namespace nnslim::kernels {

void f32_spmm_minmax_ukernel_1x1__scalar(size_t mc, size_t nc, const float* input, const float* weights,
                                         const int32_t* input_offsets, const uint32_t* nonzeros, float* output,
                                         size_t output_stride, const F32MinMaxParams* params) {
  for (size_t p = 0; p < mc; p++) {
    const float* w = weights;
    const int32_t* offsets = input_offsets;
    for (size_t o = 0; o < nc; o++) {
      float acc = *w++;
      for (uint32_t j = 0; j < nonzeros[o]; j++) {
        const float* row = reinterpret_cast<const float*>(reinterpret_cast<const char*>(input) + *offsets++);
        acc += *w++ * row[p];
      }
      float* out = reinterpret_cast<float*>(reinterpret_cast<char*>(output) + o * output_stride);
      out[p] = f32_clamp(acc, params->min, params->max);
    }
  }
}

}  // namespace nnslim::kernels
