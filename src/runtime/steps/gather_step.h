// Gather along any axis as region copies (move_step.h): output slab j (the
// data's dims with the axis replaced by one index) is data slab indices[j].
// Constant indices are resolved at compile time (negative ones count from the
// end; shape inference refused out-of-range ones), and runs of consecutive
// indices become one copy. Indices fed at run time are read and checked when
// the step runs: an out-of-range index throws an Error naming the node, and
// the session stays usable. Rank-4 data with an NHWC copy and 1-D indices
// give an NHWC output (the axis remapped).
#pragma once
#include <memory>

#include "runtime/lowering_context.h"

namespace nnslim {

std::unique_ptr<Step> lower_gather(LoweringContext& ctx, int node_index);

}  // namespace nnslim
