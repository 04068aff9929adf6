// Pooling over the spatial dims of X [N, C, spatial...]:
//   MaxPool / AveragePool: window geometry from kernel_shape (required),
//   strides, dilations, pads / auto_pad, ceil_mode (opset 10+). MaxPool's
//   optional 2nd output Indices is int64 with Y's shape. count_include_pad
//   changes AveragePool's values only.
//   GlobalAveragePool / GlobalMaxPool: [N, C, 1, 1, ...].
// Cost (elementwise ops, no MACs): a window op reads each of its prod(kernel)
// taps once per output element; a global pool reads every input element once.
#include "ops/op_helpers.h"

namespace nnslim {
namespace {

void infer_window_pool(InferContext& ctx) {
  const Shape& x = ctx.input_shape(0);
  if (x.size() < 3) ctx.fail("input X must have rank >= 3 (N, C, spatial...), got ", shape_to_string(x));
  if (!ctx.node().has_attr("kernel_shape")) ctx.fail("attribute kernel_shape is required");
  const Shape kernel = ctx.node().attr_ints("kernel_shape");
  const bool ceil_mode = ctx.node().attr_int("ceil_mode", 0) != 0;
  const int64_t storage_order = ctx.node().attr_int("storage_order", 0);
  if (storage_order != 0 && storage_order != 1) ctx.fail("storage_order must be 0 or 1, got ", storage_order);
  const WindowGeometry g = resolve_window(ctx, Shape(x.begin() + 2, x.end()), kernel, ceil_mode);
  Shape out{x[0], x[1]};
  out.insert(out.end(), g.output.begin(), g.output.end());
  ctx.set_output(0, ctx.input_dtype(0), out);
  ctx.set_output(1, DType::Int64, out);  // MaxPool's Indices (ignored when absent)
}

void infer_global_pool(InferContext& ctx) {
  const Shape& x = ctx.input_shape(0);
  if (x.size() < 3) ctx.fail("input X must have rank >= 3 (N, C, spatial...), got ", shape_to_string(x));
  Shape out(x.size(), 1);
  out[0] = x[0];
  out[1] = x[1];
  ctx.set_output(0, ctx.input_dtype(0), out);
}

OpCost cost_window_pool(const Graph& graph, const Node& node) {
  OpCost cost;
  cost.elementwise_ops = shape_numel(graph.value(node.outputs[0]).shape) * shape_numel(node.attr_ints("kernel_shape"));
  return cost;
}

OpCost cost_global_pool(const Graph& graph, const Node& node) {
  OpCost cost;
  cost.elementwise_ops = shape_numel(graph.value(node.inputs[0]).shape);
  return cost;
}

}  // namespace

extern const OpRules kOp_AveragePool = {1, 1, 1, 1, infer_window_pool, cost_window_pool};
extern const OpRules kOp_GlobalAveragePool = {1, 1, 1, 1, infer_global_pool, cost_global_pool};
extern const OpRules kOp_GlobalMaxPool = {1, 1, 1, 1, infer_global_pool, cost_global_pool};
extern const OpRules kOp_MaxPool = {1, 1, 1, 2, infer_window_pool, cost_window_pool};

}  // namespace nnslim
