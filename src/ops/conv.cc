// Conv (opset 1/11): X [N, C, spatial...], W [M, C/group, k...], optional B [M].
#include "ops/op_helpers.h"

namespace nnslim {
namespace {

void infer_conv(InferContext& ctx) {
  const Shape& x = ctx.input_shape(0);
  const Shape& w = ctx.input_shape(1);
  if (x.size() < 3) ctx.fail("input X must have rank >= 3 (N, C, spatial...), got ", shape_to_string(x));
  if (w.size() != x.size()) ctx.fail("weight W ", shape_to_string(w), " must have the rank of X ", shape_to_string(x));
  const int64_t group = ctx.node().attr_int("group", 1);
  if (group <= 0 || x[1] % group != 0 || w[0] % group != 0)
    ctx.fail("group ", group, " must divide input channels ", x[1], " and output channels ", w[0]);
  if (w[1] * group != x[1])
    ctx.fail("weight ", shape_to_string(w), " expects ", w[1] * group, " input channels, X has ", x[1]);
  if (ctx.has_input(2)) {
    const Shape& b = ctx.input_shape(2);
    if (b.size() != 1 || b[0] != w[0]) ctx.fail("bias B ", shape_to_string(b), " must be [", w[0], "]");
  }
  const Shape spatial(x.begin() + 2, x.end());
  Shape kernel = ctx.node().attr_ints("kernel_shape", Shape(w.begin() + 2, w.end()));
  if (kernel != Shape(w.begin() + 2, w.end()))
    ctx.fail("kernel_shape ", shape_to_string(kernel), " disagrees with weight ", shape_to_string(w));
  WindowGeometry g = resolve_window(ctx, spatial, kernel);
  Shape out{x[0], w[0]};
  out.insert(out.end(), g.output.begin(), g.output.end());
  ctx.set_output(0, ctx.input_dtype(0), out);
}

// MACs = N * Cout * prod(out spatial) * (Cin / group) * prod(kernel); the bias
// add is one elementwise op per output element.
OpCost cost_conv(const Graph& graph, const Node& node) {
  const Shape& y = graph.value(node.outputs[0]).shape;
  const Shape& w = graph.value(node.inputs[1]).shape;
  OpCost cost;
  int64_t per_output = 1;
  for (size_t i = 1; i < w.size(); ++i) per_output *= w[i];  // (Cin/group) * kernel
  cost.macs = shape_numel(y) * per_output;
  if (node.inputs.size() > 2 && node.inputs[2] >= 0) cost.elementwise_ops = shape_numel(y);
  return cost;
}

}  // namespace

extern const OpRules kOp_Conv = {2, 3, 1, 1, infer_conv, cost_conv};

}  // namespace nnslim
