// Ops that only relabel dims (Reshape, Flatten, Squeeze, Unsqueeze, Identity,
// inference Dropout): the bytes of an NCHW tensor are unchanged, so the step
// is one memcpy (no index arithmetic, unlike the reference path).
#pragma once
#include <memory>

#include "runtime/lowering_context.h"

namespace nnslim {

std::unique_ptr<Step> lower_reshape_copy(LoweringContext& ctx, int node_index);

// Transposes between NHWC and NCHW are layout changes the runtime already
// tracks: Transpose(perm 0,3,1,2) of x has x's bytes as its NHWC copy, and
// Transpose(perm 0,2,3,1) of x is x's NHWC copy. Both become one memcpy (and
// the conv after a channels-last input needs no layout copy). tf2onnx and the
// builder's channels-last inputs produce exactly these.
std::unique_ptr<Step> lower_layout_transpose(LoweringContext& ctx, int node_index);

}  // namespace nnslim
