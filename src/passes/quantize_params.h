// Choosing int8 quantization parameters (scale, zero point) from value ranges.
//
// Activations (per tensor), from a calibrated range [lo, hi] widened to hold 0
// so that zero is exactly representable (zero padding stays exact):
//   asymmetric: s = (hi - lo) / 255,  z = clamp(round(-128 - lo / s), -128, 127)
//   symmetric:  s = max(|lo|, |hi|) / 127,  z = 0
// Weights (symmetric, per output channel or per tensor): s = max|w| / 127,
// z = 0, q in [-127, 127] (-128 is never used, so negating stays in range).
// Bias: int32 at s_x * s_w[c], zero point 0.
// A range of width 0 (an all-zero tensor) gets s = 1; so does one so narrow
// (subnormal) that s would be below the smallest normal float: s would round
// to 0 or lose its precision, and x / s overflow (0 / 0 for z: NaN).
#pragma once
#include <cstdint>
#include <vector>

#include "core/tensor.h"

namespace nnslim {

struct ValueRange {
  float min = 0.f;
  float max = 0.f;
};

struct ActivationQParams {
  float scale = 1.f;
  int32_t zero_point = 0;  // int8
};

ActivationQParams activation_qparams(ValueRange range, bool symmetric);

// An int8 weight quantized symmetrically along `axis` (-1: per tensor) to
// `bits` bits (8: codes in [-127, 127]; 7: [-63, 63], which the relaxed
// build's dot7w kernels take with any int8 activation).
struct QuantizedWeight {
  TensorPtr values;           // int8, the weight's dims
  std::vector<float> scales;  // one per channel (one for per tensor)
};
// min_scales (empty, or one per channel): floors on the scales, so that a
// bias stays in the int32 range (see bias_scale_floors).
QuantizedWeight quantize_weight_symmetric(const Tensor& weight, int64_t axis, int bits = 8,
                                          const std::vector<float>& min_scales = {});

// The smallest weight scale per output channel at which bias[c] quantized
// at input_scale * s_w[c] stays within +-kBiasCodeLimit: a channel whose
// weights are all but zero (~1e-15: a pruned or dead channel) would
// otherwise get s_w ~ 1e-17 and a bias code past 2^31, which saturates (the
// channel loses its bias) and which no int8 kernel accepts. Raising the
// scale only rounds those negligible weights to zero. The limit leaves
// room below 2^31 for the accumulated products and bias correction.
constexpr double kBiasCodeLimit = 1073741824.0;  // 2^30
std::vector<float> bias_scale_floors(const Tensor& bias, float input_scale);

// A bias quantized to int32 with scales[c] = input_scale * weight_scales[c]
// (weight_scales of size 1 applies to every channel). Values past the int32
// range saturate.
TensorPtr quantize_bias(const Tensor& bias, float input_scale, const std::vector<float>& weight_scales,
                        std::vector<float>& scales);

}  // namespace nnslim
