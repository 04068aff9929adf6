// Fast lowerings of the post-processing ops converters emit after a
// detector's convolutions: comparisons (Equal, Greater, Less,
// GreaterOrEqual, LessOrEqual) producing bool, boolean logic (And, Or, Xor,
// Not) and Where. Layout-agnostic like elementwise_step: when an input
// exists only in NHWC (a conv's output) the op runs on those bytes and its
// output stays NHWC; inputs broadcast in any numpy pattern that
// broadcast_walk.h reduces to a few loops around vector runs.
#pragma once
#include <memory>

#include "runtime/lowering_context.h"

namespace nnslim {

std::unique_ptr<Step> lower_compare_logic(LoweringContext& ctx, int node_index);
std::unique_ptr<Step> lower_where(LoweringContext& ctx, int node_index);

}  // namespace nnslim
