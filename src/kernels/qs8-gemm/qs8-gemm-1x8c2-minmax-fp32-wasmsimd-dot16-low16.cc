// qs8 GEMM 1x8, A widened in the loop, no clamp and no int32 subtract
// (qs8-gemm-wasmsimd-dot16.h, Clamp::kLow16): the single-row strips beside
// the 4x8 ia low16 kernel, on the same interleaved packing.
#include "kernels/qs8-gemm/qs8-gemm-wasmsimd-dot16.h"

NNSLIM_QS8_GEMM_CLAMP_KERNEL(1, 8, Clamp::kLow16, qs8_gemm_minmax_fp32_ukernel_1x8c2__wasmsimd_dot16_low16)
