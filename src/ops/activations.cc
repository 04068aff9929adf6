// Activations with parameters: output has the input's shape and dtype.
//   LeakyRelu(alpha), Elu(alpha), Selu(alpha, gamma), HardSigmoid(alpha, beta),
//   HardSwish, Celu(alpha), ThresholdedRelu(alpha), Clip (min/max attributes before opset 11, optional scalar
//   inputs from 11), PRelu (slope broadcast unidirectionally to X, opset 7+).
// Cost: one elementwise op per output element (activations are not MACs).
#include "ops/op_helpers.h"

namespace nnslim {
namespace {

void infer_clip(InferContext& ctx) {
  if (ctx.opset() < 11) {
    if (ctx.input_count() > 1) ctx.fail("before opset 11, min and max are attributes, not inputs");
  } else {
    for (size_t i = 1; i < 3; ++i) {
      if (!ctx.has_input(i)) continue;
      const Shape& s = ctx.input_shape(i);
      if (shape_numel(s) != 1 || s.size() > 1)
        ctx.fail(i == 1 ? "min" : "max", " must be a scalar, got shape ", shape_to_string(s));
      if (ctx.input_dtype(i) != ctx.input_dtype(0))
        ctx.fail(i == 1 ? "min" : "max", " is ", dtype_name(ctx.input_dtype(i)), " but the input is ",
                 dtype_name(ctx.input_dtype(0)));
    }
  }
  infer_same_as_input(ctx);
}

// Y = slope * X where X < 0: slope must broadcast to X without growing it.
void infer_prelu(InferContext& ctx) {
  const Shape& x = ctx.input_shape(0);
  const Shape& slope = ctx.input_shape(1);
  if (broadcast_shapes(ctx, x, slope) != x)
    ctx.fail("slope ", shape_to_string(slope), " does not broadcast to X ", shape_to_string(x));
  infer_same_as_input(ctx);
}

}  // namespace

extern const OpRules kOp_Celu = {1, 1, 1, 1, infer_same_as_input, cost_one_op_per_output};
extern const OpRules kOp_Clip = {1, 3, 1, 1, infer_clip, cost_one_op_per_output};
extern const OpRules kOp_Elu = {1, 1, 1, 1, infer_same_as_input, cost_one_op_per_output};
extern const OpRules kOp_HardSigmoid = {1, 1, 1, 1, infer_same_as_input, cost_one_op_per_output};
extern const OpRules kOp_HardSwish = {1, 1, 1, 1, infer_same_as_input, cost_one_op_per_output};
extern const OpRules kOp_LeakyRelu = {1, 1, 1, 1, infer_same_as_input, cost_one_op_per_output};
extern const OpRules kOp_PRelu = {2, 2, 1, 1, infer_prelu, cost_one_op_per_output};
extern const OpRules kOp_Selu = {1, 1, 1, 1, infer_same_as_input, cost_one_op_per_output};
extern const OpRules kOp_ThresholdedRelu = {1, 1, 1, 1, infer_same_as_input, cost_one_op_per_output};

}  // namespace nnslim
