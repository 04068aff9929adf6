// QuantizeLinear / DequantizeLinear (opset 10; per-axis from 13):
//   QuantizeLinear(x float, y_scale, y_zero_point?) -> y = saturate(round_half_to_even(x / y_scale) + y_zero_point)
//   DequantizeLinear(x, x_scale, x_zero_point?)   -> y = (x - x_zero_point) * x_scale
// The scale (and zero point) is one element (per-tensor) or a 1-D tensor of
// x.shape[axis] elements (per-axis, `axis` default 1). Quantized dtypes:
// int8 and uint8, and int32 as DequantizeLinear's input (biases; zero point 0).
// QuantizeLinear's output dtype is its zero point's (uint8 when omitted).
// Not supported: opset 21's blocked quantization (block_size) and the
// float8/int4/int16 types of opsets 19/21.
// Cost: one elementwise op per output element.
#include "core/quant_math.h"
#include "ops/op_helpers.h"

namespace nnslim {
namespace {

// Checks the scale/zero-point inputs (1, 2) against x (input 0).
void check_quant_params(InferContext& ctx) {
  if (ctx.node().attr_int("block_size", 0) != 0)
    ctx.fail(ErrorCode::UnsupportedOp, "blocked quantization (block_size) is not supported");
  if (!dtype_is_float(ctx.input_dtype(1)))
    ctx.fail("scale must be a float tensor, got ", dtype_name(ctx.input_dtype(1)));
  const Shape& scale_shape = ctx.input_shape(1);
  if (scale_shape.size() > 1) ctx.fail("scale must be a scalar or 1-D, got ", shape_to_string(scale_shape));
  if (ctx.has_input(2) && ctx.input_shape(2) != scale_shape)
    ctx.fail("zero point ", shape_to_string(ctx.input_shape(2)), " does not match scale ", shape_to_string(scale_shape));
  const bool per_axis = scale_shape.size() == 1 && scale_shape[0] != 1;
  if (!per_axis) return;
  const int64_t rank = static_cast<int64_t>(ctx.input_rank(0));
  const int64_t axis = ctx.normalize_axis(ctx.node().attr_int("axis", 1), rank);
  const int64_t dim = ctx.input_shape(0)[static_cast<size_t>(axis)];
  if (dim >= 0 && scale_shape[0] >= 0 && dim != scale_shape[0])
    ctx.fail("per-axis scale has ", scale_shape[0], " elements but x has ", dim, " along axis ", axis);
}

void infer_quantize_linear(InferContext& ctx) {
  const DType x = ctx.input_dtype(0);
  if (!dtype_is_float(x) && x != DType::Int32) ctx.fail("x must be float or int32, got ", dtype_name(x));
  check_quant_params(ctx);
  const DType y = ctx.has_input(2) ? ctx.input_dtype(2) : DType::Uint8;
  if (y != DType::Int8 && y != DType::Uint8)
    ctx.fail(ErrorCode::UnsupportedOp, "quantizing to ", dtype_name(y), " is not supported (int8 and uint8 are)");
  ctx.set_output(0, y, ctx.input_shape(0));
}

void infer_dequantize_linear(InferContext& ctx) {
  const DType x = ctx.input_dtype(0);
  if (x != DType::Int8 && x != DType::Uint8 && x != DType::Int32)
    ctx.fail(ErrorCode::UnsupportedOp, "dequantizing ", dtype_name(x), " is not supported (int8, uint8, int32 are)");
  check_quant_params(ctx);
  if (ctx.has_input(2) && ctx.input_dtype(2) != x)
    ctx.fail("zero point is ", dtype_name(ctx.input_dtype(2)), " but x is ", dtype_name(x));
  // Opset 19 lets the scale be float16 and the output follows it.
  ctx.set_output(0, ctx.input_dtype(1), ctx.input_shape(0));
}

}  // namespace

extern const OpRules kOp_QuantizeLinear = {2, 3, 1, 1, infer_quantize_linear, cost_one_op_per_output};
extern const OpRules kOp_DequantizeLinear = {2, 3, 1, 1, infer_dequantize_linear, cost_one_op_per_output};

}  // namespace nnslim
