// int8 Add for the QDQ pattern DQ(a_q), DQ(b_q) -> Add -> [Relu | Clip] -> Q
// (same-shape operands): y_q from a_q and b_q directly with the qs8-vadd
// kernel (kernels/qs8-vadd/qs8-vadd.h), NHWC for rank-4 tensors.
#pragma once
#include <memory>

#include "runtime/lowering_context.h"

namespace nnslim {

std::unique_ptr<Step> lower_qs8_add(LoweringContext& ctx, int node_index);

}  // namespace nnslim
