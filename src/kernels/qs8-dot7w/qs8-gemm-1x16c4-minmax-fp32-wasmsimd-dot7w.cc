// qs8 dot7w GEMM, 1x16 tile (qs8-dot7-wasmsimd.h with kW7).
#include "kernels/qs8-dot7/qs8-dot7-wasmsimd.h"

NNSLIM_QS8_DOT7W_KERNEL(1, 16, qs8_gemm_minmax_fp32_ukernel_1x16c4__wasmsimd_dot7w)
