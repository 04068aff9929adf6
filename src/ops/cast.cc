// Cast to the `to` dtype (ONNX TensorProto.DataType number, opset 6+).
// Folds small constants: float -> int truncates toward zero (saturating
// instead of undefined behavior out of range), anything -> bool is != 0.
// Cost: none (a conversion moves data; it does no arithmetic the profiler counts).
#include "ops/op_fold.h"
#include "ops/op_helpers.h"

namespace nnslim {
namespace {

void infer_cast(InferContext& ctx) {
  if (!ctx.node().has_attr("to")) ctx.fail("attribute 'to' is required");
  const int64_t to = ctx.node().attr_int("to", 0);
  if (to <= 0 || to > 64 || !dtype_is_valid(static_cast<int32_t>(to)))
    ctx.fail("'to' = ", to, " is not a known data type");
  const DType target = static_cast<DType>(to);
  if (target == DType::String || ctx.input_dtype(0) == DType::String)
    ctx.fail(ErrorCode::UnsupportedOp, "string casts are not supported");
  ctx.set_output(0, target, ctx.input_shape(0));
  const Shape& shape = ctx.input_shape(0);
  if (!can_fold(ctx, shape) || !is_arithmetic_dtype(target)) return;
  const Tensor& in = *ctx.input_constant(0);
  if (!is_arithmetic_dtype(in.dtype)) return;
  TensorPtr out = make_tensor(target, shape);
  for (int64_t i = 0; i < in.numel(); ++i) {
    if (dtype_is_float(in.dtype)) store_double(*out, i, in.float_at(i));
    else store_int(*out, i, in.int_at(i));
  }
  ctx.set_output_constant(0, out);
}

}  // namespace

extern const OpDef kOp_Cast = {"Cast", 1, 1, 1, 1, infer_cast, nullptr};

}  // namespace nnslim
