// ConstantOfShape outputs too large for shape inference to fold (a zero
// tensor concatenated to pad channels, at 128x128 and more) are a fill step
// (x32 / memcpy fill rows) instead of the reference. The data-movement steps
// that read such a value read its one element instead (MoveStepBuilder::read).
#pragma once
#include <memory>

#include "runtime/lowering_context.h"

namespace nnslim {

std::unique_ptr<Step> lower_constant_of_shape(LoweringContext& ctx, int node_index);

}  // namespace nnslim
