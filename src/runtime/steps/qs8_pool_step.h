// int8 pooling for the QDQ patterns DQ(x_q) -> MaxPool | AveragePool |
// GlobalAveragePool -> [Relu | Clip] -> Q(y), NHWC, on the qs8-pool kernels:
// - MaxPool: the int8 max (max commutes with the monotonic dequantization);
//   with another output scale or zero point a requantization table follows,
//   in place (bit-exact with the reference executor either way);
// - AveragePool / GlobalAveragePool: int32 sums of the int8 taps, one float
//   multiplier s_x / (s_y * count), fp32 requantization (within one step of
//   the reference, which averages dequantized floats: the rounding of the sum
//   and of the product differ).
#pragma once
#include <memory>

#include "runtime/lowering_context.h"

namespace nnslim {

std::unique_ptr<Step> lower_qs8_pool(LoweringContext& ctx, int node_index);
std::unique_ptr<Step> lower_qs8_global_average_pool(LoweringContext& ctx, int node_index);

}  // namespace nnslim
