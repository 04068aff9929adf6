// Where(condition, X, Y) = condition ? X : Y, all three numpy-broadcast
// (opset 9+). Output: X's dtype. Small constant inputs fold (exporters build
// "dim == -1 ? 1 : dim" shape arithmetic with Where).
// Cost: one elementwise op (a select) per output element.
#include "ops/op_helpers.h"

namespace nnslim {
namespace {

void infer_where(InferContext& ctx) {
  if (ctx.input_dtype(0) != DType::Bool) ctx.fail("condition must be bool, got ", dtype_name(ctx.input_dtype(0)));
  if (ctx.input_dtype(1) != ctx.input_dtype(2))
    ctx.fail("X is ", dtype_name(ctx.input_dtype(1)), " but Y is ", dtype_name(ctx.input_dtype(2)));
  Shape out = broadcast_shapes(ctx, ctx.input_shape(0), ctx.input_shape(1));
  out = broadcast_shapes(ctx, out, ctx.input_shape(2));
  ctx.set_output(0, ctx.input_dtype(1), out);
}

}  // namespace

extern const OpRules kOp_Where = {3, 3, 1, 1, infer_where, cost_one_op_per_output};

}  // namespace nnslim
