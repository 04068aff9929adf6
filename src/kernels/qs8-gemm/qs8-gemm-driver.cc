#include "kernels/qs8-gemm/qs8-gemm-driver.h"

#include <algorithm>

#include "kernels/microparams.h"

namespace nnslim::kernels {

namespace {

size_t panel_bytes(size_t nr, size_t taps, size_t kc) { return qs8_packw_size(nr, nr, taps, kc); }

// Columns per block: ~256 KiB of packed weights, at least one panel.
size_t column_block(size_t nr, size_t taps, size_t kc, size_t n) {
  const size_t panels = std::max<size_t>(1, (256 * 1024) / panel_bytes(nr, taps, kc));
  return std::min(n, panels * nr);
}

}  // namespace

QS8GemmConfig qs8_gemm_config(const QS8GemmUkernelInfo& kernel) {
  QS8GemmConfig config{kernel.name, kernel.mr, kernel.nr, kernel.gemm, kernel.igemm, nullptr};
  return config;
}

QS8GemmConfig qs8_gemm_default_config() {
  return QS8GemmConfig{"3x8c2 dot16, ppmm 4x8c2 ia", 3, 8,
                       qs8_gemm_minmax_fp32_ukernel_3x8c2__wasmsimd_dot16,
                       qs8_igemm_minmax_fp32_ukernel_3x8c2__wasmsimd_dot16,
                       qs8_gemm_minmax_fp32_ukernel_1x8c2__wasmsimd_dot16,
                       qs8_ppmm_minmax_fp32_ukernel_4x8c2__wasmsimd_dot16_splat_ia, 4, true};
}

QS8GemmConfig qs8_gemm_default_i8min_config() {
  QS8GemmConfig config = qs8_gemm_default_config();
  config.name = "3x8c2 dot16, ppmm 4x8c2 ia i8min";
  config.ppmm = qs8_ppmm_minmax_fp32_ukernel_4x8c2__wasmsimd_dot16_splat_ia_i8min;
  return config;
}

QS8GemmConfig qs8_gemm_default_i8sat_config() {
  QS8GemmConfig config = qs8_gemm_default_config();
  config.name = "3x8c2 dot16, ppmm 4x8c2 ia i8sat";
  config.ppmm = qs8_ppmm_minmax_fp32_ukernel_4x8c2__wasmsimd_dot16_splat_ia_i8sat;
  return config;
}

size_t qs8_gemm_workspace_size(const QS8GemmConfig& config, size_t m, size_t k) {
  if (config.ppmm == nullptr) return 0;
  // Whole strips: the interleaved packing fills a partial last strip with zero rows.
  return round_up(std::min(m, kQS8PpmmRowBlock), config.ppmm_mr) * round_up(k, kQS8GemmKBlock);
}

QS8GemmConfig qs8_gemm_ppmm_config(const QS8PpmmUkernelInfo& kernel, const QS8GemmConfig& base, bool interleaved) {
  QS8GemmConfig config = base;
  config.name = kernel.name;
  config.ppmm = kernel.fn;
  config.ppmm_mr = kernel.mr;
  config.ppmm_interleaved = interleaved;
  return config;
}

void qs8_gemm(const QS8GemmConfig& config, size_t m, size_t n, size_t k, const int8_t* a, size_t a_stride,
              const void* packed_w, int8_t* c, size_t c_stride, const QS8RequantParams& params, int16_t* workspace) {
  const size_t nc_block = column_block(config.nr, 1, k, n);
  const size_t bytes_per_panel = panel_bytes(config.nr, 1, k);
  if (config.ppmm != nullptr && m > 1) {
    // Row blocks widened to int16 once, then swept by every column block.
    // Strips kp int16 apart (K blocks of 8); the kernel multiplies K's pairs
    // only (k2), stepping over the rest of the zero padding.
    const size_t kp = round_up(k, kQS8GemmKBlock), k2 = round_up(k, 2);
    for (size_t m0 = 0; m0 < m; m0 += kQS8PpmmRowBlock) {
      const size_t mb = std::min(kQS8PpmmRowBlock, m - m0);
      // Strips of one row are plain rows (qs8_packa_int16's layout).
      qs8_packa_int16_interleaved(config.ppmm_interleaved ? config.ppmm_mr : 1, mb, k, a + m0 * a_stride, a_stride,
                                  workspace);
      for (size_t n0 = 0; n0 < n; n0 += nc_block) {
        const size_t nc = std::min(nc_block, n - n0);
        const void* w = static_cast<const char*>(packed_w) + (n0 / config.nr) * bytes_per_panel;
        for (size_t i = 0; i < mb; i += config.ppmm_mr) {
          const size_t rows = std::min(config.ppmm_mr, mb - i);
          int8_t* out = c + (m0 + i) * c_stride + n0;
          if (rows == 1 && config.gemm_1 != nullptr) {
            config.gemm_1(1, nc, k, a + (m0 + i) * a_stride, a_stride, w, out, c_stride, config.nr, &params);
          } else {
            config.ppmm(rows, nc, k2, workspace + i * kp, kp * sizeof(int16_t), w, out, c_stride, config.nr, &params);
          }
        }
      }
    }
    return;
  }
  for (size_t n0 = 0; n0 < n; n0 += nc_block) {
    const size_t nc = std::min(nc_block, n - n0);
    const void* w = static_cast<const char*>(packed_w) + (n0 / config.nr) * bytes_per_panel;
    for (size_t i = 0; i < m; i += config.mr) {
      const size_t rows = std::min(config.mr, m - i);
      const QS8GemmUkernelFn fn = rows == 1 && config.gemm_1 != nullptr ? config.gemm_1 : config.gemm;
      fn(rows, nc, k, a + i * a_stride, a_stride, w, c + i * c_stride + n0, c_stride, config.nr, &params);
    }
  }
}

void qs8_ppmm_widened(const QS8GemmConfig& config, size_t m, size_t n, size_t k, const int16_t* a,
                      const void* packed_w, int8_t* c, size_t c_stride, const QS8RequantParams& params) {
  const size_t nc_block = column_block(config.nr, 1, k, n);
  const size_t bytes_per_panel = panel_bytes(config.nr, 1, k);
  const size_t kp = round_up(k, kQS8GemmKBlock), k2 = round_up(k, 2);
  for (size_t n0 = 0; n0 < n; n0 += nc_block) {
    const size_t nc = std::min(nc_block, n - n0);
    const void* w = static_cast<const char*>(packed_w) + (n0 / config.nr) * bytes_per_panel;
    for (size_t i = 0; i < m; i += config.ppmm_mr)
      config.ppmm(std::min(config.ppmm_mr, m - i), nc, k2, a + i * kp, kp * sizeof(int16_t), w, c + i * c_stride + n0,
                  c_stride, config.nr, &params);
  }
}

void qs8_igemm(const QS8GemmConfig& config, size_t pixels, size_t n, size_t kc, size_t taps,
               const int8_t** indirection, const void* packed_w, int8_t* c, size_t c_stride, size_t a_offset,
               const int8_t* zero, const QS8RequantParams& params) {
  const size_t nc_block = column_block(config.nr, taps, kc, n);
  const size_t bytes_per_panel = panel_bytes(config.nr, taps, kc);
  const size_t ks_bytes = taps * config.mr * sizeof(void*);
  for (size_t n0 = 0; n0 < n; n0 += nc_block) {
    const size_t nc = std::min(nc_block, n - n0);
    const void* w = static_cast<const char*>(packed_w) + (n0 / config.nr) * bytes_per_panel;
    for (size_t p = 0; p < pixels; p += config.mr) {
      const size_t rows = std::min(config.mr, pixels - p);
      config.igemm(rows, nc, kc, ks_bytes, indirection + p * taps, w, c + p * c_stride + n0, c_stride, config.nr,
                   a_offset, zero, &params);
    }
  }
}

}  // namespace nnslim::kernels
