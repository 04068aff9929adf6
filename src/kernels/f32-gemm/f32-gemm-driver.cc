#include "kernels/f32-gemm/f32-gemm-driver.h"

namespace nnslim::kernels {

F32GemmConfig f32_gemm_default_config() {
  return F32GemmConfig{"2x16 loadsplat_x8", 2, 16, f32_gemm_minmax_ukernel_2x16__wasmsimd_loadsplat_x8,
                       f32_gemm_minmax_ukernel_1x16__wasmsimd_loadsplat, 0};
}

F32GemmConfig f32_gemm_narrow_config() {
  return F32GemmConfig{"4x8 loadsplat_x8", 4, 8, f32_gemm_minmax_ukernel_4x8__wasmsimd_loadsplat_x8,
                       f32_gemm_minmax_ukernel_1x8__wasmsimd_loadsplat, 0};
}

F32GemmConfig f32_gemm_large_config() {
  F32GemmConfig config{"4x8 ppmm loadsplat", 4, 8, f32_gemm_minmax_ukernel_4x8__wasmsimd_loadsplat_x8,
                       f32_gemm_minmax_ukernel_1x8__wasmsimd_loadsplat, 0};
  config.ppmm_ukernel = f32_ppmm_minmax_ukernel_4x8__wasmsimd_loadsplat;
  return config;
}

F32GemmConfig f32_gemm_width12_config() {
  return F32GemmConfig{"3x12 loadsplat_x8", 3, 12, f32_gemm_minmax_ukernel_3x12__wasmsimd_loadsplat_x8,
                       f32_gemm_minmax_ukernel_1x12__wasmsimd_loadsplat, 0};
}

bool f32_gemm_selects_width12() {
#if defined(__wasm_relaxed_simd__)
  return true;
#else
  return false;
#endif
}

F32GemmConfig f32_gemm_select_config(size_t m, size_t n, size_t k) {
  const bool large = n >= 64 && k >= 64 && (m <= 256 || (n >= 256 && k >= 256));
  if (large && m > 256) return f32_gemm_large_config();
  if (f32_gemm_selects_width12() && n % 12 == 0) return f32_gemm_width12_config();
  if (large) return f32_gemm_large_config();
  if (n % 16 != 0) return f32_gemm_narrow_config();
  return f32_gemm_default_config();
}

size_t f32_gemm_auto_nc_block(const F32GemmConfig& config, size_t k) {
  const size_t budget_floats = 256 * 1024 / sizeof(float);
  size_t panels = budget_floats / ((k + 1) * config.nr);
  if (panels == 0) panels = 1;
  return panels * config.nr;
}

size_t f32_gemm_workspace_size(const F32GemmConfig& config, size_t m, size_t k) {
  return config.ppmm_ukernel != nullptr && m > 1 ? round_up(m, config.mr) * k : 0;
}

void f32_gemm(const F32GemmConfig& config, size_t m, size_t n, size_t k, const float* a, size_t a_stride,
              const float* packed_b, float* c, size_t c_stride, const F32MinMaxParams& params, float* workspace) {
  const bool pack_a = config.ppmm_ukernel != nullptr && m > 1 && workspace != nullptr;
  if (pack_a) {
    for (size_t m0 = 0; m0 < m; m0 += config.mr) {
      const size_t rows = m - m0 < config.mr ? m - m0 : config.mr;
      f32_packa(config.mr, rows, k, a + m0 * a_stride, a_stride, workspace + m0 * k);
    }
  }
  const size_t nc_block = config.nc_block != 0 ? config.nc_block : f32_gemm_auto_nc_block(config, k);
  const size_t mc_block = config.mc_block != 0 ? config.mc_block : m;
  for (size_t mb = 0; mb < m; mb += mc_block) {
    const size_t m_end = m - mb < mc_block ? m : mb + mc_block;
    for (size_t n0 = 0; n0 < n; n0 += nc_block) {
      const size_t nc = n - n0 < nc_block ? n - n0 : nc_block;
      const float* w = packed_b + (n0 / config.nr) * (k + 1) * config.nr;
      for (size_t m0 = mb; m0 < m_end; m0 += config.mr) {
        const size_t rows = m_end - m0 < config.mr ? m_end - m0 : config.mr;
        float* c_strip = c + m0 * c_stride + n0;
        if (rows == 1 && config.ukernel_1 != nullptr) {
          config.ukernel_1(1, nc, k * sizeof(float), a + m0 * a_stride, a_stride * sizeof(float), w, c_strip,
                           c_stride * sizeof(float), config.nr * sizeof(float), &params);
        } else if (pack_a) {
          config.ppmm_ukernel(rows, nc, k * sizeof(float), workspace + m0 * k, w, c_strip,
                              c_stride * sizeof(float), config.nr * sizeof(float), &params);
        } else {
          config.ukernel(rows, nc, k * sizeof(float), a + m0 * a_stride, a_stride * sizeof(float), w, c_strip,
                         c_stride * sizeof(float), config.nr * sizeof(float), &params);
        }
      }
    }
  }
}

}  // namespace nnslim::kernels
