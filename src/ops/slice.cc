// Slice (ONNX semantics). Before opset 10: starts/ends/axes attributes, step 1.
// From 10: constant inputs starts, ends, optional axes, optional steps.
// Per sliced axis with size d (negative starts/ends count from the end first):
//   step > 0: start, end clamped to [0, d];       len = ceil((end - start) / step)
//   step < 0: start clamped to [0, d-1], end to [-1, d-1]; len = ceil((start - end) / -step)
// (len floored at 0). Folds small constants. Cost: none (data movement).
#include <algorithm>

#include "ops/op_helpers.h"

namespace nnslim {
namespace {

void infer_slice(InferContext& ctx) {
  const Shape& x = ctx.input_shape(0);
  const int64_t rank = static_cast<int64_t>(x.size());
  std::vector<int64_t> starts, ends, axes, steps;
  if (ctx.opset() < 10) {
    if (ctx.input_count() > 1) ctx.fail("before opset 10 starts/ends are attributes, not inputs");
    if (!ctx.node().has_attr("starts") || !ctx.node().has_attr("ends")) ctx.fail("attributes starts and ends are required");
    starts = ctx.node().attr_ints("starts");
    ends = ctx.node().attr_ints("ends");
    axes = ctx.node().attr_ints("axes");
  } else {
    if (ctx.input_count() < 3) ctx.fail("inputs starts and ends are required");
    starts = ctx.input_ints(1, "starts");
    ends = ctx.input_ints(2, "ends");
    if (ctx.has_input(3)) axes = ctx.input_ints(3, "axes");
    if (ctx.has_input(4)) steps = ctx.input_ints(4, "steps");
  }
  if (axes.empty())
    for (size_t i = 0; i < starts.size(); ++i) axes.push_back(static_cast<int64_t>(i));
  if (steps.empty()) steps.assign(starts.size(), 1);
  if (ends.size() != starts.size() || axes.size() != starts.size() || steps.size() != starts.size())
    ctx.fail("starts, ends, axes and steps have different lengths (", starts.size(), ", ", ends.size(), ", ",
             axes.size(), ", ", steps.size(), ")");
  Shape out = x;
  std::vector<bool> seen(x.size(), false);
  for (size_t i = 0; i < starts.size(); ++i) {
    const size_t a = static_cast<size_t>(ctx.normalize_axis(axes[i], rank));
    if (seen[a]) ctx.fail("axis ", axes[i], " is sliced twice");
    seen[a] = true;
    const int64_t d = x[a];
    int64_t step = steps[i];
    if (step == 0) ctx.fail("step must not be 0");
    // A step longer than the axis takes at most one element; clamping it
    // keeps -step and the index arithmetic below free of int64 overflow.
    if (step < -d - 1) step = -d - 1;
    if (step > d + 1) step = d + 1;
    int64_t start = starts[i] < 0 ? starts[i] + d : starts[i];
    int64_t end = ends[i] < 0 ? ends[i] + d : ends[i];
    int64_t len;
    if (step > 0) {
      start = std::clamp<int64_t>(start, 0, d);
      end = std::clamp<int64_t>(end, 0, d);
      len = end > start ? (end - start - 1) / step + 1 : 0;
    } else {
      start = std::clamp<int64_t>(start, 0, d - 1);
      end = std::clamp<int64_t>(end, -1, d - 1);
      len = start > end ? (start - end - 1) / -step + 1 : 0;
    }
    out[a] = len;
  }
  ctx.set_output(0, ctx.input_dtype(0), out);
}

}  // namespace

extern const OpRules kOp_Slice = {1, 5, 1, 1, infer_slice, nullptr,
    /*non_trainable_inputs=*/0, /*shape_inputs=*/0b11110u};

}  // namespace nnslim
