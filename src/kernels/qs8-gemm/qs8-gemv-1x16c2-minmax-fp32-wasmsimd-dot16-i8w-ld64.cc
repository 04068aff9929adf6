// qs8 GEMV on int8 weights, 1x16, weights widened by i16x8.load8x8_s
// (qs8-gemm-wasmsimd-dot16.h).
#include "kernels/qs8-gemm/qs8-gemm-wasmsimd-dot16.h"

NNSLIM_QS8_GEMV_LOAD8X8_KERNEL(16, qs8_gemv_minmax_fp32_ukernel_1x16c2__wasmsimd_dot16_i8w_ld64)
