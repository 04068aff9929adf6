// qs8 GEMM on pre-widened, row-interleaved A, 4x8 tile (qs8-gemm-wasmsimd-dot16.h).
#include "kernels/qs8-gemm/qs8-gemm-wasmsimd-dot16.h"

NNSLIM_QS8_PPMM_IA_KERNEL(4, 8, qs8_ppmm_minmax_fp32_ukernel_4x8c2__wasmsimd_dot16_splat_ia)
