// Quantize / dequantize of int8 tensors, per-tensor (ONNX QuantizeLinear /
// DequantizeLinear with an int8 zero point; core/quant_math.h's formulas):
//   f32 -> qs8:  y = saturate(round_half_to_even(x / scale) + zero_point)   (NaN -> -128)
//   qs8 -> f32:  y = float(x - zero_point) * scale
// The division is a real division (not a multiplication by 1 / scale), as
// ONNX specifies, so results are bit-exact with the reference executor.
// n >= 1 elements; x and y must not overlap.
#pragma once
#include <cstddef>
#include <cstdint>

namespace nnslim::kernels {

struct QS8CvtParams {
  float scale;
  int32_t zero_point;
};

using F32QS8VcvtUkernelFn = void (*)(size_t n, const float* x, int8_t* y, const QS8CvtParams* params);
using QS8F32VcvtUkernelFn = void (*)(size_t n, const int8_t* x, float* y, const QS8CvtParams* params);

void f32_qs8_vcvt_ukernel__scalar(size_t n, const float* x, int8_t* y, const QS8CvtParams* params);
void f32_qs8_vcvt_ukernel__wasmsimd_x8(size_t n, const float* x, int8_t* y, const QS8CvtParams* params);
void qs8_f32_vcvt_ukernel__scalar(size_t n, const int8_t* x, float* y, const QS8CvtParams* params);
void qs8_f32_vcvt_ukernel__wasmsimd_x8(size_t n, const int8_t* x, float* y, const QS8CvtParams* params);

}  // namespace nnslim::kernels
