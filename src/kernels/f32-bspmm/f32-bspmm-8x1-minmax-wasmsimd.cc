// Block-sparse product over 8x1 blocks (8 outputs share an input: 2 weight vector(s) per block).
#include "kernels/f32-bspmm/f32-bspmm-wasmsimd-tile.h"

namespace nnslim::kernels {

void f32_bspmm_minmax_ukernel_8x1__wasmsimd(size_t mc, size_t nc, const float* input, size_t input_stride,
                                            const float* weights, const uint32_t* input_indices,
                                            const uint32_t* blocks, float* output, size_t output_stride,
                                            const F32MinMaxParams* params) {
  bspmm_detail::bspmm<2>(mc, nc, input, input_stride, weights, input_indices, blocks, output, output_stride,
                          params);
}

}  // namespace nnslim::kernels
