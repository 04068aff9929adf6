// Gather(data, indices) along `axis`: out = data.dims[:axis] + indices.dims +
// data.dims[axis+1:]. Indices in [-d, d-1] (negative ones count from the end);
// constant indices are checked here. Small constant inputs fold (Shape ->
// Gather picks one dim out of a shape). Cost: none (data movement).
#include "ops/op_helpers.h"

namespace nnslim {
namespace {

void infer_gather(InferContext& ctx) {
  const Shape& data = ctx.input_shape(0);
  const Shape& indices = ctx.input_shape(1);
  if (data.empty()) ctx.fail("data must have rank >= 1");
  if (ctx.input_dtype(1) != DType::Int64 && ctx.input_dtype(1) != DType::Int32)
    ctx.fail("indices must be int32 or int64, got ", dtype_name(ctx.input_dtype(1)));
  const size_t axis = static_cast<size_t>(ctx.normalize_axis(ctx.node().attr_int("axis", 0), static_cast<int64_t>(data.size())));
  Shape out(data.begin(), data.begin() + static_cast<std::ptrdiff_t>(axis));
  out.insert(out.end(), indices.begin(), indices.end());
  out.insert(out.end(), data.begin() + static_cast<std::ptrdiff_t>(axis) + 1, data.end());
  ctx.set_output(0, ctx.input_dtype(0), out);

  const Tensor* index_tensor = ctx.input_constant(1);
  if (!index_tensor) return;
  const int64_t d = data[axis];
  for (int64_t i : index_tensor->to_int64_vector())
    if (i < -d || i >= d) ctx.fail("index ", i, " is out of range for axis ", axis, " of size ", d);
}

}  // namespace

extern const OpRules kOp_Gather = {2, 2, 1, 1, infer_gather, nullptr};

}  // namespace nnslim
