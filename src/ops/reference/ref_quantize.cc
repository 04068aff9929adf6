// QuantizeLinear / DequantizeLinear: the formulas of core/quant_math.h applied
// per element, with the scale and zero point of the element's channel along
// `axis` (per-axis) or the single one (per-tensor).
#include "core/quant_math.h"
#include "ops/reference/reference_ops.h"

namespace nnslim {
namespace reference {
namespace {

// For element i of x: the index of its scale / zero point.
struct ChannelIndex {
  int64_t inner = 1;     // elements after the axis (row-major stride of the axis)
  int64_t channels = 1;  // 1: per-tensor
  int64_t operator()(int64_t i) const { return channels == 1 ? 0 : (i / inner) % channels; }
};

ChannelIndex channel_index(const Node& node, const TensorView& x, const TensorView& scale) {
  ChannelIndex index;
  const int64_t count = element_count(scale);
  if (count == 1) return index;
  const int64_t axis = normalize_axis(node, node.attr_int("axis", 1), static_cast<int64_t>(x.shape.size()));
  if (x.shape[static_cast<size_t>(axis)] != count)
    node_fail(node, "per-axis scale has ", count, " elements but x has ", x.shape[static_cast<size_t>(axis)],
              " along axis ", axis);
  for (size_t d = static_cast<size_t>(axis) + 1; d < x.shape.size(); ++d) index.inner *= x.shape[d];
  index.channels = count;
  return index;
}

int64_t zero_point_at(const TensorView* zero_point, int64_t c) { return zero_point ? load_int(*zero_point, c) : 0; }

}  // namespace

NNSLIM_DEFINE_REFERENCE(QuantizeLinear) {
  const TensorView& x = required_input(node, inputs, 0);
  const TensorView& scale = required_input(node, inputs, 1);
  const TensorView* zero_point = optional_input(inputs, 2);
  const TensorView& y = required_output(node, outputs, 0);
  const ChannelIndex channel = channel_index(node, x, scale);
  const QuantRange range = quant_range(y.dtype);
  for (int64_t i = 0; i < element_count(x); ++i) {
    const int64_t c = channel(i);
    const float s = static_cast<float>(load_double(scale, c));
    store_int(y, i, quantize_value(static_cast<float>(load_double(x, i)), s, zero_point_at(zero_point, c), range));
  }
}

NNSLIM_DEFINE_REFERENCE(DequantizeLinear) {
  const TensorView& x = required_input(node, inputs, 0);
  const TensorView& scale = required_input(node, inputs, 1);
  const TensorView* zero_point = optional_input(inputs, 2);
  const TensorView& y = required_output(node, outputs, 0);
  const ChannelIndex channel = channel_index(node, x, scale);
  if (x.dtype == DType::Int32 && zero_point)
    for (int64_t c = 0; c < element_count(*zero_point); ++c)
      if (load_int(*zero_point, c) != 0) node_fail(node, "an int32 input needs a zero point of 0");
  for (int64_t i = 0; i < element_count(x); ++i) {
    const int64_t c = channel(i);
    const float s = static_cast<float>(load_double(scale, c));
    store_double(y, i, dequantize_value(load_int(x, i), s, zero_point_at(zero_point, c)));
  }
}

}  // namespace reference
}  // namespace nnslim
