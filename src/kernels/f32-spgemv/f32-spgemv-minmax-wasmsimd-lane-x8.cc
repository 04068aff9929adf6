// Sparse GEMV over byte offsets, 8 nonzeros per step (2 partial-sum vectors, then groups of 4), inputs
// loaded straight into their lanes; rows padded to a multiple of 4.
#include "kernels/f32-spgemv/f32-spgemv-wasmsimd-row.h"

namespace nnslim::kernels {

void f32_spgemv_minmax_ukernel__wasmsimd_lane_x8(size_t nc, const float* a, const float* weights,
                                                const uint16_t* input_offsets, const uint32_t* nonzeros, float* c,
                                                const F32MinMaxParams* params) {
  spgemv_detail::spgemv<2, spgemv_detail::gather4_lanes>(nc, a, weights, input_offsets, nonzeros, c, params);
}

}  // namespace nnslim::kernels
