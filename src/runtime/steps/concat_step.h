// Concat, Slice and Split as region copies (move_step.h), in the layout their
// main input already has: an NHWC channel Concat is, per pixel, each input's
// run of channels copied side by side (x32 row copies); a constant input whose
// elements are all equal (the zero padding tf2onnx concatenates to pad
// channels) is a fill, not a copy.
#pragma once
#include <memory>

#include "runtime/lowering_context.h"

namespace nnslim {

// Concat: any axis (negative too), any number of inputs, constant inputs,
// inputs in different layouts.
std::unique_ptr<Step> lower_concat(LoweringContext& ctx, int node_index);

}  // namespace nnslim
