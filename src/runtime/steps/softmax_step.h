// Fast lowering of Softmax over the last axis (float32, NCHW bytes): one
// three-pass SIMD row softmax per row (max, exp-and-sum, scale). Opset < 13
// coerces to 2-D at `axis`; with axis = rank - 1 both definitions agree.
#pragma once
#include <memory>

#include "runtime/lowering_context.h"

namespace nnslim {

std::unique_ptr<Step> lower_softmax_last_axis(LoweringContext& ctx, int node_index);

}  // namespace nnslim
