#include <cassert>
#include <cmath>

#include "kernels/qs8-pool/qs8-pool.h"

namespace nnslim::kernels {

namespace {

const int8_t* tap(const int8_t* p, const int8_t* padding, size_t offset) {
  return p != padding ? p + offset : p;
}

// The oracle's rounding: qs8_requantize_reference with the bounds the params carry.
int8_t requantize(int32_t acc, float scale, const QS8RequantParams& r) {
  const int32_t zero_point = INT32_C(0x4B400000) - r.magic_bias_less_output_zero_point;
  return qs8_requantize_reference(acc, scale, zero_point, static_cast<int32_t>(r.min_less_zero_point) + zero_point,
                                  static_cast<int32_t>(r.max_less_zero_point) + zero_point);
}

}  // namespace

void qs8_maxpool_ukernel__scalar_c1(size_t output_pixels, size_t kernel_size, size_t channels,
                                    const int8_t** input, size_t input_offset, const int8_t* padding,
                                    int8_t* output, size_t input_increment, size_t output_increment,
                                    const QS8MaxpoolParams* params) {
  assert(output_pixels != 0 && kernel_size != 0 && channels != 0);
  do {
    for (size_t c = 0; c < channels; c++) {
      int8_t m = tap(input[0], padding, input_offset)[c];
      for (size_t k = 1; k < kernel_size; k++) {
        const int8_t v = tap(input[k], padding, input_offset)[c];
        m = v > m ? v : m;
      }
      m = m < params->qmin ? params->qmin : m;
      m = m > params->qmax ? params->qmax : m;
      output[c] = m;
    }
    input = reinterpret_cast<const int8_t**>(reinterpret_cast<uintptr_t>(input) + input_increment);
    output += channels + output_increment;
  } while (--output_pixels != 0);
}

void qs8_avgpool_minmax_fp32_ukernel__scalar_c1(size_t output_pixels, size_t kernel_size, size_t channels,
                                                const int8_t** input, size_t input_offset, const int8_t* padding,
                                                const float* multipliers, int8_t* output, size_t input_increment,
                                                size_t output_increment, const QS8AvgpoolParams* params) {
  assert(output_pixels != 0 && kernel_size != 0 && kernel_size <= 256 && channels != 0);
  const int32_t bias = -static_cast<int32_t>(kernel_size) * params->input_zero_point;
  do {
    const float scale = *multipliers++;
    for (size_t c = 0; c < channels; c++) {
      int32_t acc = bias;
      for (size_t k = 0; k < kernel_size; k++) acc += tap(input[k], padding, input_offset)[c];
      output[c] = requantize(acc, scale, params->requant);
    }
    input = reinterpret_cast<const int8_t**>(reinterpret_cast<uintptr_t>(input) + input_increment);
    output += channels + output_increment;
  } while (--output_pixels != 0);
}

void qs8_gavgpool_minmax_fp32_ukernel__scalar_c1(size_t rows, size_t channels, const int8_t* input,
                                                 size_t input_stride, float scale, int8_t* output,
                                                 const QS8AvgpoolParams* params) {
  assert(rows != 0 && channels != 0);
  for (size_t c = 0; c < channels; c++) {
    int32_t acc = -static_cast<int32_t>(rows) * params->input_zero_point;
    for (size_t r = 0; r < rows; r++) acc += input[r * input_stride + c];
    output[c] = requantize(acc, scale, params->requant);
  }
}

}  // namespace nnslim::kernels
