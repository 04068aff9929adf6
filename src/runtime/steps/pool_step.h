// Fast lowerings of pooling in NHWC: MaxPool / AveragePool (2-D, no Indices
// output) through the pooling indirection buffer, and GlobalAveragePool,
// whose [N, C, 1, 1] output has the same bytes in NCHW and NHWC (so it needs
// no layout copy afterwards).
#pragma once
#include <memory>

#include "runtime/lowering_context.h"

namespace nnslim {

std::unique_ptr<Step> lower_pool_nhwc(LoweringContext& ctx, int node_index);
std::unique_ptr<Step> lower_global_average_pool_nhwc(LoweringContext& ctx, int node_index);

}  // namespace nnslim
