// Zero counts of float and quantized weights (see weight_zeros.h).
#include "report/weight_zeros.h"

namespace nnslim {
namespace {

bool is_counted_param(const Value& v) { return v.is_param && v.constant != nullptr; }

// Element i of an integer tensor as int64; false for a dtype that no
// DequantizeLinear reads.
bool integer_at(const Tensor& t, int64_t i, int64_t* out) {
  switch (t.dtype) {
    case DType::Int8: *out = t.data<int8_t>()[i]; return true;
    case DType::Uint8: *out = t.data<uint8_t>()[i]; return true;
    case DType::Int16: *out = t.data<int16_t>()[i]; return true;
    case DType::Uint16: *out = t.data<uint16_t>()[i]; return true;
    case DType::Int32: *out = t.data<int32_t>()[i]; return true;
    default: return false;
  }
}

// Elements of q equal to its zero point: one zero point for the tensor, or
// one per index along `axis` (DequantizeLinear's per-axis form). A zero-point
// layout other than these (blocked quantization) counts no zeros.
int64_t quantized_zeros(const Tensor& q, const Tensor* zero_point, int64_t axis) {
  const int64_t n = q.numel();
  const int64_t rank = static_cast<int64_t>(q.dims.size());
  const int64_t zp_count = zero_point ? zero_point->numel() : 1;
  if (axis < 0) axis += rank;
  int64_t inner = 1, axis_dim = 1;
  if (zp_count > 1) {
    if (axis < 0 || axis >= rank || q.dims[static_cast<size_t>(axis)] != zp_count) return 0;
    axis_dim = zp_count;
    for (int64_t d = axis + 1; d < rank; ++d) inner *= q.dims[static_cast<size_t>(d)];
  }
  int64_t zeros = 0;
  for (int64_t i = 0; i < n; ++i) {
    int64_t value = 0, zp = 0;
    if (!integer_at(q, i, &value)) return 0;
    if (zero_point && !integer_at(*zero_point, zp_count > 1 ? (i / inner) % axis_dim : 0, &zp)) return 0;
    zeros += value == zp;
  }
  return zeros;
}

}  // namespace

WeightZeros::WeightZeros(const Graph& graph)
    : graph_(graph), zeros_(graph.values.size(), -1), dequantize_of_(graph.values.size(), -1),
      producer_(graph.values.size(), -1) {
  for (size_t n = 0; n < graph.nodes.size(); ++n) {
    const Node& node = graph.nodes[n];
    for (int out : node.outputs)
      if (out >= 0) producer_[static_cast<size_t>(out)] = static_cast<int>(n);
    if (node.op_type == "DequantizeLinear" && node.domain.empty() && !node.inputs.empty() && node.inputs[0] >= 0 &&
        dequantize_of_[static_cast<size_t>(node.inputs[0])] < 0)
      dequantize_of_[static_cast<size_t>(node.inputs[0])] = static_cast<int>(n);
  }
}

int64_t WeightZeros::zeros(int v) {
  int64_t& z = zeros_[static_cast<size_t>(v)];
  if (z < 0) z = count(v);
  return z;
}

int64_t WeightZeros::count(int v) const {
  const Tensor& t = *graph_.value(v).constant;
  if (!t.materialized()) return t.dtype == DType::Float32 && t.init == WeightInit::Zeros ? t.numel() : 0;
  if (t.dtype == DType::Float32) {
    int64_t zeros = 0;
    const float* data = t.data<float>();
    for (int64_t i = 0; i < t.numel(); ++i) zeros += data[i] == 0.f;
    return zeros;
  }
  const int dq = dequantize_of_[static_cast<size_t>(v)];
  if (dq < 0) return 0;
  const Node& node = graph_.nodes[static_cast<size_t>(dq)];
  const int zp_id = node.inputs.size() > 2 ? node.inputs[2] : -1;
  const Tensor* zero_point = zp_id >= 0 ? graph_.value(zp_id).constant.get() : nullptr;
  if (zp_id >= 0 && (!zero_point || !zero_point->materialized())) return 0;  // a computed zero point: unknown
  return quantized_zeros(t, zero_point, node.attr_int("axis", 1));
}

int WeightZeros::weight_param(int v) const {
  if (v < 0) return -1;
  if (is_counted_param(graph_.value(v))) return v;
  const int p = producer_[static_cast<size_t>(v)];
  if (p < 0) return -1;
  const Node& node = graph_.nodes[static_cast<size_t>(p)];
  if (node.op_type != "DequantizeLinear" || !node.domain.empty() || node.inputs.empty() || node.inputs[0] < 0) return -1;
  return is_counted_param(graph_.value(node.inputs[0])) ? node.inputs[0] : -1;
}

}  // namespace nnslim
