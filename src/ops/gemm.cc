// Gemm: Y = alpha * op(A) * op(B) + beta * C, A/B rank 2, C broadcast to [M, N].
#include "ops/op_helpers.h"

namespace nnslim {
namespace {

void infer_gemm(InferContext& ctx) {
  const Shape& a = ctx.input_shape(0);
  const Shape& b = ctx.input_shape(1);
  if (a.size() != 2 || b.size() != 2)
    ctx.fail("A ", shape_to_string(a), " and B ", shape_to_string(b), " must both be rank 2");
  const bool trans_a = ctx.node().attr_int("transA", 0) != 0;
  const bool trans_b = ctx.node().attr_int("transB", 0) != 0;
  const int64_t m = trans_a ? a[1] : a[0], k = trans_a ? a[0] : a[1];
  const int64_t kb = trans_b ? b[1] : b[0], n = trans_b ? b[0] : b[1];
  if (k != kb) ctx.fail("inner dims differ: A ", shape_to_string(a), " and B ", shape_to_string(b));
  if (ctx.has_input(2)) {
    const Shape c = ctx.input_shape(2);
    if (broadcast_shapes(ctx, c, {m, n}) != Shape{m, n})
      ctx.fail("C ", shape_to_string(c), " does not broadcast to [", m, ", ", n, "]");
  }
  ctx.set_output(0, ctx.input_dtype(0), {m, n});
}

// MACs = M * N * K; adding C is one elementwise op per output.
OpCost cost_gemm(const Graph& graph, const Node& node) {
  const Shape& a = graph.value(node.inputs[0]).shape;
  const Shape& y = graph.value(node.outputs[0]).shape;
  const int64_t k = node.attr_int("transA", 0) ? a[0] : a[1];
  OpCost cost;
  cost.macs = shape_numel(y) * k;
  if (node.inputs.size() > 2 && node.inputs[2] >= 0) cost.elementwise_ops = shape_numel(y);
  return cost;
}

}  // namespace

extern const OpRules kOp_Gemm = {2, 3, 1, 1, infer_gemm, cost_gemm};

}  // namespace nnslim
