// qs8 GEMM on pre-widened, row-interleaved A, 4x8 tile, the lower clamp in
// int8 after the narrows (qs8-gemm-wasmsimd-dot16.h, Clamp::kI8): for
// weights that pass qs8_packw_accumulators_fit only.
#include "kernels/qs8-gemm/qs8-gemm-wasmsimd-dot16.h"

NNSLIM_QS8_PPMM_IA_CLAMP_KERNEL(4, 8, Clamp::kI8, qs8_ppmm_minmax_fp32_ukernel_4x8c2__wasmsimd_dot16_splat_ia_i8min)
