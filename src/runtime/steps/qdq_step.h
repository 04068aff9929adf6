// Fast lowering of a stand-alone per-tensor QuantizeLinear / DequantizeLinear
// (float32 <-> int8 / uint8, constant scalar scale and zero point): the
// formulas of core/quant_math.h in one loop instead of the reference's
// per-element dtype dispatch. Elementwise: it runs in whichever layout its
// input has. Per-axis ones (weights, folded at compile time when constant:
// passes/fold_constant_dequantize.h) and int32 stay on the reference.
// QDQ patterns that int8 kernels run are lowered before this one.
#pragma once
#include <memory>

#include "runtime/lowering_context.h"

namespace nnslim {

std::unique_ptr<Step> lower_qdq_per_tensor(LoweringContext& ctx, int node_index);

}  // namespace nnslim
