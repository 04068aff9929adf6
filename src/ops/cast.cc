// Cast to the `to` dtype (ONNX TensorProto.DataType number, opset 6+).
// Small constant inputs fold (the reference converts: float -> int truncates
// toward zero, anything -> bool is != 0).
// Cost: none (a conversion moves data; it does no arithmetic the profiler counts).
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
}

}  // namespace

extern const OpRules kOp_Cast = {1, 1, 1, 1, infer_cast, nullptr};

}  // namespace nnslim
