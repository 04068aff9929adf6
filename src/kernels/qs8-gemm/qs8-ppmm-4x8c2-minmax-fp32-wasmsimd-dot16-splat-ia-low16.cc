// qs8 GEMM on pre-widened, row-interleaved A, 4x8 tile, no clamp and no
// int32 subtract: the output zero point is in the magic bias and the two
// 4-channel halves' low 16 bits are merged by a shift and a 16-bit blend
// (qs8-gemm-wasmsimd-dot16.h, Clamp::kLow16: per two rows 2 shifts + 2
// blends where the i8sat twin has 4 subtracts + 2 narrows). For weights that
// pass qs8_packw_low16_fit, interleaved by qs8_packw_interleave_halves, and
// the full int8 output range only.
#include "kernels/qs8-gemm/qs8-gemm-wasmsimd-dot16.h"

NNSLIM_QS8_PPMM_IA_CLAMP_KERNEL(4, 8, Clamp::kLow16, qs8_ppmm_minmax_fp32_ukernel_4x8c2__wasmsimd_dot16_splat_ia_low16)
