// A node run by its reference implementation (NCHW, scalar): the fallback for
// every op without a fast lowering, and the oracle the fast paths are tested against.
#pragma once
#include <memory>

#include "runtime/lowering_context.h"

namespace nnslim {

// nullptr if the op has no reference implementation.
std::unique_ptr<Step> make_reference_step(LoweringContext& ctx, int node_index);

}  // namespace nnslim
