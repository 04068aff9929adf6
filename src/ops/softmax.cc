// Softmax / LogSoftmax along `axis` (default 1 before opset 13, -1 from 13;
// before 13 the input is coerced to 2-D at axis, which changes values, not
// the shape). Output: the input's shape and dtype.
// Cost: 5 elementwise ops per element: running max, subtract it, exp, sum,
// then divide (Softmax) or subtract the log-sum (LogSoftmax).
#include "ops/op_helpers.h"

namespace nnslim {
namespace {

void infer_softmax(InferContext& ctx) {
  const int64_t rank = static_cast<int64_t>(ctx.input_rank(0));
  const int64_t axis = ctx.node().attr_int("axis", ctx.opset() < 13 ? 1 : -1);
  ctx.normalize_axis(axis, rank);
  infer_same_as_input(ctx);
}

OpCost cost_softmax(const Graph& graph, const Node& node) {
  OpCost cost;
  cost.elementwise_ops = 5 * shape_numel(graph.value(node.outputs[0]).shape);
  return cost;
}

}  // namespace

extern const OpRules kOp_LogSoftmax = {1, 1, 1, 1, infer_softmax, cost_softmax};
extern const OpRules kOp_Softmax = {1, 1, 1, 1, infer_softmax, cost_softmax};

}  // namespace nnslim
