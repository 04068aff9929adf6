// 32x1 SpMM: tiles of 32 pixels (8 accumulators per output channel).
#include "kernels/f32-spmm/f32-spmm-wasmsimd-tile.h"

namespace nnslim::kernels {

void f32_spmm_minmax_ukernel_32x1__wasmsimd(size_t mc, size_t nc, const float* input, const float* weights,
                                            const int32_t* input_offsets, const uint32_t* nonzeros, float* output,
                                            size_t output_stride, const F32MinMaxParams* params) {
  spmm_detail::spmm<8>(mc, nc, input, weights, input_offsets, nonzeros, output, output_stride, params);
}

}  // namespace nnslim::kernels
