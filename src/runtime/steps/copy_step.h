// Ops that only relabel dims (Reshape, Flatten, Squeeze, Unsqueeze, Identity,
// inference Dropout): the bytes of an NCHW tensor are unchanged, so the step
// is one memcpy (no index arithmetic, unlike the reference path).
#pragma once
#include <memory>

#include "runtime/lowering_context.h"

namespace nnslim {

std::unique_ptr<Step> lower_reshape_copy(LoweringContext& ctx, int node_index);

}  // namespace nnslim
