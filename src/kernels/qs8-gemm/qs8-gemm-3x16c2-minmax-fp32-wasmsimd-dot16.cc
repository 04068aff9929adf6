// qs8 GEMM/IGEMM 3x16 tile (qs8-gemm-wasmsimd-dot16.h).
#include "kernels/qs8-gemm/qs8-gemm-wasmsimd-dot16.h"

NNSLIM_QS8_DOT16_KERNELS(3, 16, qs8_gemm_minmax_fp32_ukernel_3x16c2__wasmsimd_dot16,
                         qs8_igemm_minmax_fp32_ukernel_3x16c2__wasmsimd_dot16)
