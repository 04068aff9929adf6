#include "runtime/steps/slice_step.h"

#include <algorithm>

#include "core/error.h"
#include "runtime/steps/move_step.h"
#include "runtime/steps/qdq_match.h"
#include "runtime/steps/qs8_table.h"
#include "runtime/steps/qs8_transpose_step.h"

namespace nnslim {
namespace {

bool constant_ints(const Graph& graph, const Node& node, size_t i, std::vector<int64_t>& out) {
  if (i >= node.inputs.size() || node.inputs[i] < 0) return true;  // omitted: the default
  const Value& v = graph.value(node.inputs[i]);
  if (!v.constant || !v.constant->materialized()) return false;
  out = v.constant->to_int64_vector();
  return true;
}

// Per input axis: the first index read and the step. Starts count from the
// end when negative and are clamped as ONNX says: to [0, d] for a positive
// step, [0, d - 1] for a negative one (the ends only decide the lengths, which
// shape inference already put in the output shape).
bool slice_starts_and_steps(const Graph& graph, const Node& node, const Shape& x, Shape& first, Shape& step) {
  std::vector<int64_t> starts, ends, axes, steps;
  if (graph.opset < 10) {
    starts = node.attr_ints("starts");
    axes = node.attr_ints("axes");
  } else if (!constant_ints(graph, node, 1, starts) || !constant_ints(graph, node, 3, axes) ||
             !constant_ints(graph, node, 4, steps)) {
    return false;
  }
  if (axes.empty())
    for (size_t i = 0; i < starts.size(); ++i) axes.push_back(static_cast<int64_t>(i));
  if (steps.empty()) steps.assign(starts.size(), 1);
  if (axes.size() != starts.size() || steps.size() != starts.size()) return false;
  const int64_t rank = static_cast<int64_t>(x.size());
  first.assign(x.size(), 0);
  step.assign(x.size(), 1);
  for (size_t i = 0; i < starts.size(); ++i) {
    const int64_t axis = axes[i] < 0 ? axes[i] + rank : axes[i];
    if (axis < 0 || axis >= rank || steps[i] == 0) return false;
    const size_t a = static_cast<size_t>(axis);
    const int64_t d = x[a];
    int64_t s = starts[i] < 0 ? starts[i] + d : starts[i];
    s = steps[i] > 0 ? std::clamp<int64_t>(s, 0, d) : std::clamp<int64_t>(s, 0, std::max<int64_t>(d - 1, 0));
    first[a] = s;
    step[a] = steps[i];
  }
  return true;
}

// The Slice node as one strided move from value x_id to y_id (its float
// tensors, or the int8 codes behind its Q/DQ pairs) in `step`; null when its
// starts/axes/steps are not constant or the ranks disagree.
std::unique_ptr<Step> slice_move(LoweringContext& ctx, int node_index, int x_id, int y_id,
                                 std::unique_ptr<MoveStep> step, const char* what) {
  // Copies: the Values move when the context adds one (an NHWC output).
  const Value x = ctx.graph.value(x_id);
  const Value y = ctx.graph.value(y_id);
  if (y.constant || x.shape.size() != y.shape.size() || x.shape.empty() || x.shape.size() > kMaxMoveRank) return nullptr;
  Shape first, steps;
  if (!slice_starts_and_steps(ctx.graph, ctx.graph.nodes[static_cast<size_t>(node_index)], x.shape, first, steps))
    return nullptr;

  MoveStepBuilder builder(ctx, node_index, MoveStepBuilder::prefer_nhwc(ctx, x_id), std::move(step));
  const Operand src = builder.read(x_id);
  const Operand out = builder.write(y_id);
  std::vector<int64_t> strides(x.shape.size());
  int64_t offset = 0;
  for (size_t a = 0; a < x.shape.size(); ++a) {
    strides[a] = src.strides[a] * steps[a];
    if (y.shape[a] > 0) offset += first[a] * src.strides[a];
  }
  builder.move(src, out, y.shape, offset, 0, &strides);
  bool strided = false;
  for (int64_t s : steps) strided = strided || s != 1;
  return builder.finish(std::string(what) + (strided ? " (strided)" : ""));
}

}  // namespace

std::unique_ptr<Step> lower_slice(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  if (node.op_type != "Slice" || node.outputs.size() != 1 || node.inputs.empty() || node.inputs[0] < 0) return nullptr;
  return slice_move(ctx, node_index, node.inputs[0], node.outputs[0], nullptr, "Slice");
}

std::unique_ptr<Step> lower_qs8_slice(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  if (node.op_type != "Slice" || !node.domain.empty() || node.outputs.size() != 1 || node.inputs.empty() ||
      node.inputs[0] < 0)
    return nullptr;
  QuantizedActivation x;
  QuantizedOutput y;
  if (!match_dq_activation(ctx.graph, node.inputs[0], &x) || !match_quantized_output(ctx, node.outputs[0], &y))
    return nullptr;
  // The codes move as they are; when y's grid is not x's (the quantize pass
  // gives a Slice its own range: attention's Q, K and V slices of one
  // tensor have different ones), the table maps them in place after.
  std::vector<int8_t> table = qs8_function_table(ctx.graph, nullptr, x.params, y);
  if (is_identity_table(table)) table.clear();
  std::unique_ptr<Step> move =
      slice_move(ctx, node_index, x.q_value, y.q_value, std::make_unique<MoveStep>(1), "Slice");
  if (!move) return nullptr;
  const size_t n = static_cast<size_t>(shape_numel(ctx.graph.value(y.q_value).shape));
  const std::vector<int> inputs = move->inputs, outputs = move->outputs;
  const std::string layer = move->layer;
  auto step = make_qs8_move_table_step(std::move(move), n, std::move(table), "Slice" + y.activation + " (QDQ)", "copy");
  step->inputs = inputs;
  step->outputs = outputs;
  step->layer = layer;
  take_quantized_output(ctx, y);
  return step;
}

std::unique_ptr<Step> lower_split(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  if (node.op_type != "Split" || node.outputs.empty() || node.inputs.empty() || node.inputs[0] < 0) return nullptr;
  const Shape x = ctx.graph.value(node.inputs[0]).shape;
  const int64_t rank = static_cast<int64_t>(x.size());
  if (rank == 0 || rank > static_cast<int64_t>(kMaxMoveRank)) return nullptr;
  int64_t axis = node.attr_int("axis", 0);
  if (axis < 0) axis += rank;
  if (axis < 0 || axis >= rank) return nullptr;
  for (int out : node.outputs)  // the sizes come from the inferred output shapes
    if (out < 0 || ctx.graph.value(out).constant || ctx.graph.value(out).shape.size() != x.size()) return nullptr;

  MoveStepBuilder builder(ctx, node_index, MoveStepBuilder::prefer_nhwc(ctx, node.inputs[0]));
  const Operand src = builder.read(node.inputs[0]);
  const size_t a = static_cast<size_t>(axis);
  int64_t offset = 0;
  for (int out : node.outputs) {
    const Operand dst = builder.write(out);
    builder.move(src, dst, dst.shape, offset * src.strides[a], 0);
    offset += dst.shape[a];
  }
  return builder.finish(str("Split into ", node.outputs.size(), " on axis ", axis));
}

}  // namespace nnslim
