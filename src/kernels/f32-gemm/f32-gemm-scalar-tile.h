// The two ends the scalar GEMM and IGEMM microkernels share (they differ only
// in how they find A's rows): an MR x NR accumulator tile starts from the
// panel's NR biases, and is stored clamped, NR columns (or the last panel's
// `cols`) per row.
#pragma once
#include <cstddef>
#include <cstdint>

#include "kernels/microparams.h"

namespace nnslim::kernels {

template <size_t MR, size_t NR>
inline void f32_scalar_tile_init(float (&acc)[MR][NR], const float* bias) {
  for (size_t i = 0; i < MR; i++)
    for (size_t j = 0; j < NR; j++) acc[i][j] = bias[j];
}

// Rows are stored last to first: when mr < MR the extra row pointers repeat
// row mr - 1, and its real values must be the last written. Each row pointer
// then advances by cn_stride bytes to the next panel.
template <size_t MR, size_t NR>
inline void f32_scalar_tile_store(const float (&acc)[MR][NR], float* (&crow)[MR], size_t cols, size_t cn_stride,
                                  const F32MinMaxParams* params) {
  for (size_t i = MR; i-- > 0;) {
    for (size_t j = 0; j < cols; j++) crow[i][j] = f32_clamp(acc[i][j], params->min, params->max);
    crow[i] = reinterpret_cast<float*>(reinterpret_cast<uintptr_t>(crow[i]) + cn_stride);
  }
}

}  // namespace nnslim::kernels
