// Resize and its predecessor Upsample: out[i] = floor(d[i] * scale[i]), or
// the `sizes` input directly (Resize 11+).
//   Upsample 7: `scales` attribute; Upsample 9 and Resize 10: `scales` input.
//   Resize 11+: inputs X, roi, scales, sizes: exactly one of scales / sizes
//   non-empty (an empty tensor counts as absent). Resize 18+: `axes` limits
//   scales/sizes to those axes; keep_aspect_ratio_policy not_larger /
//   not_smaller scales every listed axis by one factor,
//   min / max(sizes[i] / d[i]), with out = round(d * factor).
// Modes: nearest, linear (bilinear in Upsample 7). Cubic is not supported.
// The products are computed in double, as ONNX's reference (numpy) does.
// Cost: nearest copies (0 ops); linear blends 2^r corners per output element
// over r resized axes: 2^r - 1 lerps of 3 ops (subtract, multiply, add).
#include <algorithm>
#include <cmath>

#include "ops/op_helpers.h"

namespace nnslim {
namespace {

void check_mode(const InferContext& ctx) {
  const std::string mode = ctx.node().attr_string("mode", "nearest");
  if (mode != "nearest" && mode != "linear" && mode != "bilinear")
    ctx.fail(ErrorCode::UnsupportedOp, "mode '", mode, "' is not supported (nearest, linear)");
}

std::vector<double> constant_floats(const InferContext& ctx, size_t i, const char* what) {
  const Tensor* t = ctx.input_constant(i);
  if (!t) ctx.fail(what, " (input ", i, ") must be a constant");
  if (!dtype_is_float(t->dtype) || t->dtype == DType::Float16 || t->dtype == DType::BFloat16)
    ctx.fail(what, " must be float32 or float64, got ", dtype_name(t->dtype));
  std::vector<double> v(static_cast<size_t>(t->numel()));
  for (size_t k = 0; k < v.size(); ++k) v[k] = t->float_at(static_cast<int64_t>(k));
  return v;
}

Shape scaled_shape(const InferContext& ctx, const Shape& x, const std::vector<double>& scales) {
  if (scales.size() != x.size()) ctx.fail("scales has ", scales.size(), " values, expected ", x.size(), " (the input's rank)");
  Shape out(x.size());
  for (size_t a = 0; a < x.size(); ++a) {
    if (!(scales[a] > 0) || scales[a] > 1e6) ctx.fail("scale ", scales[a], " must be positive");
    out[a] = static_cast<int64_t>(std::floor(static_cast<double>(x[a]) * scales[a]));
  }
  return out;
}

bool present_nonempty(const InferContext& ctx, size_t i) {
  return ctx.has_input(i) && shape_numel(ctx.input_shape(i)) > 0;
}

void infer_resize(InferContext& ctx) {
  check_mode(ctx);
  const Shape& x = ctx.input_shape(0);
  const int64_t rank = static_cast<int64_t>(x.size());
  if (ctx.opset() < 11) {
    if (ctx.input_count() != 2) ctx.fail("Resize-10 takes inputs X and scales");
    ctx.set_output(0, ctx.input_dtype(0), scaled_shape(ctx, x, constant_floats(ctx, 1, "scales")));
    return;
  }
  const bool has_scales = present_nonempty(ctx, 2), has_sizes = present_nonempty(ctx, 3);
  if (has_scales == has_sizes) ctx.fail("exactly one of scales and sizes must be given");
  // axes (opset 18): which dims scales/sizes describe; the rest keep their size.
  std::vector<int64_t> axes = ctx.node().attr_ints("axes");
  if (axes.empty())
    for (int64_t a = 0; a < rank; ++a) axes.push_back(a);
  std::vector<bool> seen(x.size(), false);
  for (int64_t& a : axes) {
    a = ctx.normalize_axis(a, rank, "axes entry");
    if (seen[static_cast<size_t>(a)]) ctx.fail("axis ", a, " is listed twice");
    seen[static_cast<size_t>(a)] = true;
  }
  Shape out = x;
  if (has_scales) {
    const std::vector<double> scales = constant_floats(ctx, 2, "scales");
    if (scales.size() != axes.size()) ctx.fail("scales has ", scales.size(), " values, expected ", axes.size());
    Shape sub(axes.size());
    for (size_t i = 0; i < axes.size(); ++i) sub[i] = x[static_cast<size_t>(axes[i])];
    const Shape scaled = scaled_shape(ctx, sub, scales);
    for (size_t i = 0; i < axes.size(); ++i) out[static_cast<size_t>(axes[i])] = scaled[i];
  } else {
    const std::vector<int64_t> sizes = ctx.input_ints(3, "sizes");
    if (sizes.size() != axes.size()) ctx.fail("sizes has ", sizes.size(), " values, expected ", axes.size());
    for (int64_t s : sizes)
      if (s < 0) ctx.fail("sizes ", shape_to_string(sizes), " has a negative entry");
    const std::string policy = ctx.node().attr_string("keep_aspect_ratio_policy", "stretch");
    if (policy == "stretch") {
      for (size_t i = 0; i < axes.size(); ++i) out[static_cast<size_t>(axes[i])] = sizes[i];
    } else if (policy == "not_larger" || policy == "not_smaller") {
      double factor = policy == "not_larger" ? HUGE_VAL : 0;
      for (size_t i = 0; i < axes.size(); ++i) {
        const double ratio = static_cast<double>(sizes[i]) / static_cast<double>(x[static_cast<size_t>(axes[i])]);
        factor = policy == "not_larger" ? std::min(factor, ratio) : std::max(factor, ratio);
      }
      for (int64_t a : axes)
        out[static_cast<size_t>(a)] = static_cast<int64_t>(std::round(static_cast<double>(x[static_cast<size_t>(a)]) * factor));
    } else {
      ctx.fail("keep_aspect_ratio_policy '", policy, "' is not valid");
    }
  }
  ctx.set_output(0, ctx.input_dtype(0), out);
}

void infer_upsample(InferContext& ctx) {
  check_mode(ctx);
  const Shape& x = ctx.input_shape(0);
  std::vector<double> scales;
  if (ctx.opset() < 9) {
    if (ctx.input_count() > 1) ctx.fail("before opset 9 scales is an attribute, not an input");
    for (float s : ctx.node().attr_floats("scales")) scales.push_back(s);
  } else {
    if (!ctx.has_input(1)) ctx.fail("input scales is required");
    scales = constant_floats(ctx, 1, "scales");
  }
  for (double s : scales)
    if (s < 1) ctx.fail("Upsample scale ", s, " must be >= 1");
  ctx.set_output(0, ctx.input_dtype(0), scaled_shape(ctx, x, scales));
}

OpCost cost_resize(const Graph& graph, const Node& node) {
  OpCost cost;
  if (node.attr_string("mode", "nearest") == "nearest") return cost;
  const Shape& x = graph.value(node.inputs[0]).shape;
  const Shape& y = graph.value(node.outputs[0]).shape;
  int64_t resized_axes = 0;
  for (size_t a = 0; a < x.size() && a < y.size(); ++a) resized_axes += x[a] != y[a];
  cost.elementwise_ops = shape_numel(y) * 3 * ((int64_t{1} << std::min<int64_t>(resized_axes, 20)) - 1);
  return cost;
}

}  // namespace

extern const OpRules kOp_Resize = {1, 4, 1, 1, infer_resize, cost_resize,
    /*non_trainable_inputs=*/0, /*shape_inputs=*/0b1110u};
extern const OpRules kOp_Upsample = {1, 2, 1, 1, infer_upsample, cost_resize,
    /*non_trainable_inputs=*/0, /*shape_inputs=*/1u << 1};

}  // namespace nnslim
