// int8 nearest-neighbour Resize / Upsample for the QDQ pattern DQ(x_q) ->
// Resize(mode nearest) -> Q(y), NHWC: each output pixel copies its input
// pixel's channels (the tables of runtime/steps/resize_step.h, from the
// reference's coordinate math), then, when y's grid is not x's, the row goes
// through the requantization table (x8-lut). Bit-exact with the reference
// executor: nearest picks input values, which Q(DQ(.)) maps like the table.
#pragma once
#include <memory>

#include "runtime/lowering_context.h"

namespace nnslim {

std::unique_ptr<Step> lower_qs8_resize_nearest(LoweringContext& ctx, int node_index);

}  // namespace nnslim
