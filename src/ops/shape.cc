// Shape: the input's dims as a 1-D int64 tensor, sliced by start/end
// (opset 15; negative values count from the end, then clamp to [0, rank]).
// Always folds: shapes are static once the batch size is bound.
// Cost: none.
#include <algorithm>

#include "ops/op_helpers.h"

namespace nnslim {
namespace {

void infer_shape(InferContext& ctx) {
  const Shape& x = ctx.input_shape(0);
  const int64_t rank = static_cast<int64_t>(x.size());
  auto clamp_index = [rank](int64_t i) { return std::clamp<int64_t>(i < 0 ? i + rank : i, 0, rank); };
  const int64_t start = clamp_index(ctx.node().attr_int("start", 0));
  const int64_t end = clamp_index(ctx.node().attr_int("end", rank));
  Shape dims;
  for (int64_t i = start; i < end; ++i) dims.push_back(x[static_cast<size_t>(i)]);
  for (int64_t d : dims)
    if (d < 0) ctx.fail("input shape ", shape_to_string(x), " is not static: bind the batch size first");
  ctx.set_output_constant(0, Tensor::from_int64(dims, {static_cast<int64_t>(dims.size())}));
}

}  // namespace

extern const OpRules kOp_Shape = {1, 1, 1, 1, infer_shape, nullptr};

}  // namespace nnslim
