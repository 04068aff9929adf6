// Normalizations other than BatchNormalization:
//   LayerNormalization (opset 17): X, Scale, optional B over dims [axis, rank);
//     Scale/B broadcast to X[axis:]. Optional outputs Mean and InvStdDev have
//     X's shape with dims [axis, rank) set to 1, in the stash type (float).
//   InstanceNormalization: X [N, C, ...], scale [C], B [C]; Y has X's shape.
// Cost per element: mean (1 add), variance (subtract, square, add = 3),
// normalize (subtract, multiply = 2), scale and bias (2): 8 elementwise ops.
#include "ops/op_helpers.h"

namespace nnslim {
namespace {

void infer_layer_norm(InferContext& ctx) {
  const Shape& x = ctx.input_shape(0);
  const int64_t rank = static_cast<int64_t>(x.size());
  const int64_t axis = ctx.normalize_axis(ctx.node().attr_int("axis", -1), rank);
  const Shape normalized(x.begin() + axis, x.end());
  for (size_t i = 1; i < 3; ++i) {
    if (!ctx.has_input(i)) continue;
    const Shape& p = ctx.input_shape(i);
    // Unidirectional broadcast: p, right-aligned, has each dim equal or 1.
    bool fits = p.size() <= normalized.size();
    for (size_t k = 0; fits && k < p.size(); ++k) {
      const int64_t d = normalized[normalized.size() - p.size() + k];
      fits = p[k] == d || p[k] == 1;
    }
    if (!fits)
      ctx.fail(i == 1 ? "Scale " : "B ", shape_to_string(p), " does not broadcast to the normalized dims ",
               shape_to_string(normalized));
  }
  const int64_t stash = ctx.node().attr_int("stash_type", 1);
  if (!dtype_is_valid(static_cast<int32_t>(stash)) || !dtype_is_float(static_cast<DType>(stash)))
    ctx.fail("stash_type ", stash, " is not a floating-point type");
  Shape reduced = x;
  for (int64_t i = axis; i < rank; ++i) reduced[static_cast<size_t>(i)] = 1;
  ctx.set_output(0, ctx.input_dtype(0), x);
  ctx.set_output(1, static_cast<DType>(stash), reduced);
  ctx.set_output(2, static_cast<DType>(stash), reduced);
}

void infer_instance_norm(InferContext& ctx) {
  const Shape& x = ctx.input_shape(0);
  if (x.size() < 3) ctx.fail("input must have rank >= 3 (N, C, spatial...), got ", shape_to_string(x));
  for (size_t i = 1; i < 3; ++i) {
    const Shape& p = ctx.input_shape(i);
    if (p.size() != 1 || p[0] != x[1])
      ctx.fail(i == 1 ? "scale " : "B ", shape_to_string(p), " must be [", x[1], "] (one per channel)");
  }
  infer_same_as_input(ctx);
}

OpCost cost_normalization(const Graph& graph, const Node& node) {
  OpCost cost;
  cost.elementwise_ops = 8 * shape_numel(graph.value(node.outputs[0]).shape);
  return cost;
}

}  // namespace

extern const OpRules kOp_InstanceNormalization = {3, 3, 1, 1, infer_instance_norm,
                                                cost_normalization};
extern const OpRules kOp_LayerNormalization = {2, 3, 1, 3, infer_layer_norm, cost_normalization};

}  // namespace nnslim
