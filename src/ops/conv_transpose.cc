// ConvTranspose: X [N, C, spatial...], W [C, M/group, k...], optional B [M].
// Output channels M = W[1] * group. Per spatial axis i (ONNX spec):
//   out = stride * (in - 1) + output_padding + (k - 1) * dilation + 1 - pad_begin - pad_end
// auto_pad SAME_UPPER/SAME_LOWER: out = in * stride; output_shape (spatial
// dims, or the full shape) overrides the formula (pads are derived from it).
#include "ops/op_helpers.h"

namespace nnslim {
namespace {

void infer_conv_transpose(InferContext& ctx) {
  const Node& node = ctx.node();
  const Shape& x = ctx.input_shape(0);
  const Shape& w = ctx.input_shape(1);
  if (x.size() < 3) ctx.fail("input X must have rank >= 3 (N, C, spatial...), got ", shape_to_string(x));
  if (w.size() != x.size()) ctx.fail("weight W ", shape_to_string(w), " must have the rank of X ", shape_to_string(x));
  const int64_t group = node.attr_int("group", 1);
  if (group <= 0 || x[1] % group != 0) ctx.fail("group ", group, " must divide input channels ", x[1]);
  if (w[0] != x[1]) ctx.fail("weight ", shape_to_string(w), " expects ", w[0], " input channels, X has ", x[1]);
  const int64_t out_channels = w[1] * group;
  if (ctx.has_input(2)) {
    const Shape& b = ctx.input_shape(2);
    if (b.size() != 1 || b[0] != out_channels)
      ctx.fail("bias B ", shape_to_string(b), " must be [", out_channels, "]");
  }
  const size_t n = x.size() - 2;
  const Shape kernel = node.attr_ints("kernel_shape", Shape(w.begin() + 2, w.end()));
  if (kernel != Shape(w.begin() + 2, w.end()))
    ctx.fail("kernel_shape ", shape_to_string(kernel), " disagrees with weight ", shape_to_string(w));
  const Shape strides = node.attr_ints("strides", Shape(n, 1));
  const Shape dilations = node.attr_ints("dilations", Shape(n, 1));
  const Shape output_padding = node.attr_ints("output_padding", Shape(n, 0));
  const Shape pads = node.attr_ints("pads", Shape(2 * n, 0));
  if (strides.size() != n || dilations.size() != n || output_padding.size() != n || pads.size() != 2 * n)
    ctx.fail("strides/dilations/output_padding need ", n, " values and pads ", 2 * n);
  constexpr int64_t kMaxAttr = int64_t{1} << 31;  // keeps the size formula free of int64 overflow
  for (int64_t v : pads)
    if (v >= kMaxAttr) ctx.fail("pads ", shape_to_string(pads), " are too large");
  for (size_t i = 0; i < n; ++i) {
    if (strides[i] <= 0 || dilations[i] <= 0) ctx.fail("strides and dilations must be positive");
    if (strides[i] >= kMaxAttr || dilations[i] >= kMaxAttr || output_padding[i] >= kMaxAttr)
      ctx.fail("strides/dilations/output_padding are too large");
    if (output_padding[i] < 0 || (output_padding[i] >= strides[i] && output_padding[i] >= dilations[i]))
      ctx.fail("output_padding ", output_padding[i], " must be smaller than the stride or the dilation");
  }
  Shape out{x[0], out_channels};
  const std::string auto_pad = node.attr_string("auto_pad", "NOTSET");
  if (node.has_attr("output_shape")) {
    Shape requested = node.attr_ints("output_shape");
    if (requested.size() == n + 2) requested.erase(requested.begin(), requested.begin() + 2);
    if (requested.size() != n)
      ctx.fail("output_shape ", shape_to_string(node.attr_ints("output_shape")), " must give ", n, " spatial dims");
    // A dim beyond the natural size is allowed: ONNX then pads the end
    // (test_convtranspose_output_shape asks for 10 where the formula gives 9).
    for (size_t i = 0; i < n; ++i)
      if (requested[i] <= 0) ctx.fail("output_shape dim ", requested[i], " must be positive");
    out.insert(out.end(), requested.begin(), requested.end());
  } else if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
    for (size_t i = 0; i < n; ++i) out.push_back(x[i + 2] * strides[i]);
  } else if (auto_pad == "NOTSET" || auto_pad == "VALID") {
    const bool valid = auto_pad == "VALID";
    for (size_t i = 0; i < n; ++i) {
      const int64_t begin = valid ? 0 : pads[i], end = valid ? 0 : pads[i + n];
      if (begin < 0 || end < 0) ctx.fail(ErrorCode::UnsupportedOp, "negative pads are not supported");
      const int64_t dim =
          strides[i] * (x[i + 2] - 1) + output_padding[i] + (kernel[i] - 1) * dilations[i] + 1 - begin - end;
      if (dim <= 0) ctx.fail("pads ", shape_to_string(pads), " leave no output along spatial axis ", i);
      out.push_back(dim);
    }
  } else {
    ctx.fail("auto_pad '", auto_pad, "' is not valid");
  }
  ctx.set_output(0, ctx.input_dtype(0), out);
}

// Every input pixel scatters into (Cout/group) * prod(kernel) outputs:
// MACs = N * Cin * prod(input spatial) * (Cout/group) * prod(kernel)
//      = numel(X) * prod(W[1:]). The bias add is one op per output element.
OpCost cost_conv_transpose(const Graph& graph, const Node& node) {
  const Shape& w = graph.value(node.inputs[1]).shape;
  OpCost cost;
  int64_t per_input = 1;
  for (size_t i = 1; i < w.size(); ++i) per_input *= w[i];
  cost.macs = shape_numel(graph.value(node.inputs[0]).shape) * per_input;
  if (node.inputs.size() > 2 && node.inputs[2] >= 0)
    cost.elementwise_ops = shape_numel(graph.value(node.outputs[0]).shape);
  return cost;
}

}  // namespace

extern const OpRules kOp_ConvTranspose = {2, 3, 1, 1, infer_conv_transpose, cost_conv_transpose};

}  // namespace nnslim
