// Max, Min, Sum, Mean over 1..n inputs of one dtype, numpy-broadcast together
// (opset 8+; earlier opsets required equal shapes, a special case). Small
// constant inputs fold (Max/Min/Sum clamp and add dims in shape arithmetic).
// Cost: combining n inputs takes n - 1 elementwise ops per output element
// (Mean: n, the division by n included).
#include "ops/op_helpers.h"

namespace nnslim {
namespace {

void infer_variadic(InferContext& ctx) {
  Shape out = ctx.input_shape(0);
  for (size_t i = 1; i < ctx.input_count(); ++i) {
    if (ctx.input_dtype(i) != ctx.input_dtype(0))
      ctx.fail("input ", i, " is ", dtype_name(ctx.input_dtype(i)), " but input 0 is ", dtype_name(ctx.input_dtype(0)));
    out = broadcast_shapes(ctx, out, ctx.input_shape(i));
  }
  ctx.set_output(0, ctx.input_dtype(0), out);
}

OpCost cost_combine(const Graph& graph, const Node& node) {
  OpCost cost;
  cost.elementwise_ops = shape_numel(graph.value(node.outputs[0]).shape) * static_cast<int64_t>(node.inputs.size() - 1);
  return cost;
}
OpCost cost_mean(const Graph& graph, const Node& node) {
  OpCost cost;
  cost.elementwise_ops = shape_numel(graph.value(node.outputs[0]).shape) * static_cast<int64_t>(node.inputs.size());
  return cost;
}

}  // namespace

extern const OpRules kOp_Max = {1, -1, 1, 1, infer_variadic, cost_combine};
extern const OpRules kOp_Mean = {1, -1, 1, 1, infer_variadic, cost_mean};
extern const OpRules kOp_Min = {1, -1, 1, 1, infer_variadic, cost_combine};
extern const OpRules kOp_Sum = {1, -1, 1, 1, infer_variadic, cost_combine};

}  // namespace nnslim
