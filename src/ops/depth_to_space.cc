// DepthToSpace and SpaceToDepth: move blocks of `blocksize` x `blocksize`
// pixels between the channel axis and the spatial axes of an NCHW tensor.
//   DepthToSpace: [N, C, H, W] -> [N, C / b^2, H * b, W * b]; `mode` DCR (the
//     default: depth, column, row order of the channel index) or CRD (opset 11+).
//   SpaceToDepth: [N, C, H, W] -> [N, C * b^2, H / b, W / b]; H, W divisible by b.
// Cost: none (data movement).
#include "ops/op_helpers.h"

namespace nnslim {
namespace {

int64_t checked_blocksize(const InferContext& ctx) {
  if (ctx.input_rank(0) != 4) ctx.fail("input must be 4-D (NCHW), got ", shape_to_string(ctx.input_shape(0)));
  if (!ctx.node().has_attr("blocksize")) ctx.fail("attribute 'blocksize' is required");
  const int64_t b = ctx.node().attr_int("blocksize", 0);
  if (b <= 0 || b > (int64_t{1} << 15)) ctx.fail("blocksize ", b, " must be in [1, 32768]");
  return b;
}

void infer_depth_to_space(InferContext& ctx) {
  const int64_t b = checked_blocksize(ctx);
  const std::string mode = ctx.node().attr_string("mode", "DCR");
  if (mode != "DCR" && mode != "CRD") ctx.fail("mode '", mode, "' is not DCR or CRD");
  if (mode == "CRD" && ctx.opset() < 11) ctx.fail("mode CRD needs opset 11");
  const Shape& x = ctx.input_shape(0);
  if (x[1] % (b * b) != 0) ctx.fail("channels ", x[1], " are not divisible by blocksize^2 = ", b * b);
  ctx.set_output(0, ctx.input_dtype(0), {x[0], x[1] / (b * b), x[2] * b, x[3] * b});
}

void infer_space_to_depth(InferContext& ctx) {
  const int64_t b = checked_blocksize(ctx);
  const Shape& x = ctx.input_shape(0);
  if (x[2] % b != 0 || x[3] % b != 0)
    ctx.fail("height ", x[2], " and width ", x[3], " must be divisible by blocksize ", b);
  ctx.set_output(0, ctx.input_dtype(0), {x[0], x[1] * b * b, x[2] / b, x[3] / b});
}

}  // namespace

extern const OpRules kOp_DepthToSpace = {1, 1, 1, 1, infer_depth_to_space, nullptr};
extern const OpRules kOp_SpaceToDepth = {1, 1, 1, 1, infer_space_to_depth, nullptr};

}  // namespace nnslim
