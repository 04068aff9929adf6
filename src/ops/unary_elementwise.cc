// One-input elementwise ops with no attributes: output = f(input), same shape
// and dtype (Not: bool in, bool out). Small constant inputs fold (the table
// says which; Floor, Ceil, Neg, Abs and friends appear in the Resize-size
// arithmetic of exporters).
//
// Cost: one elementwise op per output element, whatever the function's inner
// arithmetic (the profiler counts activations as elementwise ops, not MACs).
#include "ops/op_helpers.h"

namespace nnslim {
namespace {

void infer_not(InferContext& ctx) {
  if (ctx.input_dtype(0) != DType::Bool) ctx.fail("input must be bool, got ", dtype_name(ctx.input_dtype(0)));
  infer_same_as_input(ctx);
}

}  // namespace

#define NNSLIM_UNARY_DEF(Name) \
  extern const OpRules kOp_##Name = {1, 1, 1, 1, infer_same_as_input, cost_one_op_per_output};
NNSLIM_UNARY_DEF(Abs)
NNSLIM_UNARY_DEF(Ceil)
NNSLIM_UNARY_DEF(Cos)
NNSLIM_UNARY_DEF(Erf)
NNSLIM_UNARY_DEF(Exp)
NNSLIM_UNARY_DEF(Floor)
NNSLIM_UNARY_DEF(Log)
NNSLIM_UNARY_DEF(Neg)
NNSLIM_UNARY_DEF(Reciprocal)
NNSLIM_UNARY_DEF(Relu)
NNSLIM_UNARY_DEF(Round)
NNSLIM_UNARY_DEF(Sigmoid)
NNSLIM_UNARY_DEF(Sign)
NNSLIM_UNARY_DEF(Sin)
NNSLIM_UNARY_DEF(Softplus)
NNSLIM_UNARY_DEF(Softsign)
NNSLIM_UNARY_DEF(Sqrt)
NNSLIM_UNARY_DEF(Tan)
NNSLIM_UNARY_DEF(Tanh)
#undef NNSLIM_UNARY_DEF
extern const OpRules kOp_Not = {1, 1, 1, 1, infer_not, cost_one_op_per_output};

}  // namespace nnslim
