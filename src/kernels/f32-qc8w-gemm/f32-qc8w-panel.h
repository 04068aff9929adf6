// The header of a packed panel of f32-qc8w-gemm.h, in either packing
// (K-major or "c2"): NR f32 biases, NR f32 scales, then the int8 weights.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace nnslim::kernels {

// Writes the header of the panel of columns n0 .. n0 + nr - 1 (zeros past
// n): bias null gives zero biases, scale_count 1 one per-tensor scale.
// Returns where the panel's weights start.
inline int8_t* f32_qc8w_write_panel_header(size_t nr, size_t n0, size_t n, const float* bias, const float* scales,
                                           size_t scale_count, char* out) {
  float* head = reinterpret_cast<float*>(out);
  for (size_t j = 0; j < nr; ++j) {
    const bool real = n0 + j < n;
    head[j] = real && bias ? bias[n0 + j] : 0.0f;
    head[nr + j] = real ? scales[scale_count == 1 ? 0 : n0 + j] : 0.0f;
  }
  return reinterpret_cast<int8_t*>(out + nr * 2 * sizeof(float));
}

// The header as the scalar kernels read it. The floats are copied out: the
// k weight bytes of a panel keep the next panel's header from being aligned.
template <size_t NR>
struct F32Qc8wPanelHeader {
  float bias[NR];
  float scale[NR];
  const int8_t* weights;

  explicit F32Qc8wPanelHeader(const char* panel) {
    std::memcpy(bias, panel, sizeof(bias));
    std::memcpy(scale, panel + sizeof(bias), sizeof(scale));
    weights = reinterpret_cast<const int8_t*>(panel + sizeof(bias) + sizeof(scale));
  }
};

}  // namespace nnslim::kernels
