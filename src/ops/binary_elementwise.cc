// Two-input elementwise ops with numpy broadcasting (opset 7+):
//   Add, Sub, Mul, Div, Mod, Pow -> the dtype of A;
//   Equal, Less, Greater, LessOrEqual, GreaterOrEqual -> bool;
//   And, Or, Xor (bool inputs) -> bool.
// A and B must share a dtype (Pow excepted: its exponent may differ).
// Small constant inputs fold (Shape -> Mul/Div/Add -> Reshape is how
// exporters compute target shapes): the reference defines the arithmetic
// (integer Div truncates toward zero, as C and ONNX Runtime do).
// Cost: one elementwise op per output element.
#include "ops/op_helpers.h"

namespace nnslim {
namespace {

// Before opset 7 these ops broadcast only B, and only when broadcast=1: B's
// dims match A's dims [axis, axis + rank(B)) (a B dim may be 1), axis
// defaulting to the trailing position. The output has A's shape.
Shape legacy_broadcast(const InferContext& ctx) {
  const Shape& a = ctx.input_shape(0);
  const Shape& b = ctx.input_shape(1);
  if (ctx.node().attr_int("broadcast", 0) == 0) {
    if (a != b) ctx.fail("shapes ", shape_to_string(a), " and ", shape_to_string(b), " differ and broadcast=0");
    return a;
  }
  if (b.size() > a.size()) ctx.fail("B ", shape_to_string(b), " has a higher rank than A ", shape_to_string(a));
  const int64_t rank_a = static_cast<int64_t>(a.size()), rank_b = static_cast<int64_t>(b.size());
  const int64_t axis = ctx.node().attr_int("axis", rank_a - rank_b);
  if (axis < 0 || axis + rank_b > rank_a)
    ctx.fail("axis ", axis, " does not place B ", shape_to_string(b), " inside A ", shape_to_string(a));
  for (int64_t i = 0; i < rank_b; ++i)
    if (b[i] != 1 && b[i] != a[axis + i])
      ctx.fail("B ", shape_to_string(b), " does not match A ", shape_to_string(a), " at axis ", axis);
  return a;
}

void infer_broadcast(InferContext& ctx, DType out_dtype, bool same_dtype) {
  if (same_dtype && ctx.input_dtype(0) != ctx.input_dtype(1))
    ctx.fail("inputs have different dtypes: ", dtype_name(ctx.input_dtype(0)), " and ",
             dtype_name(ctx.input_dtype(1)));
  if (ctx.opset() < 7) {
    ctx.set_output(0, out_dtype, legacy_broadcast(ctx));
    return;
  }
  ctx.set_output(0, out_dtype, broadcast_shapes(ctx, ctx.input_shape(0), ctx.input_shape(1)));
}

void infer_arithmetic(InferContext& ctx) { infer_broadcast(ctx, ctx.input_dtype(0), true); }
// The result has the base's dtype; the exponent's may differ.
void infer_power(InferContext& ctx) { infer_broadcast(ctx, ctx.input_dtype(0), false); }
void infer_comparison(InferContext& ctx) { infer_broadcast(ctx, DType::Bool, true); }
void infer_logical(InferContext& ctx) {
  for (size_t i = 0; i < 2; ++i)
    if (ctx.input_dtype(i) != DType::Bool)
      ctx.fail("input ", i, " must be bool, got ", dtype_name(ctx.input_dtype(i)));
  infer_broadcast(ctx, DType::Bool, true);
}

}  // namespace

#define NNSLIM_BINARY_DEF(Name, infer) \
  extern const OpRules kOp_##Name = {2, 2, 1, 1, infer, cost_one_op_per_output};
NNSLIM_BINARY_DEF(Add, infer_arithmetic)
NNSLIM_BINARY_DEF(And, infer_logical)
NNSLIM_BINARY_DEF(Div, infer_arithmetic)
NNSLIM_BINARY_DEF(Equal, infer_comparison)
NNSLIM_BINARY_DEF(Greater, infer_comparison)
NNSLIM_BINARY_DEF(GreaterOrEqual, infer_comparison)
NNSLIM_BINARY_DEF(Less, infer_comparison)
NNSLIM_BINARY_DEF(LessOrEqual, infer_comparison)
NNSLIM_BINARY_DEF(Mod, infer_arithmetic)
NNSLIM_BINARY_DEF(Mul, infer_arithmetic)
NNSLIM_BINARY_DEF(Or, infer_logical)
NNSLIM_BINARY_DEF(Pow, infer_power)
NNSLIM_BINARY_DEF(Sub, infer_arithmetic)
NNSLIM_BINARY_DEF(Xor, infer_logical)
#undef NNSLIM_BINARY_DEF

}  // namespace nnslim
