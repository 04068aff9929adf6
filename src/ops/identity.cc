// Identity, and Dropout at inference (output = input; its optional mask
// output is all true: bool from opset 10, the input's dtype before).
// Both fold small constants through. Cost: none.
#include "ops/op_helpers.h"

namespace nnslim {
namespace {

// Inputs (opset 12+): data, optional ratio, optional training_mode. Training
// mode would make the output random: only a constant false is accepted.
void infer_dropout(InferContext& ctx) {
  if (ctx.has_input(2)) {
    const Tensor* training = ctx.input_constant(2);
    if (!training || training->numel() != 1 || training->int_at(0) != 0)
      ctx.fail("training_mode must be a constant false: nnslim runs inference only");
  }
  if (ctx.opset() < 12 && ctx.input_count() > 1) ctx.fail("before opset 12 Dropout has one input");
  infer_same_as_input(ctx);
  ctx.set_output(1, ctx.opset() >= 10 ? DType::Bool : ctx.input_dtype(0), ctx.input_shape(0));
}

}  // namespace

extern const OpRules kOp_Dropout = {1, 3, 1, 2, infer_dropout, nullptr};
extern const OpRules kOp_Identity = {1, 1, 1, 1, infer_same_as_input, nullptr};

}  // namespace nnslim
