// int8 block-sparse product over 8x1 blocks, one pixel at a time from its
// row widened to int16 in scratch (qs8-bspmm-wasmsimd.h): a pair of
// activations is two vector loads and a shuffle.
#include "kernels/qs8-bspmm/qs8-bspmm-wasmsimd.h"

namespace nnslim::kernels {

void qs8_bspmm_minmax_fp32_ukernel_8x1__wasmsimd_dot16_x1w(size_t mc, size_t nc, size_t kc, const int8_t* input,
                                                           size_t input_stride, const void* weights,
                                                           const uint32_t* input_indices, const uint32_t* pairs,
                                                           int8_t* output, size_t output_stride, int16_t* scratch,
                                                           const QS8RequantParams* params) {
  const qs8_bspmm_detail::Requant rq(params);
  for (size_t p = 0; p < mc; p++) {
    qs8_bspmm_detail::widen_row(kc, input + p * input_stride, scratch);
    qs8_bspmm_detail::one_widened_pixel(nc, scratch, static_cast<const char*>(weights), input_indices, pairs,
                                        output + p * output_stride, rq);
  }
}

}  // namespace nnslim::kernels
