// Sparse GEMV, 4 nonzeros per step (1 partial-sum vector), rows padded to a multiple of 4.
#include "kernels/f32-spgemv/f32-spgemv-wasmsimd-row.h"

namespace nnslim::kernels {

void f32_spgemv_minmax_ukernel__wasmsimd_x4(size_t nc, const float* a, const float* weights,
                                           const uint16_t* input_indices, const uint32_t* nonzeros, float* c,
                                           const F32MinMaxParams* params) {
  spgemv_detail::spgemv<1>(nc, a, weights, input_indices, nonzeros, c, params);
}

}  // namespace nnslim::kernels
