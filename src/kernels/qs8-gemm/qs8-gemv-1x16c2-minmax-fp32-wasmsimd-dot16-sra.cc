// qs8 GEMV on the sra packing, 1x16 (qs8-gemv-sra-wasmsimd.h).
#include "kernels/qs8-gemm/qs8-gemv-sra-wasmsimd.h"

NNSLIM_QS8_GEMV_SRA_KERNEL(16, qs8_gemv_minmax_fp32_ukernel_1x16c2__wasmsimd_dot16_sra)
