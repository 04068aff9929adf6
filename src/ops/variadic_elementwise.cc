// Max, Min, Sum, Mean over 1..n inputs of one dtype, numpy-broadcast together
// (opset 8+; earlier opsets required equal shapes, a special case).
// Cost: combining n inputs takes n - 1 elementwise ops per output element
// (Mean: n, the division by n included).
#include <algorithm>

#include "ops/op_fold.h"
#include "ops/op_helpers.h"

namespace nnslim {
namespace {

Shape infer_variadic(InferContext& ctx) {
  Shape out = ctx.input_shape(0);
  for (size_t i = 1; i < ctx.input_count(); ++i) {
    if (ctx.input_dtype(i) != ctx.input_dtype(0))
      ctx.fail("input ", i, " is ", dtype_name(ctx.input_dtype(i)), " but input 0 is ", dtype_name(ctx.input_dtype(0)));
    out = broadcast_shapes(ctx, out, ctx.input_shape(i));
  }
  ctx.set_output(0, ctx.input_dtype(0), out);
  return out;
}

void infer_Max(InferContext& ctx) {
  Shape out = infer_variadic(ctx);
  fold_elementwise(ctx, out, ctx.input_dtype(0),
                   [](const std::vector<int64_t>& v) { return *std::max_element(v.begin(), v.end()); },
                   [](const std::vector<double>& v) { return *std::max_element(v.begin(), v.end()); });
}
void infer_Min(InferContext& ctx) {
  Shape out = infer_variadic(ctx);
  fold_elementwise(ctx, out, ctx.input_dtype(0),
                   [](const std::vector<int64_t>& v) { return *std::min_element(v.begin(), v.end()); },
                   [](const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); });
}
void infer_Sum(InferContext& ctx) {
  Shape out = infer_variadic(ctx);
  fold_elementwise(ctx, out, ctx.input_dtype(0),
                   [](const std::vector<int64_t>& v) {
                     uint64_t s = 0;  // wraps instead of overflowing
                     for (int64_t x : v) s += static_cast<uint64_t>(x);
                     return static_cast<int64_t>(s);
                   },
                   [](const std::vector<double>& v) {
                     double s = 0;
                     for (double x : v) s += x;
                     return s;
                   });
}
void infer_Mean(InferContext& ctx) { infer_variadic(ctx); }  // float only: not shape arithmetic

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

extern const OpDef kOp_Max = {"Max", 1, -1, 1, 1, infer_Max, cost_combine};
extern const OpDef kOp_Mean = {"Mean", 1, -1, 1, 1, infer_Mean, cost_mean};
extern const OpDef kOp_Min = {"Min", 1, -1, 1, 1, infer_Min, cost_combine};
extern const OpDef kOp_Sum = {"Sum", 1, -1, 1, 1, infer_Sum, cost_combine};

}  // namespace nnslim
