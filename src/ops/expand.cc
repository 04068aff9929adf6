// Expand(input, shape): out = numpy broadcast of input's dims and `shape`
// (either side may be 1). Tile(input, repeats): out[i] = d[i] * repeats[i].
// `shape` / `repeats` must be constants (folded shape arithmetic counts).
// Both fold small constants. Cost: none (data movement).
#include "ops/op_fold.h"
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
  if (!can_fold(ctx, out)) return;
  const Tensor& in = *ctx.input_constant(0);
  ctx.set_output_constant(0, gather_elements(in, broadcast_source_indices(in.dims, out), out));
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
  if (!can_fold(ctx, out)) return;
  // Output index i along each axis reads input index i mod d.
  const Shape in_strides = row_major_strides(x);
  const int64_t n = shape_numel(out);
  std::vector<int64_t> source(static_cast<size_t>(n));
  Shape index(x.size(), 0);
  for (int64_t e = 0; e < n; ++e) {
    int64_t src = 0;
    for (size_t a = 0; a < x.size(); ++a) src += (index[a] % x[a]) * in_strides[a];
    source[static_cast<size_t>(e)] = src;
    for (size_t a = x.size(); a-- > 0;) {
      if (++index[a] < out[a]) break;
      index[a] = 0;
    }
  }
  ctx.set_output_constant(0, gather_elements(*ctx.input_constant(0), source, out));
}

}  // namespace

extern const OpDef kOp_Expand = {"Expand", 2, 2, 1, 1, infer_expand, nullptr};
extern const OpDef kOp_Tile = {"Tile", 2, 2, 1, 1, infer_tile, nullptr};

}  // namespace nnslim
