// int8 block-sparse product over 8x1 blocks, 4 pixels at a time from their
// widened, transposed channels (qs8-bspmm-wasmsimd.h), the rest (and the
// GEMV) one by one from their widened rows.
#include "kernels/qs8-bspmm/qs8-bspmm-wasmsimd.h"

namespace nnslim::kernels {

void qs8_bspmm_minmax_fp32_ukernel_8x1__wasmsimd_dot16_x4(size_t mc, size_t nc, size_t kc, const int8_t* input,
                                                          size_t input_stride, const void* weights,
                                                          const uint32_t* input_indices, const uint32_t* pairs,
                                                          int8_t* output, size_t output_stride, int16_t* scratch,
                                                          const QS8RequantParams* params) {
  using namespace qs8_bspmm_detail;
  const Requant rq(params);
  const char* w = static_cast<const char*>(weights);
  size_t p = 0;
  for (; p + 4 <= mc; p += 4) {
    const int8_t* a = input + p * input_stride;
    int8_t* c = output + p * output_stride;
    widen_transpose4(kc, a, a + input_stride, a + 2 * input_stride, a + 3 * input_stride, scratch);
    four_pixels(nc, scratch, w, input_indices, pairs, c, c + output_stride, c + 2 * output_stride,
                c + 3 * output_stride, rq);
  }
  for (; p < mc; p++) {
    widen_row(kc, input + p * input_stride, scratch);
    one_widened_pixel(nc, scratch, w, input_indices, pairs, output + p * output_stride, rq);
  }
}

}  // namespace nnslim::kernels
