// Sparse GEMV, 8 nonzeros per step (2 partial-sum vector(s) per row).
#include "kernels/f32-spgemv/f32-spgemv-wasmsimd-row.h"

namespace nnslim::kernels {

void f32_spgemv_minmax_ukernel__wasmsimd_x8(size_t nc, const float* a, const float* weights,
                                           const int32_t* input_offsets, const uint32_t* nonzeros, float* c,
                                           const F32MinMaxParams* params) {
  spgemv_detail::spgemv<2>(nc, a, weights, input_offsets, nonzeros, c, params);
}

}  // namespace nnslim::kernels
