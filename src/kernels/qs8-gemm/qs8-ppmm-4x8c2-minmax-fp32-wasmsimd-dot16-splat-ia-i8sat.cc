// qs8 GEMM on pre-widened, row-interleaved A, 4x8 tile, no clamp
// instruction: qmin = -128 and qmax = 127 are the saturating narrows' own
// bounds (qs8-gemm-wasmsimd-dot16.h, Clamp::kSat; 4 int8 min/max per 4x8
// panel fewer than the i8min twin). For weights that pass
// qs8_packw_accumulators_fit and the full int8 output range only.
#include "kernels/qs8-gemm/qs8-gemm-wasmsimd-dot16.h"

NNSLIM_QS8_PPMM_IA_CLAMP_KERNEL(4, 8, Clamp::kSat, qs8_ppmm_minmax_fp32_ukernel_4x8c2__wasmsimd_dot16_splat_ia_i8sat)
