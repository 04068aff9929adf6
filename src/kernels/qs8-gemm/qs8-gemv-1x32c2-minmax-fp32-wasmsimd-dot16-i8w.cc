// qs8 GEMV on int8 weights, 1x32 (qs8-gemm-wasmsimd-dot16.h).
#include "kernels/qs8-gemm/qs8-gemm-wasmsimd-dot16.h"

NNSLIM_QS8_GEMV_KERNEL(32, qs8_gemv_minmax_fp32_ukernel_1x32c2__wasmsimd_dot16_i8w)
