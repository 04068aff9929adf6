// int8 Resize / Upsample. Nearest-neighbour: for the QDQ pattern DQ(x_q) ->
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

// int8 bilinear Resize / Upsample (mode linear / bilinear, 2-D, constant
// scales or sizes): DQ(x_q) -> Resize -> [Relu | Clip] -> Q(y) as one
// qs8-ibilinear row call per output row, the int8 codes interpolated in
// float and requantized to y's grid in the kernel. Within one step of the
// reference executor (which interpolates dequantized values and divides by
// s_y: another float rounding order, so a .5 tie can round the other way).
std::unique_ptr<Step> lower_qs8_resize_bilinear(LoweringContext& ctx, int node_index);

}  // namespace nnslim
