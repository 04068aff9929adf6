#include "runtime/steps/expand_step.h"

#include "runtime/steps/move_step.h"

namespace nnslim {
namespace {

// The step works in NHWC only if input and output are both rank 4 and the
// input has an NHWC copy (the logical axes then line up one to one).
bool keeps_nhwc(const LoweringContext& ctx, int x, int y) {
  return ctx.graph.value(y).shape.size() == 4 && MoveStepBuilder::prefer_nhwc(ctx, x);
}

bool accepts(const LoweringContext& ctx, const Node& node, const char* op) {
  if (node.op_type != op || node.outputs.size() != 1 || node.inputs.size() != 2 || node.inputs[0] < 0) return false;
  const Value& y = ctx.graph.value(node.outputs[0]);
  return !y.constant && !y.shape.empty() && y.shape.size() <= kMaxMoveRank &&
         ctx.graph.value(node.inputs[0]).shape.size() <= y.shape.size();
}

}  // namespace

std::unique_ptr<Step> lower_expand(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  if (!accepts(ctx, node, "Expand")) return nullptr;
  const Shape x = ctx.graph.value(node.inputs[0]).shape;  // copies: values move when the context adds one
  const Shape y = ctx.graph.value(node.outputs[0]).shape;
  MoveStepBuilder builder(ctx, node_index, keeps_nhwc(ctx, node.inputs[0], node.outputs[0]));
  const Operand src = builder.read(node.inputs[0]);
  const Operand out = builder.write(node.outputs[0]);
  // Output axis a reads input axis a - (rank_y - rank_x); a dim of 1 repeats.
  const size_t lead = y.size() - x.size();
  std::vector<int64_t> strides(y.size(), 0);
  for (size_t a = lead; a < y.size(); ++a)
    if (x[a - lead] != 1) strides[a] = src.strides[a - lead];
  builder.move(src, out, y, 0, 0, &strides);
  return builder.finish("Expand");
}

std::unique_ptr<Step> lower_tile(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  if (!accepts(ctx, node, "Tile")) return nullptr;
  const Shape x = ctx.graph.value(node.inputs[0]).shape;  // copies: values move when the context adds one
  const Shape y = ctx.graph.value(node.outputs[0]).shape;
  if (x.size() != y.size()) return nullptr;
  MoveStepBuilder builder(ctx, node_index, keeps_nhwc(ctx, node.inputs[0], node.outputs[0]));
  const Operand src = builder.read(node.inputs[0]);
  Operand out = builder.write(node.outputs[0]);
  // Output index r * d + i along an axis reads input index i: dims (r, d),
  // destination strides (d * s, s), source strides (0, s_x).
  Shape dims;
  std::vector<int64_t> src_strides, dst_strides;
  for (size_t a = 0; a < y.size(); ++a) {
    const int64_t repeats = x[a] == 0 ? 0 : y[a] / x[a];
    dims.insert(dims.end(), {repeats, x[a]});
    src_strides.insert(src_strides.end(), {0, src.strides[a]});
    dst_strides.insert(dst_strides.end(), {x[a] * out.strides[a], out.strides[a]});
  }
  out.strides = dst_strides;
  builder.move(src, out, dims, 0, 0, &src_strides);
  return builder.finish("Tile");
}

}  // namespace nnslim
