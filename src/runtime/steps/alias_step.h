// Ops whose output is their input, unchanged in bytes, shape and layout:
// Identity, inference Dropout (without a consumed mask), and Cast to the
// dtype the input already has. They get no step and no bytes at all: the
// output is an alias of the input (LoweringContext::alias), read wherever the
// input lives, in whichever layouts it exists.
#pragma once
#include <memory>

#include "runtime/lowering_context.h"

namespace nnslim {

// True if node `node_index` became an alias (then it needs no step).
bool lower_as_alias(LoweringContext& ctx, int node_index);

// Inference Dropout whose mask is read: the output is still an alias of the
// input, and the step only fills the mask with ones (bool, or float32 before
// opset 10).
std::unique_ptr<Step> lower_dropout_with_mask(LoweringContext& ctx, int node_index);

}  // namespace nnslim
