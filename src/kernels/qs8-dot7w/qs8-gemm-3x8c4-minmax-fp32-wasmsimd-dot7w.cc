// qs8 dot7w GEMM, 3x8 tile (qs8-dot7-wasmsimd.h with kW7).
#include "kernels/qs8-dot7/qs8-dot7-wasmsimd.h"

NNSLIM_QS8_DOT7W_KERNEL(3, 8, qs8_gemm_minmax_fp32_ukernel_3x8c4__wasmsimd_dot7w)
