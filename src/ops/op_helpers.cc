#include "ops/op_helpers.h"

#include <algorithm>

namespace nnslim {

Shape broadcast_shapes(const InferContext& ctx, const Shape& a, const Shape& b) {
  const size_t rank = std::max(a.size(), b.size());
  Shape out(rank);
  for (size_t i = 0; i < rank; ++i) {
    // Align from the right.
    const int64_t da = i + a.size() >= rank ? a[i + a.size() - rank] : 1;
    const int64_t db = i + b.size() >= rank ? b[i + b.size() - rank] : 1;
    if (da != db && da != 1 && db != 1)
      ctx.fail("shapes ", shape_to_string(a), " and ", shape_to_string(b), " cannot be broadcast");
    out[i] = da == 1 ? db : da;
  }
  return out;
}

void infer_same_as_input(InferContext& ctx) {
  ctx.set_output(0, ctx.input_dtype(0), ctx.input_shape(0));
}

OpCost cost_one_op_per_output(const Graph& graph, const Node& node) {
  OpCost cost;
  cost.elementwise_ops = shape_numel(graph.value(node.outputs[0]).shape);
  return cost;
}

WindowGeometry resolve_window(const InferContext& ctx, const Shape& input_spatial, const Shape& kernel,
                              bool ceil_mode) {
  const Node& node = ctx.node();
  const size_t n = input_spatial.size();
  WindowGeometry g;
  g.kernel = kernel;
  if (g.kernel.size() != n)
    ctx.fail("kernel has ", g.kernel.size(), " spatial dims but the input has ", n);
  g.strides = node.attr_ints("strides", Shape(n, 1));
  g.dilations = node.attr_ints("dilations", Shape(n, 1));
  if (g.strides.size() != n) ctx.fail("strides has ", g.strides.size(), " values, expected ", n);
  if (g.dilations.size() != n) ctx.fail("dilations has ", g.dilations.size(), " values, expected ", n);
  // Bounds keep (kernel - 1) * dilation + pads far from int64 overflow on hostile attributes.
  constexpr int64_t kMaxWindowValue = int64_t{1} << 31;
  for (size_t i = 0; i < n; ++i) {
    if (g.kernel[i] >= kMaxWindowValue || g.strides[i] >= kMaxWindowValue || g.dilations[i] >= kMaxWindowValue)
      ctx.fail("kernel, stride or dilation is too large (limit 2^31)");
    if (g.kernel[i] <= 0) ctx.fail("kernel dim ", g.kernel[i], " must be positive");
    if (g.strides[i] <= 0) ctx.fail("stride ", g.strides[i], " must be positive");
    if (g.dilations[i] <= 0) ctx.fail("dilation ", g.dilations[i], " must be positive");
  }
  const std::string auto_pad = node.attr_string("auto_pad", "NOTSET");
  g.pads_begin.assign(n, 0);
  g.pads_end.assign(n, 0);
  g.output.assign(n, 0);
  if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
    // Output = ceil(in / stride); the total padding is split, the odd pixel
    // going to the end (UPPER) or the beginning (LOWER).
    for (size_t i = 0; i < n; ++i) {
      const int64_t out = (input_spatial[i] + g.strides[i] - 1) / g.strides[i];
      const int64_t effective_kernel = (g.kernel[i] - 1) * g.dilations[i] + 1;
      const int64_t total = std::max<int64_t>(0, (out - 1) * g.strides[i] + effective_kernel - input_spatial[i]);
      const int64_t small = total / 2, large = total - small;
      g.pads_begin[i] = auto_pad == "SAME_UPPER" ? small : large;
      g.pads_end[i] = auto_pad == "SAME_UPPER" ? large : small;
      g.output[i] = out;
    }
    return g;
  }
  if (auto_pad != "NOTSET" && auto_pad != "VALID") ctx.fail("auto_pad '", auto_pad, "' is not valid");
  if (auto_pad == "NOTSET") {
    Shape pads = node.attr_ints("pads", Shape(2 * n, 0));
    if (pads.size() != 2 * n) ctx.fail("pads has ", pads.size(), " values, expected ", 2 * n);
    for (size_t i = 0; i < n; ++i) {
      if (pads[i] < 0 || pads[i + n] < 0) ctx.fail(ErrorCode::UnsupportedOp, "negative pads are not supported");
      if (pads[i] >= kMaxWindowValue || pads[i + n] >= kMaxWindowValue) ctx.fail("pads are too large (limit 2^31)");
      g.pads_begin[i] = pads[i];
      g.pads_end[i] = pads[i + n];
    }
  }
  for (size_t i = 0; i < n; ++i) {
    const int64_t effective_kernel = (g.kernel[i] - 1) * g.dilations[i] + 1;
    const int64_t span = input_spatial[i] + g.pads_begin[i] + g.pads_end[i] - effective_kernel;
    if (span < 0)
      ctx.fail("kernel ", shape_to_string(g.kernel), " is larger than the padded input ",
               shape_to_string(input_spatial));
    int64_t out = (ceil_mode ? (span + g.strides[i] - 1) / g.strides[i] : span / g.strides[i]) + 1;
    // ceil_mode: the last window must start inside the input or left padding.
    if (ceil_mode && (out - 1) * g.strides[i] >= input_spatial[i] + g.pads_begin[i]) --out;
    g.output[i] = out;
  }
  return g;
}

}  // namespace nnslim
