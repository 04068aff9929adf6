// Concat along `axis` (required from opset 4, default 1 before): every input
// has the same rank, dtype, and dims except along axis. Folds small constants
// (Concat of Unsqueezed dims is how exporters assemble a Reshape target).
// Cost: none (data movement).
#include "ops/op_helpers.h"

namespace nnslim {
namespace {

void infer_concat(InferContext& ctx) {
  const Shape& first = ctx.input_shape(0);
  const int64_t rank = static_cast<int64_t>(first.size());
  if (ctx.opset() >= 4 && !ctx.node().has_attr("axis")) ctx.fail("attribute axis is required");
  if (rank == 0) ctx.fail("cannot concatenate scalars");
  const size_t axis = static_cast<size_t>(ctx.normalize_axis(ctx.node().attr_int("axis", 1), rank));
  Shape out = first;
  out[axis] = 0;
  for (size_t i = 0; i < ctx.input_count(); ++i) {
    const Shape& s = ctx.input_shape(i);
    if (ctx.input_dtype(i) != ctx.input_dtype(0))
      ctx.fail("input ", i, " is ", dtype_name(ctx.input_dtype(i)), " but input 0 is ", dtype_name(ctx.input_dtype(0)));
    bool compatible = s.size() == first.size();
    for (size_t a = 0; compatible && a < s.size(); ++a) compatible = a == axis || s[a] == first[a];
    if (!compatible)
      ctx.fail("input ", i, " ", shape_to_string(s), " does not match input 0 ", shape_to_string(first),
               " outside axis ", axis);
    out[axis] += s[axis];
  }
  ctx.set_output(0, ctx.input_dtype(0), out);
}

}  // namespace

extern const OpRules kOp_Concat = {1, -1, 1, 1, infer_concat, nullptr};

}  // namespace nnslim
