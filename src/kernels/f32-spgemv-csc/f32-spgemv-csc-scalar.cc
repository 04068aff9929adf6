// The references of the column-oriented sparse GEMV and of the nonzero-input
// listing: plain loops, the multiply-adds in the SIMD kernel's order (each
// accumulator: its bias, then one product per listed column with a stored
// block, in increasing column order).
#include "kernels/f32-spgemv-csc/f32-spgemv-csc.h"

namespace nnslim::kernels {

size_t f32_nonzero_indices__scalar(size_t n, const float* x, uint32_t* indices) {
  size_t count = 0;
  for (size_t j = 0; j < n; ++j)
    if (x[j] != 0.0f) indices[count++] = static_cast<uint32_t>(j);
  return count;
}

void f32_spgemv_csc_minmax_ukernel__scalar(size_t nc, size_t active_count, const uint32_t* active, const float* a,
                                           const uint32_t* column_start, const float* values,
                                           const uint16_t* block_offsets, const float* bias, float* acc, float* c,
                                           const F32MinMaxParams* params) {
  const size_t padded = (nc + kSpgemvCscBlock - 1) / kSpgemvCscBlock * kSpgemvCscBlock;
  for (size_t o = 0; o < padded; ++o) acc[o] = bias[o];
  for (size_t t = 0; t < active_count; ++t) {
    const uint32_t j = active[t];
    const float x = a[j];
    for (uint32_t b = column_start[j]; b < column_start[j + 1]; ++b) {
      float* rows = acc + block_offsets[b] / sizeof(float);
      for (size_t k = 0; k < kSpgemvCscBlock; ++k) {
        const float product = values[b * kSpgemvCscBlock + k] * x;
        rows[k] = rows[k] + product;
      }
    }
  }
  for (size_t o = 0; o < nc; ++o) c[o] = f32_clamp(acc[o], params->min, params->max);
}

}  // namespace nnslim::kernels
