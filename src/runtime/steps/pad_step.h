// Pad (constant with any value, reflect, edge) as region copies (move_step.h)
// in the layout its input already has. The input goes to the output's
// interior; then, axis by axis from the innermost out, the border slabs of
// that axis are filled (constant) or copied from the output's own interior
// (edge: the border row repeated; reflect: the mirrored row), over the
// interior of the axes not yet done and the whole extent of those done.
// Zero pads of H/W before a conv never get here: fuse_pad_into_conv folds
// them into the conv's pads.
#pragma once
#include <memory>

#include "runtime/lowering_context.h"

namespace nnslim {

// Constant pads (negative ones crop in constant mode; edge/reflect with a
// crop decline), constant `constant_value` and `axes` inputs.
std::unique_ptr<Step> lower_pad(LoweringContext& ctx, int node_index);

}  // namespace nnslim
