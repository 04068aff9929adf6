#include "kernels/f32-spgemv/f32-spgemv.h"

#include "kernels/f32-spmm/f32-spmm-pack.h"

namespace nnslim::kernels {

const F32SpgemvUkernelInfo* f32_spgemv_ukernels(size_t* count) {
  static const F32SpgemvUkernelInfo kList[] = {
#define NNSLIM_F32_SPGEMV_UKERNEL(unit, fn) {#fn, unit, fn},
#include "kernels/f32-spgemv/f32-spgemv.inc"
#undef NNSLIM_F32_SPGEMV_UKERNEL
  };
  *count = sizeof(kList) / sizeof(kList[0]);
  return kList;
}

F32SpgemvPacked f32_spgemv_pack(size_t output_channels, size_t input_channels, const float* w, size_t o_stride,
                                size_t i_stride, const float* bias, size_t input_unit) {
  // The CSR packing with a "stride" of one unit: its offsets are the input
  // indices (unit 1) or byte offsets (unit 4).
  F32SpmmPacked csr = f32_spmm_pack(output_channels, input_channels, w, o_stride, i_stride, bias, input_unit,
                                    kSpgemvRowMultiple);
  F32SpgemvPacked packed;
  packed.nonzero_count = csr.nonzero_count;
  packed.weights = std::move(csr.weights);
  packed.nonzeros = std::move(csr.nonzeros);
  packed.input_indices.assign(csr.input_offsets.begin(), csr.input_offsets.end());
  return packed;
}

F32SpgemvUkernelInfo f32_spgemv_default_ukernel(size_t input_channels) {
  if (input_channels <= f32_spgemv_max_inputs(4))
    return F32SpgemvUkernelInfo{"lane x16 wasmsimd", 4, f32_spgemv_minmax_ukernel__wasmsimd_lane_x16};
  return F32SpgemvUkernelInfo{"x8 wasmsimd", 1, f32_spgemv_minmax_ukernel__wasmsimd_x8};
}

}  // namespace nnslim::kernels
