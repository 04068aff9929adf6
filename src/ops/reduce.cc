// ReduceMean / ReduceSum / ReduceMax / ReduceMin / ReduceProd / ReduceL1 /
// ReduceL2 / ReduceSumSquare / ReduceLogSum / ReduceLogSumExp.
// Axes: the `axes` attribute before opset 18 (ReduceSum: before 13), the
// optional 2nd input after. No axes = every axis, unless noop_with_empty_axes=1
// (input form only), which makes the op an identity. keepdims (default 1)
// keeps reduced dims as 1. The table folds small constant inputs for the
// first five (ReduceProd of a Shape slice is how exporters compute a flattened size).
// Cost: one elementwise op per input element (each is accumulated once).
#include "ops/op_helpers.h"

namespace nnslim {
namespace {

struct ReducePlan {
  std::vector<bool> reduced;  // per input axis
  Shape out;
};

ReducePlan plan_reduce(InferContext& ctx, int64_t axes_input_opset) {
  const Shape& x = ctx.input_shape(0);
  const int64_t rank = static_cast<int64_t>(x.size());
  std::vector<int64_t> axes;
  bool noop = false;
  if (ctx.opset() < axes_input_opset) {
    if (ctx.input_count() > 1) ctx.fail("before opset ", axes_input_opset, " axes is an attribute, not an input");
    axes = ctx.node().attr_ints("axes");
  } else {
    if (ctx.node().has_attr("axes")) ctx.fail("from opset ", axes_input_opset, " axes is an input, not an attribute");
    if (ctx.has_input(1)) axes = ctx.input_ints(1, "axes");
    noop = axes.empty() && ctx.node().attr_int("noop_with_empty_axes", 0) != 0;
  }
  ReducePlan plan;
  plan.reduced.assign(x.size(), axes.empty() && !noop);
  for (int64_t axis : axes) {
    const size_t a = static_cast<size_t>(ctx.normalize_axis(axis, rank));
    if (plan.reduced[a]) ctx.fail("axis ", axis, " is listed twice");
    plan.reduced[a] = true;
  }
  const bool keepdims = ctx.node().attr_int("keepdims", 1) != 0;
  for (size_t a = 0; a < x.size(); ++a) {
    if (!plan.reduced[a]) plan.out.push_back(x[a]);
    else if (keepdims) plan.out.push_back(1);
  }
  return plan;
}

void infer_reduce(InferContext& ctx, int64_t axes_input_opset) {
  const ReducePlan plan = plan_reduce(ctx, axes_input_opset);
  ctx.set_output(0, ctx.input_dtype(0), plan.out);
}

// ReduceSum took axes as an input from opset 13, the others from 18.
void infer_ReduceSum(InferContext& ctx) { infer_reduce(ctx, 13); }
void infer_reduce_axes_input_18(InferContext& ctx) { infer_reduce(ctx, 18); }

OpCost cost_reduce(const Graph& graph, const Node& node) {
  OpCost cost;
  cost.elementwise_ops = shape_numel(graph.value(node.inputs[0]).shape);
  return cost;
}

}  // namespace

extern const OpRules kOp_ReduceSum = {1, 2, 1, 1, infer_ReduceSum, cost_reduce,
    /*non_trainable_inputs=*/0, /*shape_inputs=*/1u << 1};
#define NNSLIM_REDUCE_DEF(Name) \
  extern const OpRules kOp_##Name = {1, 2, 1, 1, infer_reduce_axes_input_18, cost_reduce, \
                                     /*non_trainable_inputs=*/0, /*shape_inputs=*/1u << 1};
NNSLIM_REDUCE_DEF(ReduceL1)
NNSLIM_REDUCE_DEF(ReduceL2)
NNSLIM_REDUCE_DEF(ReduceLogSum)
NNSLIM_REDUCE_DEF(ReduceLogSumExp)
NNSLIM_REDUCE_DEF(ReduceMax)
NNSLIM_REDUCE_DEF(ReduceMean)
NNSLIM_REDUCE_DEF(ReduceMin)
NNSLIM_REDUCE_DEF(ReduceProd)
NNSLIM_REDUCE_DEF(ReduceSumSquare)
#undef NNSLIM_REDUCE_DEF

}  // namespace nnslim
