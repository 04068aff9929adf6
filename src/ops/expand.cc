// Expand(input, shape): out = numpy broadcast of input's dims and `shape`
// (either side may be 1). Tile(input, repeats): out[i] = d[i] * repeats[i].
// `shape` / `repeats` must be constants (folded shape arithmetic counts).
// Both fold small constant inputs. Cost: none (data movement).
#include "ops/op_helpers.h"

namespace nnslim {
namespace {

void infer_expand(InferContext& ctx) {
  if (ctx.input_rank(1) != 1) ctx.fail("shape input must be 1-D, got ", shape_to_string(ctx.input_shape(1)));
  const Shape target = ctx.input_ints(1, "shape");
  for (int64_t d : target)
    if (d < 0) ctx.fail("shape ", shape_to_string(target), " has a negative dim");
  const Shape out = broadcast_shapes(ctx, ctx.input_shape(0), target);
  ctx.set_output(0, ctx.input_dtype(0), out);
}

void infer_tile(InferContext& ctx) {
  const Shape& x = ctx.input_shape(0);
  const Shape repeats = ctx.input_ints(1, "repeats");
  if (repeats.size() != x.size())
    ctx.fail("repeats ", shape_to_string(repeats), " must have one entry per input dim (", x.size(), ")");
  Shape out(x.size());
  for (size_t a = 0; a < x.size(); ++a) {
    if (repeats[a] < 0) ctx.fail("repeats ", shape_to_string(repeats), " has a negative entry");
    if (repeats[a] > 0 && x[a] > (int64_t{1} << 40) / repeats[a]) ctx.fail("repeats make the output too large");
    out[a] = x[a] * repeats[a];
  }
  ctx.set_output(0, ctx.input_dtype(0), out);
}

}  // namespace

extern const OpRules kOp_Expand = {2, 2, 1, 1, infer_expand, nullptr,
    /*non_trainable_inputs=*/0, /*shape_inputs=*/1u << 1};
extern const OpRules kOp_Tile = {2, 2, 1, 1, infer_tile, nullptr,
    /*non_trainable_inputs=*/0, /*shape_inputs=*/1u << 1};

}  // namespace nnslim
