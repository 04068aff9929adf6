// Ops that change only the dims, never the data order: Reshape, Flatten,
// Squeeze, Unsqueeze. Each folds when its inputs are small constants.
// Cost: none (data movement).
#include <algorithm>

#include "ops/op_helpers.h"

namespace nnslim {
namespace {

// Reshape: target from the `shape` attribute (opset < 5) or the constant
// `shape` input. 0 copies the input dim at that index (unless allowzero=1,
// opset 14+, where 0 is a real zero-sized dim); one -1 takes what is left.
void infer_reshape(InferContext& ctx) {
  const Shape& x = ctx.input_shape(0);
  Shape target;
  if (ctx.opset() < 5) {
    if (ctx.input_count() > 1) ctx.fail("before opset 5 the target shape is an attribute, not an input");
    target = ctx.node().attr_ints("shape");
  } else {
    if (!ctx.has_input(1)) ctx.fail("input 'shape' is required");
    if (ctx.input_rank(1) != 1) ctx.fail("shape input must be 1-D, got ", shape_to_string(ctx.input_shape(1)));
    target = ctx.input_ints(1, "shape");
  }
  const bool allow_zero = ctx.node().attr_int("allowzero", 0) != 0;
  int64_t known = 1;
  int inferred = -1;
  for (size_t i = 0; i < target.size(); ++i) {
    int64_t& d = target[i];
    if (d == 0 && !allow_zero) {
      if (i >= x.size()) ctx.fail("shape ", shape_to_string(target), " copies dim ", i, " (0) but the input ",
                                  shape_to_string(x), " has rank ", x.size());
      d = x[i];
    }
    if (d == -1) {
      if (inferred >= 0) ctx.fail("shape ", shape_to_string(target), " has more than one -1");
      inferred = static_cast<int>(i);
      continue;
    }
    if (d < 0) ctx.fail("shape ", shape_to_string(target), " has an invalid dim ", d);
    if (d > 0 && known > (int64_t{1} << 40) / d) ctx.fail("shape ", shape_to_string(target), " is too large");
    known *= d;
  }
  const int64_t numel = shape_numel(x);
  if (inferred >= 0) {
    if (known == 0) ctx.fail("cannot infer the -1 in ", shape_to_string(target), ": the other dims hold 0 elements");
    if (numel % known != 0)
      ctx.fail("cannot reshape ", shape_to_string(x), " to ", shape_to_string(target), ": ", numel,
               " elements are not a multiple of ", known);
    target[static_cast<size_t>(inferred)] = numel / known;
  } else if (known != numel) {
    ctx.fail("cannot reshape ", shape_to_string(x), " (", numel, " elements) to ", shape_to_string(target), " (",
             known, " elements)");
  }
  ctx.set_output(0, ctx.input_dtype(0), target);
}

// Flatten: [prod(dims before axis), prod(dims from axis)], axis in [-r, r].
void infer_flatten(InferContext& ctx) {
  const Shape& x = ctx.input_shape(0);
  const int64_t rank = static_cast<int64_t>(x.size());
  int64_t axis = ctx.node().attr_int("axis", 1);
  if (axis < -rank || axis > rank) ctx.fail("axis ", axis, " is out of range for rank ", rank);
  if (axis < 0) axis += rank;
  const Shape out{shape_numel(Shape(x.begin(), x.begin() + axis)), shape_numel(Shape(x.begin() + axis, x.end()))};
  ctx.set_output(0, ctx.input_dtype(0), out);
}

// Axes of Squeeze/Unsqueeze: attribute before opset 13, input from 13.
std::vector<int64_t> squeeze_axes(const InferContext& ctx, bool* given) {
  if (ctx.opset() < 13) {
    if (ctx.input_count() > 1) ctx.fail("before opset 13 axes is an attribute, not an input");
    *given = ctx.node().has_attr("axes");
    return ctx.node().attr_ints("axes");
  }
  if (ctx.node().has_attr("axes")) ctx.fail("from opset 13 axes is an input, not an attribute");
  *given = ctx.has_input(1);
  return *given ? ctx.input_ints(1, "axes") : std::vector<int64_t>();
}

void infer_squeeze(InferContext& ctx) {
  const Shape& x = ctx.input_shape(0);
  bool given = false;
  const std::vector<int64_t> axes = squeeze_axes(ctx, &given);
  std::vector<bool> drop(x.size(), false);
  if (axes.empty()) {
    for (size_t a = 0; a < x.size(); ++a) drop[a] = x[a] == 1;  // every size-1 dim
  }
  for (int64_t axis : axes) {
    const size_t a = static_cast<size_t>(ctx.normalize_axis(axis, static_cast<int64_t>(x.size())));
    if (x[a] != 1) ctx.fail("cannot squeeze axis ", axis, " of ", shape_to_string(x), ": its size is not 1");
    if (drop[a]) ctx.fail("axis ", axis, " is listed twice");
    drop[a] = true;
  }
  Shape out;
  for (size_t a = 0; a < x.size(); ++a)
    if (!drop[a]) out.push_back(x[a]);
  ctx.set_output(0, ctx.input_dtype(0), out);
}

// Unsqueeze: axes index the *output* (rank r + len(axes)); size-1 dims go there.
void infer_unsqueeze(InferContext& ctx) {
  const Shape& x = ctx.input_shape(0);
  bool given = false;
  const std::vector<int64_t> axes = squeeze_axes(ctx, &given);
  if (!given || axes.empty()) ctx.fail("axes are required");
  const int64_t out_rank = static_cast<int64_t>(x.size() + axes.size());
  std::vector<bool> inserted(static_cast<size_t>(out_rank), false);
  for (int64_t axis : axes) {
    const size_t a = static_cast<size_t>(ctx.normalize_axis(axis, out_rank));
    if (inserted[a]) ctx.fail("axis ", axis, " is listed twice");
    inserted[a] = true;
  }
  Shape out;
  size_t next = 0;
  for (size_t a = 0; a < inserted.size(); ++a) out.push_back(inserted[a] ? 1 : x[next++]);
  ctx.set_output(0, ctx.input_dtype(0), out);
}

}  // namespace

extern const OpRules kOp_Flatten = {1, 1, 1, 1, infer_flatten, nullptr};
extern const OpRules kOp_Reshape = {1, 2, 1, 1, infer_reshape, nullptr,
    /*non_trainable_inputs=*/0, /*shape_inputs=*/1u << 1};
extern const OpRules kOp_Squeeze = {1, 2, 1, 1, infer_squeeze, nullptr,
    /*non_trainable_inputs=*/0, /*shape_inputs=*/1u << 1};
extern const OpRules kOp_Unsqueeze = {1, 2, 1, 1, infer_unsqueeze, nullptr,
    /*non_trainable_inputs=*/0, /*shape_inputs=*/1u << 1};

}  // namespace nnslim
