#include "kernels/qs8-dot7/qs8-dot7.h"

#include <algorithm>
#include <cstring>

#include "kernels/microparams.h"
#include "kernels/qs8-dot7/i8-dot7.h"
#include "kernels/qs8-gemm/qs8-packw-panel.h"

namespace nnslim::kernels {

const QS8Dot7UkernelInfo* qs8_dot7_ukernels(size_t* count) {
  static const QS8Dot7UkernelInfo list[] = {
#define NNSLIM_QS8_DOT7_UKERNEL(mr, nr, fn) {#fn, mr, nr, fn},
#include "kernels/qs8-dot7/qs8-dot7-wasmsimd.inc"
#undef NNSLIM_QS8_DOT7_UKERNEL
  };
  *count = sizeof(list) / sizeof(list[0]);
  return list;
}

bool qs8_dot7_native() { return kI8Dot7Native; }

QS8Dot7Config qs8_dot7_default_config() {
#if defined(__wasm_relaxed_simd__)
  return QS8Dot7Config{"4x8c4 dot7", 4, 8, qs8_gemm_minmax_fp32_ukernel_4x8c4__wasmsimd_dot7,
                       qs8_gemm_minmax_fp32_ukernel_1x8c4__wasmsimd_dot7};
#else
  // The plain module never runs a dot7 GEMM (qs8_dot7_native() is false):
  // naming no kernel keeps their code out of it.
  return QS8Dot7Config{"dot7 (not native)", 4, 8, nullptr, nullptr};
#endif
}

size_t qs8_packw_c4_size(size_t nr, size_t n, size_t kc) {
  return divide_round_up(n, nr) * nr * (sizeof(int32_t) + round_up(kc, kQS8Dot7KBlock) + sizeof(float));
}

void qs8_packw_c4(size_t nr, size_t n, size_t kc, const int8_t* w, size_t n_stride, size_t c_stride,
                  const int32_t* bias, const float* scales, int32_t a_zero_point, void* packed) {
  const size_t kc_padded = round_up(kc, kQS8Dot7KBlock);
  char* out = static_cast<char*>(packed);
  for (size_t n0 = 0; n0 < n; n0 += nr) {
    out = qs8_pack_folded_bias(nr, n0, n, 1, kc, w, n_stride, 0, c_stride, bias, a_zero_point, out);
    for (size_t k = 0; k < kc_padded; k += kQS8Dot7KBlock) {
      for (size_t j = 0; j < nr; j++) {
        for (size_t kk = 0; kk < kQS8Dot7KBlock; kk++) {
          const size_t col = n0 + j, c = k + kk;
          *out++ = col < n && c < kc ? static_cast<char>(w[col * n_stride + c * c_stride]) : 0;
        }
      }
    }
    out = qs8_pack_scales(nr, n0, n, scales, out);
  }
}

void qs8_gemm_dot7(const QS8Dot7Config& config, size_t m, size_t n, size_t k, const int8_t* a, size_t a_stride,
                   const void* packed_w, int8_t* c, size_t c_stride, const QS8RequantParams& params) {
  const size_t panel_bytes = qs8_packw_c4_size(config.nr, config.nr, k);
  const size_t panels = std::max<size_t>(1, (256 * 1024) / panel_bytes);
  const size_t nc_block = std::min(n, panels * config.nr);
  for (size_t n0 = 0; n0 < n; n0 += nc_block) {
    const size_t nc = std::min(nc_block, n - n0);
    const void* w = static_cast<const char*>(packed_w) + (n0 / config.nr) * panel_bytes;
    for (size_t i = 0; i < m; i += config.mr) {
      const size_t rows = std::min(config.mr, m - i);
      const QS8Dot7UkernelFn fn = rows == 1 && config.gemm_1 != nullptr ? config.gemm_1 : config.gemm;
      fn(rows, nc, k, a + i * a_stride, a_stride, w, c + i * c_stride + n0, c_stride, config.nr, &params);
    }
  }
}

}  // namespace nnslim::kernels
