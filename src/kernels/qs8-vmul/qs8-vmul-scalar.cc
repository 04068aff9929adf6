#include "kernels/qs8-vmul/qs8-vmul.h"

namespace nnslim::kernels {

void qs8_vmul_minmax_fp32_ukernel__scalar(size_t n, const int8_t* a, const int8_t* b, int8_t* y,
                                          const QS8MulParams* params) {
  for (size_t i = 0; i < n; i++) {
    const int32_t product = (a[i] - params->a_zero_point) * (b[i] - params->b_zero_point);
    y[i] = qs8_requantize_reference(product, params->scale, params->y_zero_point, params->qmin, params->qmax);
  }
}

}  // namespace nnslim::kernels
