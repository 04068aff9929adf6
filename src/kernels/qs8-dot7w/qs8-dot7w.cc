#include "kernels/qs8-dot7w/qs8-dot7w.h"

#include "kernels/microparams.h"
#include "kernels/qs8-dot7w/qs8-dot7w-row-offset.h"

namespace nnslim::kernels {

const QS8Dot7UkernelInfo* qs8_dot7w_ukernels(size_t* count) {
  static const QS8Dot7UkernelInfo list[] = {
#define NNSLIM_QS8_DOT7W_UKERNEL(mr, nr, fn) {#fn, mr, nr, fn},
#include "kernels/qs8-dot7w/qs8-dot7w-wasmsimd.inc"
#undef NNSLIM_QS8_DOT7W_UKERNEL
  };
  *count = sizeof(list) / sizeof(list[0]);
  return list;
}

bool qs8_weights_fit_7bit(const int8_t* w, size_t count) {
  for (size_t i = 0; i < count; i++)
    if (w[i] < -qs8_dot7w::kWeightOffset || w[i] >= qs8_dot7w::kWeightOffset) return false;
  return true;
}

void qs8_packw_c4_w7(size_t nr, size_t n, size_t kc, const int8_t* w, size_t n_stride, size_t c_stride,
                     const int32_t* bias, const float* scales, int32_t a_zero_point, void* packed) {
  // bias' holds -a_zero_point * sum_k W (the true weights): pack first, then
  // shift each panel's weight bytes (zero padding too: it meets A's zeros).
  qs8_packw_c4(nr, n, kc, w, n_stride, c_stride, bias, scales, a_zero_point, packed);
  const size_t weight_bytes = nr * round_up(kc, kQS8Dot7KBlock);
  const size_t panel_bytes = qs8_packw_c4_size(nr, nr, kc);
  char* panel = static_cast<char*>(packed);
  for (size_t n0 = 0; n0 < n; n0 += nr, panel += panel_bytes) {
    char* weights = panel + nr * sizeof(int32_t);
    for (size_t i = 0; i < weight_bytes; i++)
      weights[i] = static_cast<char>(static_cast<int8_t>(weights[i]) + qs8_dot7w::kWeightOffset);
  }
}

QS8Dot7Config qs8_dot7w_default_config() {
#if defined(__wasm_relaxed_simd__)
  return QS8Dot7Config{"4x8c4 dot7w", 4, 8, qs8_gemm_minmax_fp32_ukernel_4x8c4__wasmsimd_dot7w,
                       qs8_gemm_minmax_fp32_ukernel_1x8c4__wasmsimd_dot7w};
#else
  // The plain module never runs a dot7w GEMM (qs8_dot7_native() is false).
  return QS8Dot7Config{"dot7w (not native)", 4, 8, nullptr, nullptr};
#endif
}

}  // namespace nnslim::kernels
