// Fast lowering of Cast between float32, int32, int64, uint8, int8 and bool
// (kernels/vcvt, bit-exact with the reference's conversion rules). An
// elementwise op: it runs in whichever layout its input has (an NHWC conv
// output stays NHWC). Same-type Casts are aliases and not taken here.
#pragma once
#include <memory>

#include "runtime/lowering_context.h"

namespace nnslim {

std::unique_ptr<Step> lower_cast(LoweringContext& ctx, int node_index);

}  // namespace nnslim
