// Concat along `axis` (required from opset 4, default 1 before): every input
// has the same rank, dtype, and dims except along axis. Folds small constants
// (Concat of Unsqueezed dims is how exporters assemble a Reshape target).
// Cost: none (data movement).
#include "ops/op_fold.h"
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
  if (!can_fold(ctx, out)) return;
  // Row-major: the output is `outer` rows, each the inputs' axis blocks in turn.
  int64_t outer = 1, inner = 1;
  for (size_t a = 0; a < axis; ++a) outer *= out[a];
  for (size_t a = axis + 1; a < out.size(); ++a) inner *= out[a];
  TensorPtr result = make_tensor(ctx.input_dtype(0), out);
  const size_t elem = dtype_size(ctx.input_dtype(0));
  size_t offset = 0;
  for (int64_t o = 0; o < outer; ++o)
    for (size_t i = 0; i < ctx.input_count(); ++i) {
      const Tensor& t = *ctx.input_constant(i);
      const size_t block = static_cast<size_t>(t.dims[axis] * inner) * elem;
      std::copy(t.bytes.begin() + static_cast<std::ptrdiff_t>(static_cast<size_t>(o) * block),
                t.bytes.begin() + static_cast<std::ptrdiff_t>(static_cast<size_t>(o + 1) * block),
                result->bytes.begin() + static_cast<std::ptrdiff_t>(offset));
      offset += block;
    }
  ctx.set_output_constant(0, result);
}

}  // namespace

extern const OpDef kOp_Concat = {"Concat", 1, -1, 1, 1, infer_concat, nullptr};

}  // namespace nnslim
