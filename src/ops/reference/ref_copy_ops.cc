// Ops whose output is the input's bytes unchanged (Identity, Reshape, Flatten,
// Squeeze, Unsqueeze, inference Dropout), and ops that make tensors from
// attributes or shapes (Constant, ConstantOfShape, Shape, Range).
#include <cmath>
#include <cstring>

#include "ops/reference/reference_ops.h"

namespace nnslim {
namespace reference {
namespace {

// Y = X byte for byte; the shape is the output's (already inferred).
void copy_input(const Node& node, const std::vector<const TensorView*>& inputs, const std::vector<TensorView*>& outputs) {
  const TensorView& x = required_input(node, inputs, 0);
  const TensorView& y = required_output(node, outputs, 0);
  if (x.dtype != y.dtype || element_count(x) != element_count(y))
    node_fail(node, "output ", dtype_name(y.dtype), " ", shape_to_string(y.shape), " cannot hold input ",
              dtype_name(x.dtype), " ", shape_to_string(x.shape));
  const size_t bytes = static_cast<size_t>(element_count(x)) * dtype_size(x.dtype);
  if (bytes) std::memmove(y.data, x.data, bytes);
}

}  // namespace

NNSLIM_DEFINE_REFERENCE(Identity) { copy_input(node, inputs, outputs); }
NNSLIM_DEFINE_REFERENCE(Reshape) { copy_input(node, inputs, outputs); }
NNSLIM_DEFINE_REFERENCE(Flatten) { copy_input(node, inputs, outputs); }
NNSLIM_DEFINE_REFERENCE(Squeeze) { copy_input(node, inputs, outputs); }
NNSLIM_DEFINE_REFERENCE(Unsqueeze) { copy_input(node, inputs, outputs); }

// Dropout at inference: Y = X, mask all true. Training mode (opset 12's
// training_mode input set to true) draws random masks and is not supported.
NNSLIM_DEFINE_REFERENCE(Dropout) {
  const TensorView* training = optional_input(inputs, 2);
  if (training && load_int(*training, 0) != 0)
    node_fail(node, ErrorCode::UnsupportedOp, "training_mode = true is not supported (inference only)");
  copy_input(node, inputs, outputs);
  if (outputs.size() > 1 && outputs[1]) {
    const TensorView& mask = *outputs[1];
    for (int64_t i = 0; i < element_count(mask); ++i) store_int(mask, i, 1);
  }
}

// Constant: the tensor in `value` (or value_float(s) / value_int(s)).
NNSLIM_DEFINE_REFERENCE(Constant) {
  const TensorView& y = required_output(node, outputs, 0);
  auto it = node.attrs.find("value");
  if (it != node.attrs.end() && it->second.t) {
    const Tensor& t = *it->second.t;
    if (t.dtype != y.dtype || t.numel() != element_count(y) || !t.materialized())
      node_fail(node, "value does not match the output");
    if (!t.bytes.empty()) std::memcpy(y.data, t.bytes.data(), t.bytes.size());
    return;
  }
  if (node.has_attr("value_float")) return store_double(y, 0, node.attr_float("value_float", 0.f));
  if (node.has_attr("value_int")) return store_int(y, 0, node.attr_int("value_int", 0));
  if (node.has_attr("value_floats")) {
    const std::vector<float> v = node.attr_floats("value_floats");
    for (size_t i = 0; i < v.size() && static_cast<int64_t>(i) < element_count(y); ++i)
      store_double(y, static_cast<int64_t>(i), v[i]);
    return;
  }
  if (node.has_attr("value_ints")) {
    const std::vector<int64_t> v = node.attr_ints("value_ints");
    for (size_t i = 0; i < v.size() && static_cast<int64_t>(i) < element_count(y); ++i)
      store_int(y, static_cast<int64_t>(i), v[i]);
    return;
  }
  node_fail(node, ErrorCode::UnsupportedOp, "Constant without a supported value attribute is not supported");
}

// ConstantOfShape: every element = the one-element `value` tensor (default float 0).
NNSLIM_DEFINE_REFERENCE(ConstantOfShape) {
  const TensorView& y = required_output(node, outputs, 0);
  auto it = node.attrs.find("value");
  const int64_t n = element_count(y);
  if (it == node.attrs.end() || !it->second.t) {
    for (int64_t i = 0; i < n; ++i) store_double(y, i, 0.0);
    return;
  }
  const Tensor& value = *it->second.t;
  if (value.numel() != 1 || value.dtype != y.dtype || !value.materialized())
    node_fail(node, "value must be a one-element tensor of the output's dtype");
  const TensorView v{value.dtype, value.dims, const_cast<uint8_t*>(value.bytes.data())};
  for (int64_t i = 0; i < n; ++i) copy_element(y, i, v, 0);
}

// Shape: the input's dims as int64, sliced to [start, end) (opset 15; negative
// values count from the end, both clamped to [0, rank]).
NNSLIM_DEFINE_REFERENCE(Shape) {
  const TensorView& x = required_input(node, inputs, 0);
  const TensorView& y = required_output(node, outputs, 0);
  const int64_t rank = static_cast<int64_t>(x.shape.size());
  auto clamp = [rank](int64_t v) {
    if (v < 0) v += rank;
    return std::min(std::max<int64_t>(v, 0), rank);
  };
  const int64_t start = clamp(node.attr_int("start", 0));
  const int64_t end = clamp(node.attr_int("end", rank));
  if (std::max<int64_t>(end - start, 0) != element_count(y)) node_fail(node, "output size does not match");
  for (int64_t i = start; i < end; ++i) store_int(y, i - start, x.shape[static_cast<size_t>(i)]);
}

// Range: y[i] = start + i * delta for i < max(ceil((limit - start) / delta), 0).
NNSLIM_DEFINE_REFERENCE(Range) {
  const TensorView& start = required_input(node, inputs, 0);
  const TensorView& delta = required_input(node, inputs, 2);
  const TensorView& y = required_output(node, outputs, 0);
  const int64_t n = element_count(y);
  for (int64_t i = 0; i < n; ++i) {
    if (is_integral(y.dtype))
      store_int(y, i, load_int(start, 0) + i * load_int(delta, 0));
    else
      store_double(y, i, load_double(start, 0) + static_cast<double>(i) * load_double(delta, 0));
  }
}

}  // namespace reference
}  // namespace nnslim
