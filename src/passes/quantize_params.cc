// See quantize_params.h for the formulas.
#include "passes/quantize_params.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.h"
#include "core/quant_math.h"

namespace nnslim {
namespace {

// Whether `scale` can be a grid's step: a normal float (see the header: a
// zero, subnormal, infinite or NaN step is replaced by 1).
bool usable_scale(float scale) { return scale >= std::numeric_limits<float>::min() && std::isfinite(scale); }

}  // namespace

ActivationQParams activation_qparams(ValueRange range, bool symmetric) {
  const float lo = std::min(range.min, 0.f), hi = std::max(range.max, 0.f);
  ActivationQParams q;
  if (symmetric) {
    const float scale = std::max(-lo, hi) / 127.f;
    if (usable_scale(scale)) q.scale = scale;
    return q;
  }
  const float scale = (hi - lo) / 255.f;
  if (!usable_scale(scale)) return q;
  q.scale = scale;
  const double z = std::nearbyint(-128.0 - static_cast<double>(lo) / q.scale);
  q.zero_point = static_cast<int32_t>(std::clamp(z, -128.0, 127.0));
  return q;
}

QuantizedWeight quantize_weight_symmetric(const Tensor& weight, int64_t axis, int bits,
                                          const std::vector<float>& min_scales) {
  NNSLIM_CHECK(weight.dtype == DType::Float32 && weight.materialized(), "quantize: weight must be materialized float32");
  const int64_t n = weight.numel();
  int64_t channels = 1, inner = n;
  if (axis >= 0) {
    channels = weight.dims.at(static_cast<size_t>(axis));
    inner = 1;
    for (size_t d = static_cast<size_t>(axis) + 1; d < weight.dims.size(); ++d) inner *= weight.dims[d];
  }
  const float* w = weight.data<float>();
  auto channel_of = [&](int64_t i) { return channels == 1 ? 0 : (i / inner) % channels; };
  std::vector<float> amax(static_cast<size_t>(channels), 0.f);
  for (int64_t i = 0; i < n; ++i) {
    float& m = amax[static_cast<size_t>(channel_of(i))];
    if (std::isfinite(w[i])) m = std::max(m, std::fabs(w[i]));
  }
  NNSLIM_CHECK(bits == 7 || bits == 8, ErrorCode::InvalidArgument, "quantize: weightBits must be 7 or 8, got ", bits);
  const int qmax = (1 << (bits - 1)) - 1;
  QuantizedWeight out;
  for (float m : amax) {
    const float scale = m / static_cast<float>(qmax);
    out.scales.push_back(usable_scale(scale) ? scale : 1.f);
  }
  if (min_scales.size() == out.scales.size())
    for (size_t c = 0; c < out.scales.size(); ++c) out.scales[c] = std::max(out.scales[c], min_scales[c]);
  auto values = std::make_shared<Tensor>();
  values->dtype = DType::Int8;
  values->dims = weight.dims;
  values->bytes.resize(static_cast<size_t>(n));
  int8_t* q = values->data<int8_t>();
  const QuantRange range{-qmax, qmax};
  for (int64_t i = 0; i < n; ++i)
    q[i] = static_cast<int8_t>(quantize_value(w[i], out.scales[static_cast<size_t>(channel_of(i))], 0, range));
  out.values = std::move(values);
  return out;
}

std::vector<float> bias_scale_floors(const Tensor& bias, float input_scale) {
  std::vector<float> floors(static_cast<size_t>(bias.numel()), 0.f);
  if (!(input_scale > 0.f)) return floors;
  for (size_t c = 0; c < floors.size(); ++c) {
    const double b = std::fabs(static_cast<double>(bias.data<float>()[c]));
    // Rounded up to the next float so that |b| / (input_scale * floor) <= limit.
    if (std::isfinite(b)) floors[c] = std::nextafter(static_cast<float>(b / (input_scale * kBiasCodeLimit)), INFINITY);
  }
  return floors;
}

TensorPtr quantize_bias(const Tensor& bias, float input_scale, const std::vector<float>& weight_scales,
                        std::vector<float>& scales) {
  NNSLIM_CHECK(bias.dtype == DType::Float32 && bias.materialized(), "quantize: bias must be materialized float32");
  const int64_t n = bias.numel();
  scales.assign(static_cast<size_t>(n), 0.f);
  auto values = std::make_shared<Tensor>();
  values->dtype = DType::Int32;
  values->dims = bias.dims;
  values->bytes.resize(static_cast<size_t>(n) * 4);
  const QuantRange range = quant_range(DType::Int32);
  for (int64_t c = 0; c < n; ++c) {
    const float ws = weight_scales.size() == 1 ? weight_scales[0] : weight_scales.at(static_cast<size_t>(c));
    scales[static_cast<size_t>(c)] = input_scale * ws;
    values->data<int32_t>()[c] =
        static_cast<int32_t>(quantize_value(bias.data<float>()[c], scales[static_cast<size_t>(c)], 0, range));
  }
  return values;
}

}  // namespace nnslim
