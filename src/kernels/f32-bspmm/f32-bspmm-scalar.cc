// Scalar block-sparse products: the references of the family, one pixel and
// one output at a time, every block added in packed order.
#include "kernels/f32-bspmm/f32-bspmm.h"

namespace nnslim::kernels {
namespace {

template <size_t kBlock>
void bspmm_scalar(size_t mc, size_t nc, const float* input, size_t input_stride, const float* weights,
                  const uint32_t* input_indices, const uint32_t* blocks, float* output, size_t output_stride,
                  const F32MinMaxParams* params) {
  for (size_t p = 0; p < mc; p++) {
    const float* a = reinterpret_cast<const float*>(reinterpret_cast<const char*>(input) + p * input_stride);
    float* c = reinterpret_cast<float*>(reinterpret_cast<char*>(output) + p * output_stride);
    const float* w = weights;
    const uint32_t* indices = input_indices;
    for (size_t o0 = 0, row = 0; o0 < nc; o0 += kBlock, row++) {
      float acc[kBlock];
      for (size_t r = 0; r < kBlock; r++) acc[r] = *w++;
      for (uint32_t j = 0; j < blocks[row]; j++) {
        const float x = a[*indices++];
        for (size_t r = 0; r < kBlock; r++) acc[r] += *w++ * x;
      }
      for (size_t r = 0; r < kBlock && o0 + r < nc; r++) c[o0 + r] = f32_clamp(acc[r], params->min, params->max);
    }
  }
}

}  // namespace

void f32_bspmm_minmax_ukernel_4x1__scalar(size_t mc, size_t nc, const float* input, size_t input_stride,
                                          const float* weights, const uint32_t* input_indices,
                                          const uint32_t* blocks, float* output, size_t output_stride,
                                          const F32MinMaxParams* params) {
  bspmm_scalar<4>(mc, nc, input, input_stride, weights, input_indices, blocks, output, output_stride, params);
}

void f32_bspmm_minmax_ukernel_8x1__scalar(size_t mc, size_t nc, const float* input, size_t input_stride,
                                          const float* weights, const uint32_t* input_indices,
                                          const uint32_t* blocks, float* output, size_t output_stride,
                                          const F32MinMaxParams* params) {
  bspmm_scalar<8>(mc, nc, input, input_stride, weights, input_indices, blocks, output, output_stride, params);
}

}  // namespace nnslim::kernels
