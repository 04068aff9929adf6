#include "runtime/steps/layout_choice.h"

namespace nnslim {

std::optional<ElementwiseLayout> choose_elementwise_layout(LoweringContext& ctx, const std::vector<int>& inputs,
                                                           int output) {
  const Shape out_shape = ctx.graph.value(output).shape;
  auto is_activation = [&](int v) { return !ctx.graph.value(v).constant; };
  bool prefer_nhwc = false;
  if (out_shape.size() == 4)
    for (int v : inputs)
      if (is_activation(v) && ctx.has_nhwc(v) && !ctx.has_nchw(v)) prefer_nhwc = true;

  ElementwiseLayout layout;
  std::vector<WalkInput> walk_inputs;
  std::optional<BroadcastWalk> walk;
  if (prefer_nhwc) {
    for (int v : inputs) {
      const Shape& dims = ctx.graph.value(v).shape;
      walk_inputs.push_back({dims, is_activation(v) && dims.size() == 4 && ctx.has_nhwc(v)});
    }
    walk = broadcast_walk(out_shape, {0, 2, 3, 1}, walk_inputs);
    layout.nhwc = walk.has_value();
  }
  if (!walk) {
    walk_inputs.clear();
    for (int v : inputs) walk_inputs.push_back({ctx.graph.value(v).shape, false});
    std::vector<int> row_major(out_shape.size());
    for (size_t i = 0; i < row_major.size(); ++i) row_major[i] = static_cast<int>(i);
    walk = broadcast_walk(out_shape, row_major, walk_inputs);
    if (!walk) return std::nullopt;
  }
  layout.walk = *walk;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const int v = inputs[i];
    if (!is_activation(v)) layout.buffers.push_back(v);
    else layout.buffers.push_back(walk_inputs[i].nhwc ? ctx.need_nhwc(v) : ctx.need_nchw(v));
  }
  layout.output = layout.nhwc ? ctx.produce_nhwc(output) : output;
  return layout;
}

}  // namespace nnslim
