// ArgMax: the index (int64) of the largest element along `axis` (default 0,
// negative counts from the back). keepdims (default 1) keeps the axis as 1;
// select_last_index (opset 12+, default 0) picks the last of equal maxima
// instead of the first. Output: int64, the input's shape without the axis.
// Cost: one elementwise op (a compare) per input element.
#include "ops/op_helpers.h"

namespace nnslim {
namespace {

void infer_argmax(InferContext& ctx) {
  const Shape& x = ctx.input_shape(0);
  const int64_t rank = static_cast<int64_t>(x.size());
  if (rank == 0) ctx.fail("input must have rank >= 1");
  const size_t axis = static_cast<size_t>(ctx.normalize_axis(ctx.node().attr_int("axis", 0), rank));
  if (x[axis] == 0) ctx.fail("cannot take the ArgMax of an empty axis ", axis);
  const bool keepdims = ctx.node().attr_int("keepdims", 1) != 0;
  Shape out;
  for (size_t a = 0; a < x.size(); ++a) {
    if (a != axis) out.push_back(x[a]);
    else if (keepdims) out.push_back(1);
  }
  ctx.set_output(0, DType::Int64, out);
}

OpCost cost_argmax(const Graph& graph, const Node& node) {
  OpCost cost;
  cost.elementwise_ops = shape_numel(graph.value(node.inputs[0]).shape);
  return cost;
}

}  // namespace

extern const OpRules kOp_ArgMax = {1, 1, 1, 1, infer_argmax, cost_argmax};

}  // namespace nnslim
