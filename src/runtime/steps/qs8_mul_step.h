// int8 Mul of two int8 tensors (qs8-vmul) for the QDQ pattern
// DQ(a_q), DQ(b_q) -> Mul -> [Relu | Clip] -> Q(y):
//   - same shapes: one flat loop (NHWC for rank 4, like qs8 vadd);
//   - a rank-4 tensor [N, C, H, W] times a per-channel gate [N or 1, C, 1, 1]
//     (squeeze-excite: x * HardSigmoid(conv(pool(x)))), either operand
//     first: per pixel, its C channels (NHWC) times the image's gate row.
// Within one step of the reference executor (see kernels/qs8-vmul).
#pragma once
#include <memory>

#include "runtime/lowering_context.h"

namespace nnslim {

std::unique_ptr<Step> lower_qs8_mul(LoweringContext& ctx, int node_index);

}  // namespace nnslim
