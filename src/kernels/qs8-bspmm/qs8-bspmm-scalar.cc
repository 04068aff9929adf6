// The scalar int8 block-sparse product: the reference of the family, one
// pixel and one output at a time over the packed pairs, requantized with the
// plain formula (round half to even, zero point, clamp).
#include <cmath>
#include <cstring>

#include "kernels/qs8-bspmm/qs8-bspmm.h"

namespace nnslim::kernels {
namespace {

template <typename T>
T read(const char*& p) {
  T value;
  std::memcpy(&value, p, sizeof(T));
  p += sizeof(T);
  return value;
}

template <size_t kBlock>
void bspmm_scalar(size_t mc, size_t nc, const int8_t* input, size_t input_stride, const void* weights,
                  const uint32_t* input_indices, const uint32_t* pairs, int8_t* output, size_t output_stride,
                  const QS8RequantParams* params) {
  // The params' magic-number form holds the zero point: bits(magic) - (bits(magic) - zp).
  const int32_t zero_point = INT32_C(0x4B400000) - params->magic_bias_less_output_zero_point;
  for (size_t p = 0; p < mc; p++) {
    const int8_t* a = input + p * input_stride;
    int8_t* c = output + p * output_stride;
    const char* w = static_cast<const char*>(weights);
    const uint32_t* indices = input_indices;
    for (size_t o0 = 0, row = 0; o0 < nc; o0 += kBlock, row++) {
      int32_t acc[kBlock];
      for (size_t r = 0; r < kBlock; r++) acc[r] = read<int32_t>(w);
      for (uint32_t j = 0; j < pairs[row]; j++, indices += 2) {
        const int32_t x0 = a[indices[0]], x1 = a[indices[1]];
        for (size_t r = 0; r < kBlock; r++) {
          const int32_t w0 = read<int16_t>(w), w1 = read<int16_t>(w);
          acc[r] += w0 * x0 + w1 * x1;
        }
      }
      for (size_t r = 0; r < kBlock; r++) {
        const float scale = read<float>(w);
        if (o0 + r >= nc) continue;
        float f = static_cast<float>(acc[r]) * scale;
        f = f < params->min_less_zero_point ? params->min_less_zero_point
                                            : (f > params->max_less_zero_point ? params->max_less_zero_point : f);
        c[o0 + r] = static_cast<int8_t>(static_cast<int32_t>(std::nearbyint(f)) + zero_point);
      }
    }
  }
}

}  // namespace

void qs8_bspmm_minmax_fp32_ukernel_8x1__scalar(size_t mc, size_t nc, size_t, const int8_t* input,
                                               size_t input_stride, const void* weights,
                                               const uint32_t* input_indices, const uint32_t* pairs, int8_t* output,
                                               size_t output_stride, int16_t*, const QS8RequantParams* params) {
  bspmm_scalar<8>(mc, nc, input, input_stride, weights, input_indices, pairs, output, output_stride, params);
}

}  // namespace nnslim::kernels
