// Pad: pads = [x1_begin, x2_begin, ..., x1_end, x2_end, ...]; out = d + begin + end
// (negative pads crop). Before opset 11: `pads`/`value` attributes; from 11:
// constant `pads` input, optional constant_value input, optional axes input
// (opset 18: pads then cover only those axes). Modes: constant, reflect, edge.
// Cost: none (data movement).
#include "ops/op_helpers.h"

namespace nnslim {
namespace {

void infer_pad(InferContext& ctx) {
  const Shape& x = ctx.input_shape(0);
  const int64_t rank = static_cast<int64_t>(x.size());
  const std::string mode = ctx.node().attr_string("mode", "constant");
  if (mode != "constant" && mode != "reflect" && mode != "edge")
    ctx.fail(ErrorCode::UnsupportedOp, "mode '", mode, "' is not supported (constant, reflect, edge)");
  std::vector<int64_t> pads, axes;
  if (ctx.opset() < 11) {
    if (ctx.input_count() > 1) ctx.fail("before opset 11 pads is an attribute, not an input");
    if (!ctx.node().has_attr("pads")) ctx.fail("attribute pads is required");
    pads = ctx.node().attr_ints("pads");
  } else {
    if (!ctx.has_input(1)) ctx.fail("input pads is required");
    pads = ctx.input_ints(1, "pads");
    if (ctx.has_input(2) && shape_numel(ctx.input_shape(2)) != 1)
      ctx.fail("constant_value must be a scalar, got shape ", shape_to_string(ctx.input_shape(2)));
    if (ctx.has_input(3)) axes = ctx.input_ints(3, "axes");
  }
  if (axes.empty())
    for (int64_t a = 0; a < rank; ++a) axes.push_back(a);
  const size_t n = axes.size();
  if (pads.size() != 2 * n) ctx.fail("pads has ", pads.size(), " values, expected ", 2 * n);
  Shape out = x;
  std::vector<bool> seen(x.size(), false);
  for (size_t i = 0; i < n; ++i) {
    const size_t a = static_cast<size_t>(ctx.normalize_axis(axes[i], rank));
    if (seen[a]) ctx.fail("axis ", axes[i], " is listed twice");
    seen[a] = true;
    constexpr int64_t kMaxPad = int64_t{1} << 40;  // keeps the sum below from overflowing
    if (pads[i] > kMaxPad || pads[i] < -kMaxPad || pads[i + n] > kMaxPad || pads[i + n] < -kMaxPad)
      ctx.fail("pads ", shape_to_string(pads), " are too large");
    out[a] = x[a] + pads[i] + pads[i + n];
    if (out[a] < 0) ctx.fail("pads ", shape_to_string(pads), " crop axis ", a, " of ", shape_to_string(x), " below 0");
    if (mode != "constant" && x[a] == 0 && out[a] > 0)
      ctx.fail("mode '", mode, "' cannot pad the empty axis ", a);
  }
  ctx.set_output(0, ctx.input_dtype(0), out);
}

}  // namespace

extern const OpRules kOp_Pad = {1, 4, 1, 1, infer_pad, nullptr,
    /*non_trainable_inputs=*/0, /*shape_inputs=*/(1u << 1) | (1u << 3)};

}  // namespace nnslim
