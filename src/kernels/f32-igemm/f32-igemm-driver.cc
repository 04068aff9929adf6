#include "kernels/f32-igemm/f32-igemm-driver.h"

namespace nnslim::kernels {

F32IgemmConfig f32_igemm_default_config() {
  // Measured on MobileNetV2's stem (gemm_bench --igemm-stem): 2x16 x8 beat 2x16
  // loadsplat by ~5% and 4x8 x8 by ~4% (docs/benchmarks.md).
  return F32IgemmConfig{"2x16 loadsplat_x8", 2, 16, f32_igemm_minmax_ukernel_2x16__wasmsimd_loadsplat_x8};
}

void f32_igemm(const F32IgemmConfig& config, size_t pixels, size_t out_channels, size_t in_channels,
               size_t kernel_size, const float** indirection, const float* packed_w, float* output,
               size_t output_pixel_stride, size_t a_offset, const float* zero, const F32MinMaxParams& params) {
  const size_t ks_bytes = kernel_size * config.mr * sizeof(void*);
  for (size_t p0 = 0; p0 < pixels; p0 += config.mr) {
    const size_t rows = pixels - p0 < config.mr ? pixels - p0 : config.mr;
    config.ukernel(rows, out_channels, in_channels * sizeof(float), ks_bytes, indirection + p0 * kernel_size,
                   packed_w, output + p0 * output_pixel_stride, output_pixel_stride * sizeof(float),
                   config.nr * sizeof(float), a_offset, zero, &params);
  }
}

}  // namespace nnslim::kernels
