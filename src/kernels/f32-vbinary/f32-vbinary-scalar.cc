// Scalar elementwise binary kernels, generated from the .inc list: each
// applies f32_binary_reference (the oracle) element by element.
#include <cassert>

#include "kernels/f32-vbinary/f32-vbinary.h"

namespace nnslim::kernels {

float f32_binary_reference(F32BinaryOp op, float a, float b) {
  switch (op) {
    case F32BinaryOp::kAdd: return a + b;
    case F32BinaryOp::kSub: return a - b;
    case F32BinaryOp::kRSub: return b - a;
    case F32BinaryOp::kMul: return a * b;
    case F32BinaryOp::kDiv: return a / b;
    case F32BinaryOp::kRDiv: return b / a;
    case F32BinaryOp::kMax: return f32_max_keep_nan(a, b);  // as f32x4_max_keep_nan
    case F32BinaryOp::kMin: return f32_min_keep_nan(a, b);  // as f32x4_min_keep_nan
    case F32BinaryOp::kPRelu: return a < 0.0f ? a * b : a;
  }
  return 0.0f;
}

#define NNSLIM_F32_VBINARY_SCALAR(op, scalar_b, fn)                                                         \
  void fn(size_t batch, const float* a, const float* b, float* y, const F32MinMaxParams* params) {          \
    assert(batch != 0 && batch % sizeof(float) == 0);                                                       \
    for (size_t i = 0; i < batch / sizeof(float); i++)                                                      \
      y[i] = f32_clamp(f32_binary_reference(op, a[i], (scalar_b) ? b[0] : b[i]), params->min, params->max); \
  }
#define NNSLIM_F32_VBINARY_UKERNEL(op, scalar_b, fn)
#include "kernels/f32-vbinary/f32-vbinary.inc"
#undef NNSLIM_F32_VBINARY_UKERNEL

NNSLIM_F32_VBINARY_SCALAR(F32BinaryOp::kAdd, false, f32_vadd_minmax_ukernel__scalar_x1)
NNSLIM_F32_VBINARY_SCALAR(F32BinaryOp::kSub, false, f32_vsub_minmax_ukernel__scalar_x1)
NNSLIM_F32_VBINARY_SCALAR(F32BinaryOp::kMul, false, f32_vmul_minmax_ukernel__scalar_x1)
NNSLIM_F32_VBINARY_SCALAR(F32BinaryOp::kDiv, false, f32_vdiv_minmax_ukernel__scalar_x1)
NNSLIM_F32_VBINARY_SCALAR(F32BinaryOp::kMax, false, f32_vmax_minmax_ukernel__scalar_x1)
NNSLIM_F32_VBINARY_SCALAR(F32BinaryOp::kMin, false, f32_vmin_minmax_ukernel__scalar_x1)
NNSLIM_F32_VBINARY_SCALAR(F32BinaryOp::kAdd, true, f32_vaddc_minmax_ukernel__scalar_x1)
NNSLIM_F32_VBINARY_SCALAR(F32BinaryOp::kSub, true, f32_vsubc_minmax_ukernel__scalar_x1)
NNSLIM_F32_VBINARY_SCALAR(F32BinaryOp::kRSub, true, f32_vrsubc_minmax_ukernel__scalar_x1)
NNSLIM_F32_VBINARY_SCALAR(F32BinaryOp::kMul, true, f32_vmulc_minmax_ukernel__scalar_x1)
NNSLIM_F32_VBINARY_SCALAR(F32BinaryOp::kDiv, true, f32_vdivc_minmax_ukernel__scalar_x1)
NNSLIM_F32_VBINARY_SCALAR(F32BinaryOp::kRDiv, true, f32_vrdivc_minmax_ukernel__scalar_x1)
NNSLIM_F32_VBINARY_SCALAR(F32BinaryOp::kMax, true, f32_vmaxc_minmax_ukernel__scalar_x1)
NNSLIM_F32_VBINARY_SCALAR(F32BinaryOp::kMin, true, f32_vminc_minmax_ukernel__scalar_x1)
NNSLIM_F32_VBINARY_SCALAR(F32BinaryOp::kPRelu, false, f32_vprelu_minmax_ukernel__scalar_x1)
NNSLIM_F32_VBINARY_SCALAR(F32BinaryOp::kPRelu, true, f32_vpreluc_minmax_ukernel__scalar_x1)

const F32VbinaryUkernelInfo* f32_vbinary_ukernels(size_t* count) {
  static const F32VbinaryUkernelInfo kList[] = {
#define NNSLIM_F32_VBINARY_UKERNEL(op, scalar_b, fn) {#fn, op, scalar_b, fn},
#include "kernels/f32-vbinary/f32-vbinary.inc"
#undef NNSLIM_F32_VBINARY_UKERNEL
  };
  *count = sizeof(kList) / sizeof(kList[0]);
  return kList;
}

}  // namespace nnslim::kernels
