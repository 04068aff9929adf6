#include "runtime/lowering.h"

#include <algorithm>

#include "core/error.h"
#include "runtime/lowering_context.h"
#include "runtime/step_reason.h"
#include "runtime/steps/alias_step.h"
#include "runtime/steps/batch_norm_step.h"
#include "runtime/steps/concat_step.h"
#include "runtime/steps/constant_of_shape_step.h"
#include "runtime/steps/cast_step.h"
#include "runtime/steps/conv_step.h"
#include "runtime/steps/conv_transpose_step.h"
#include "runtime/steps/copy_step.h"
#include "runtime/steps/dwconv_step.h"
#include "runtime/steps/elementwise_step.h"
#include "runtime/steps/expand_step.h"
#include "runtime/steps/gather_step.h"
#include "runtime/steps/pad_step.h"
#include "runtime/steps/pow_step.h"
#include "runtime/steps/qdq_step.h"
#include "runtime/steps/pool_step.h"
#include "runtime/steps/qs8_add_step.h"
#include "runtime/steps/qs8_block_sparse_step.h"
#include "runtime/steps/qs8_concat_step.h"
#include "runtime/steps/qs8_conv_step.h"
#include "runtime/steps/qs8_gemm_step.h"
#include "runtime/steps/qs8_lut_step.h"
#include "runtime/steps/qs8_mul_step.h"
#include "runtime/steps/qs8_pool_step.h"
#include "runtime/steps/qs8_resize_step.h"
#include "runtime/steps/qs8_transpose_step.h"
#include "runtime/steps/quantize_step.h"
#include "runtime/steps/reduce_step.h"
#include "runtime/steps/gemm_step.h"
#include "runtime/steps/layernorm_pattern.h"
#include "runtime/steps/layernorm_step.h"
#include "runtime/steps/matmul_step.h"
#include "runtime/steps/reference_step.h"
#include "runtime/steps/resize_step.h"
#include "runtime/steps/slice_step.h"
#include "runtime/steps/select_compare_step.h"
#include "runtime/steps/softmax_step.h"
#include "runtime/steps/transpose_step.h"
#include "runtime/steps/weight_only_gemm_step.h"

namespace nnslim {

namespace {
// A fast lowering takes node `n` (and possibly fuses its successors, marking
// them in ctx.node_done) and returns its step, or nullptr to decline.
using FastLowering = std::unique_ptr<Step> (*)(LoweringContext& ctx, int n);

const FastLowering kFastLowerings[] = {
    // int8 QDQ patterns first: they read the int8 tensors behind DequantizeLinear
    // (docs/quantization.md); anything they decline runs in f32 below.
    lower_qs8_block_sparse,  // before the dense int8 convs/GEMMs: it declines weights not block-sparse enough
    lower_qs8_conv,
    lower_qs8_gemm,
    lower_qs8_add,
    lower_weight_only_gemm,  // int8 weights (DequantizeLinear of a constant) under f32 activations
    lower_weight_only_conv1x1,
    lower_qs8_pool,
    lower_qs8_global_average_pool,
    lower_qs8_concat,
    lower_qs8_lut,
    lower_qs8_reshape,
    lower_qs8_resize_nearest,
    lower_qs8_resize_bilinear,
    lower_qs8_transpose,
    lower_qs8_slice,
    lower_qs8_mul,
    lower_quantize_linear,
    lower_dequantize_linear,
    lower_depthwise_conv_nhwc,  // before lower_conv_nhwc: it declines depthwise convs
    lower_conv_nhwc,
    lower_conv_transpose_nhwc,
    lower_gemm,  // before lower_matmul_dynamic: it packs a constant 2-D B at compile time
    lower_matmul_dynamic,
    lower_pool_nhwc,
    lower_global_average_pool_nhwc,
    lower_binary_elementwise,
    lower_unary_elementwise,
    lower_reshape_copy,
    lower_layout_transpose,  // before lower_transpose: NCHW<->NHWC perms are layout changes
    lower_transpose,
    lower_softmax_last_axis,
    lower_layer_normalization,
    lower_layernorm_pattern,  // before lower_reduce: it starts at the chain's first ReduceMean
    lower_resize_nhwc,
    lower_concat,
    lower_slice,
    lower_split,
    lower_pad,
    lower_expand,
    lower_tile,
    lower_gather,
    lower_constant_of_shape,
    lower_dropout_with_mask,
    lower_compare_logic,
    lower_where,
    lower_cast,
    lower_reduce,
    lower_argmax,
    lower_pow,
    lower_batch_normalization,
    lower_qdq_per_tensor,
};
// Shape inference ran on concrete input shapes and folded what it could (the
// Shape -> Gather -> Concat -> Reshape arithmetic converters emit): such a
// node's outputs are constants already and it needs no step.
bool all_outputs_folded(const Graph& graph, const Node& node) {
  for (int out : node.outputs)
    if (out >= 0 && !graph.value(out).constant) return false;
  return true;
}

// A step none of whose outputs is read (by a later step or as a graph
// output) is dropped: e.g. a ConstantOfShape fill whose only readers, the
// data-movement steps, read its one element instead of its bytes.
// An observed value counts as read in whichever layouts it exists.
void remove_unread_steps(CompiledPlan& plan, const LoweringContext& ctx, const std::vector<int>& observed) {
  std::vector<bool> read(plan.graph.values.size(), false);
  for (int out : plan.graph.outputs) read[static_cast<size_t>(ctx.resolve(out))] = true;
  for (int value : observed) {
    read[static_cast<size_t>(ctx.resolve(value))] = true;
    if (ctx.has_nhwc(value)) read[static_cast<size_t>(ctx.nhwc_copy(value))] = true;
  }
  std::vector<bool> keep(plan.steps.size(), false);
  for (size_t i = plan.steps.size(); i-- > 0;) {
    for (int out : plan.steps[i]->outputs) keep[i] = keep[i] || (out >= 0 && read[static_cast<size_t>(out)]);
    if (!keep[i]) continue;
    for (int in : plan.steps[i]->inputs)
      if (in >= 0) read[static_cast<size_t>(in)] = true;
  }
  size_t kept = 0;
  for (size_t i = 0; i < plan.steps.size(); ++i)
    if (keep[i]) plan.steps[kept++] = std::move(plan.steps[i]);
  plan.steps.resize(kept);
}

// Where each observed value is handed over: before the first step when no
// step writes it (a graph input, a constant), else after the first step that
// writes it in either layout (the other layout, if any, is a copy of it).
std::vector<ObservationPoint> observation_points(const CompiledPlan& plan, const LoweringContext& ctx,
                                                 const std::vector<int>& observed) {
  std::vector<ObservationPoint> points;
  for (size_t i = 0; i < observed.size(); ++i) {
    ObservationPoint point;
    point.index = i;
    point.value = observed[i];
    const int nchw = ctx.resolve(observed[i]);
    const int nhwc = ctx.nhwc_copy(nchw);
    const Value& v = plan.graph.value(nchw);
    bool is_input = false;
    for (int in : plan.graph.inputs) is_input = is_input || in == nchw;
    if (v.constant || is_input) {
      point.slot = nchw;
    } else {
      for (size_t s = 0; s < plan.steps.size() && point.slot < 0; ++s)
        for (int out : plan.steps[s]->outputs)
          if (out >= 0 && (out == nchw || out == nhwc)) {
            point.after_step = static_cast<int>(s);
            point.slot = out;
            point.nhwc = out == nhwc;
          }
      NNSLIM_CHECK(point.slot >= 0, ErrorCode::Internal, "internal: observed value '", v.name, "' is never written");
    }
    points.push_back(point);
  }
  // In step order (a bucket walk: std::sort's code cost the shipped module
  // more bytes than this loop costs time, once per plan).
  std::vector<ObservationPoint> sorted;
  sorted.reserve(points.size());
  for (int s = -1; s < static_cast<int>(plan.steps.size()); ++s)
    for (const ObservationPoint& p : points)
      if (p.after_step == s) sorted.push_back(p);
  return sorted;
}

}  // namespace

void lower_graph(CompiledPlan& plan, const std::vector<int>& observed, size_t real_outputs) {
  real_outputs = std::min(real_outputs, plan.graph.outputs.size());
  // Before the context: the dequantized weights count as constants.
  dequantize_constant_weights(plan);
  LoweringContext ctx(plan);
  for (size_t n = 0; n < plan.graph.nodes.size(); ++n) {
    if (ctx.node_done[n]) continue;
    if (all_outputs_folded(plan.graph, plan.graph.nodes[n])) continue;
    ctx.current_node = static_cast<int>(n);
    if (lower_as_alias(ctx, static_cast<int>(n))) {
      ctx.node_done[n] = true;
      continue;
    }
    std::unique_ptr<Step> step;
    for (FastLowering lower : kFastLowerings)
      if (lower && (step = lower(ctx, static_cast<int>(n)))) break;
    if (!step) step = make_reference_step(ctx, static_cast<int>(n));
    if (!step) fail(ErrorCode::UnsupportedOp, plan.graph.nodes[n].describe(), ": no implementation to run this op");
    if (step->op_type.empty()) step->op_type = plan.graph.nodes[n].op_type;
    if (step->weight_info.reason.empty())
      step->weight_info.reason = default_step_reason(plan.graph, plan.graph.nodes[n], *step);
    ctx.add_step(std::move(step));
    ctx.node_done[n] = true;
  }
  ctx.current_node = -1;
  for (size_t i = 0; i < real_outputs; ++i) {
    const int out = plan.graph.outputs[i];
    ctx.need_nchw(out, "for graph output '" + plan.graph.value(out).name + "'");
  }
  // Steps read an alias through the value whose bytes it shares.
  for (auto& step : plan.steps)
    for (int& in : step->inputs)
      if (in >= 0) in = ctx.resolve(in);
  remove_unread_steps(plan, ctx, observed);
  plan.observations = observation_points(plan, ctx, observed);
  plan.graph.outputs.resize(real_outputs);
  for (auto& step : plan.steps)  // the rest: layout copies the context inserted
    if (step->weight_info.reason.empty()) step->weight_info.reason = layout_step_reason();
  plan.alias_of.assign(plan.graph.values.size(), -1);
  for (size_t v = 0; v < plan.graph.values.size(); ++v)
    if (ctx.resolve(static_cast<int>(v)) != static_cast<int>(v)) plan.alias_of[v] = ctx.resolve(static_cast<int>(v));
}

}  // namespace nnslim
