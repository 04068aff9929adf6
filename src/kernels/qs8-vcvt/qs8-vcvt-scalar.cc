// The oracles: core/quant_math.h's formulas, one element at a time.
#include "core/quant_math.h"
#include "kernels/qs8-vcvt/qs8-vcvt.h"

namespace nnslim::kernels {

void f32_qs8_vcvt_ukernel__scalar(size_t n, const float* x, int8_t* y, const QS8CvtParams* params) {
  for (size_t i = 0; i < n; i++)
    y[i] = static_cast<int8_t>(quantize_value(x[i], params->scale, params->zero_point, quant_range(DType::Int8)));
}

void qs8_f32_vcvt_ukernel__scalar(size_t n, const int8_t* x, float* y, const QS8CvtParams* params) {
  for (size_t i = 0; i < n; i++) y[i] = dequantize_value(x[i], params->scale, params->zero_point);
}

}  // namespace nnslim::kernels
