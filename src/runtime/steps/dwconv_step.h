// Fast lowering of depthwise 2-D Conv (group = Cin = Cout, weight [C, 1, KH, KW])
// in NHWC: specialized 3x3 (9 taps) and 5x5 (25 taps) microkernels, a generic
// one for other sizes; strides, dilations and padding live in the indirection
// buffer. Relu/Clip after it is fused.
#pragma once
#include <memory>

#include "runtime/lowering_context.h"

namespace nnslim {

std::unique_ptr<Step> lower_depthwise_conv_nhwc(LoweringContext& ctx, int node_index);

}  // namespace nnslim
