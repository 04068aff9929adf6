// Transpose: out[i] = in[perm[i]] dims; perm defaults to reversed axes.
// Folds small constants. Cost: none (data movement).
#include "ops/op_helpers.h"

namespace nnslim {
namespace {

void infer_transpose(InferContext& ctx) {
  const Shape& x = ctx.input_shape(0);
  const size_t rank = x.size();
  Shape reversed(rank);
  for (size_t i = 0; i < rank; ++i) reversed[i] = static_cast<int64_t>(rank - 1 - i);
  const Shape perm = ctx.node().attr_ints("perm", reversed);
  if (perm.size() != rank) ctx.fail("perm ", shape_to_string(perm), " must have ", rank, " entries (the input's rank)");
  std::vector<bool> seen(rank, false);
  Shape out(rank);
  for (size_t i = 0; i < rank; ++i) {
    if (perm[i] < 0 || perm[i] >= static_cast<int64_t>(rank) || seen[static_cast<size_t>(perm[i])])
      ctx.fail("perm ", shape_to_string(perm), " is not a permutation of 0..", rank - 1);
    seen[static_cast<size_t>(perm[i])] = true;
    out[i] = x[static_cast<size_t>(perm[i])];
  }
  ctx.set_output(0, ctx.input_dtype(0), out);
}

}  // namespace

extern const OpRules kOp_Transpose = {1, 1, 1, 1, infer_transpose, nullptr};

}  // namespace nnslim
