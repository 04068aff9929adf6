// Expand and Tile as region copies (move_step.h) with source strides of 0:
// Expand reads a broadcast dim's one element for every output index (numpy
// rules, the input's dims aligned to the right); Tile splits each output dim
// d * r into (r, d) with the r part reading stride 0. Rank-4 values keep the
// layout their input has (an NHWC input gives an NHWC output).
#pragma once
#include <memory>

#include "runtime/lowering_context.h"

namespace nnslim {

std::unique_ptr<Step> lower_expand(LoweringContext& ctx, int node_index);
std::unique_ptr<Step> lower_tile(LoweringContext& ctx, int node_index);

}  // namespace nnslim
