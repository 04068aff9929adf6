// Split along `axis` (default 0) into the node's outputs. Sizes come from, in
// order: the `split` attribute (before opset 13) or input (13+); num_outputs
// (opset 18: chunks of ceil(d / n), the last one smaller); else equal parts,
// which must divide d. Cost: none (data movement).
#include "ops/op_helpers.h"

namespace nnslim {
namespace {

void infer_split(InferContext& ctx) {
  const Shape& x = ctx.input_shape(0);
  const size_t axis = static_cast<size_t>(ctx.normalize_axis(ctx.node().attr_int("axis", 0), static_cast<int64_t>(x.size())));
  const int64_t d = x[axis];
  const int64_t outputs = static_cast<int64_t>(ctx.output_count());
  std::vector<int64_t> sizes;
  if (ctx.opset() < 13) {
    if (ctx.input_count() > 1) ctx.fail("before opset 13 split is an attribute, not an input");
    sizes = ctx.node().attr_ints("split");
  } else if (ctx.has_input(1)) {
    if (ctx.node().has_attr("num_outputs")) ctx.fail("give either the split input or num_outputs, not both");
    sizes = ctx.input_ints(1, "split");
  }
  if (sizes.empty() && ctx.node().has_attr("num_outputs")) {
    const int64_t n = ctx.node().attr_int("num_outputs", 0);
    if (n != outputs) ctx.fail("num_outputs ", n, " but the node has ", outputs, " outputs");
    const int64_t chunk = (d + n - 1) / n;
    if (chunk * (n - 1) >= d && d > 0) ctx.fail("cannot split ", d, " into ", n, " chunks of ", chunk);
    sizes.assign(static_cast<size_t>(n), chunk);
    sizes.back() = d - chunk * (n - 1);
  } else if (sizes.empty()) {
    if (d % outputs != 0) ctx.fail("axis ", axis, " of size ", d, " does not split evenly into ", outputs, " outputs");
    sizes.assign(static_cast<size_t>(outputs), d / outputs);
  }
  if (static_cast<int64_t>(sizes.size()) != outputs)
    ctx.fail("split has ", sizes.size(), " sizes but the node has ", outputs, " outputs");
  int64_t total = 0;
  for (int64_t s : sizes) {
    if (s < 0 || s > d) ctx.fail("split size ", s, " is outside [0, ", d, "]");
    total += s;
  }
  if (total != d) ctx.fail("split sizes sum to ", total, " but axis ", axis, " has size ", d);

  for (size_t k = 0; k < sizes.size(); ++k) {
    Shape out = x;
    out[axis] = sizes[k];
    ctx.set_output(k, ctx.input_dtype(0), out);
  }
}

}  // namespace

extern const OpRules kOp_Split = {1, 2, 1, 65535, infer_split, nullptr,
    /*non_trainable_inputs=*/0, /*shape_inputs=*/1u << 1};

}  // namespace nnslim
