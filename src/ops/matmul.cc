// MatMul with numpy semantics: A [..., M, K] x B [..., K, N] -> [..., M, N],
// batch dims broadcast. A 1-D A is [K] -> [1, K] with the M dim removed from
// the result; a 1-D B is [K] -> [K, 1] with the N dim removed.
#include "ops/op_helpers.h"

namespace nnslim {
namespace {

void infer_matmul(InferContext& ctx) {
  Shape a = ctx.input_shape(0);
  Shape b = ctx.input_shape(1);
  if (a.empty() || b.empty()) ctx.fail("inputs must have rank >= 1, got ", shape_to_string(a), " and ", shape_to_string(b));
  if (ctx.input_dtype(0) != ctx.input_dtype(1))
    ctx.fail("inputs have different dtypes: ", dtype_name(ctx.input_dtype(0)), " and ", dtype_name(ctx.input_dtype(1)));
  const bool a_vector = a.size() == 1, b_vector = b.size() == 1;
  if (a_vector) a.insert(a.begin(), 1);
  if (b_vector) b.push_back(1);
  const int64_t m = a[a.size() - 2], k = a.back(), kb = b[b.size() - 2], n = b.back();
  if (k != kb)
    ctx.fail("inner dims differ: A ", shape_to_string(ctx.input_shape(0)), " and B ", shape_to_string(ctx.input_shape(1)));
  Shape out = broadcast_shapes(ctx, Shape(a.begin(), a.end() - 2), Shape(b.begin(), b.end() - 2));
  if (!a_vector) out.push_back(m);
  if (!b_vector) out.push_back(n);
  ctx.set_output(0, ctx.input_dtype(0), out);
}

// MACs = prod(output dims) * K: each output element is a K-long dot product.
OpCost cost_matmul(const Graph& graph, const Node& node) {
  const Shape& a = graph.value(node.inputs[0]).shape;
  OpCost cost;
  cost.macs = shape_numel(graph.value(node.outputs[0]).shape) * a.back();
  return cost;
}

}  // namespace

extern const OpRules kOp_MatMul = {2, 2, 1, 1, infer_matmul, cost_matmul};

}  // namespace nnslim
