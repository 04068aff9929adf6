// BatchNormalization (inference): Y = scale * (X - mean) / sqrt(var + eps) + B,
// per channel (dim 1). Inputs: X, scale, B, mean, var. mean/var are the
// moving statistics: non-trainable parameters, as Keras counts them.
#include "ops/op_helpers.h"

namespace nnslim {
namespace {

void infer_batch_norm(InferContext& ctx) {
  const Shape& x = ctx.input_shape(0);
  if (x.size() < 2) ctx.fail("input X must have rank >= 2, got ", shape_to_string(x));
  for (size_t i = 1; i <= 4; ++i) {
    const Shape& p = ctx.input_shape(i);
    if (p.size() != 1 || p[0] != x[1])
      ctx.fail("input ", i, " has shape ", shape_to_string(p), ", expected [", x[1], "] (one per channel)");
  }
  // Outputs 1..4 (running mean and variance; saved mean and variance before
  // opset 14) are training-mode outputs: ONNX defines no value for them at
  // inference ("when training_mode=False, extra outputs are invalid"). Read
  // by a node or returned, the runtime handed back an arena buffer nothing
  // wrote (stale bytes; the reference gave zeros): found by the fuzzers'
  // reference oracle, so such a model is refused. Outputs only named (as
  // exporters of opsets < 14 write them) were dropped when the Model was
  // made (passes/drop_unread_training_outputs.h).
  // training_mode = 1 itself is refused when the node runs (the reference's
  // UNSUPPORTED_OP), so only inference mode is checked here.
  if (ctx.node().attr_int("training_mode", 0) == 0)
    for (size_t i = 1; i < ctx.output_count(); ++i)
      if (ctx.output_read(i))
        ctx.fail(ErrorCode::InvalidModel, "output ", i, " exists only in training mode (training_mode = 1), which nnslim does not run; "
                 "at inference BatchNormalization has one output");
  ctx.set_output(0, ctx.input_dtype(0), x);
}

// Folded at inference into a per-channel multiply-add: 2 elementwise ops per
// element, no MACs (a standalone BN is not a matrix product).
OpCost cost_batch_norm(const Graph& graph, const Node& node) {
  OpCost cost;
  cost.elementwise_ops = 2 * shape_numel(graph.value(node.outputs[0]).shape);
  return cost;
}

}  // namespace

extern const OpRules kOp_BatchNormalization = {
    5, 5, 1, 5, infer_batch_norm, cost_batch_norm,
    /*non_trainable_inputs=*/(1u << 3) | (1u << 4)};

}  // namespace nnslim
