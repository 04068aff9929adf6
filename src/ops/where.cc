// Where(condition, X, Y) = condition ? X : Y, all three numpy-broadcast
// (opset 9+). Output: X's dtype. Folds on small constants (exporters build
// "dim == -1 ? 1 : dim" shape arithmetic with Where).
// Cost: one elementwise op (a select) per output element.
#include "ops/op_fold.h"
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
  // Data movement: copy bytes, so any fixed-size dtype folds exactly.
  if (!can_fold(ctx, out)) return;
  const Tensor& cond = *ctx.input_constant(0);
  const Tensor& x = *ctx.input_constant(1);
  const Tensor& y = *ctx.input_constant(2);
  const std::vector<int64_t> from_cond = broadcast_source_indices(cond.dims, out);
  const std::vector<int64_t> from_x = broadcast_source_indices(x.dims, out);
  const std::vector<int64_t> from_y = broadcast_source_indices(y.dims, out);
  // Pick from a virtual concatenation [x..., y...].
  TensorPtr both = make_tensor(x.dtype, {x.numel() + y.numel()});
  std::copy(x.bytes.begin(), x.bytes.end(), both->bytes.begin());
  std::copy(y.bytes.begin(), y.bytes.end(), both->bytes.begin() + static_cast<std::ptrdiff_t>(x.bytes.size()));
  std::vector<int64_t> source(from_cond.size());
  for (size_t i = 0; i < source.size(); ++i)
    source[i] = cond.int_at(from_cond[i]) != 0 ? from_x[i] : x.numel() + from_y[i];
  ctx.set_output_constant(0, gather_elements(*both, source, out));
}

}  // namespace

extern const OpDef kOp_Where = {"Where", 3, 3, 1, 1, infer_where, cost_one_op_per_output};

}  // namespace nnslim
