// Fast lowering of a stand-alone per-tensor QuantizeLinear / DequantizeLinear
// (float32 <-> int8 / uint8, constant scalar scale and zero point): the
// formulas of core/quant_math.h in one loop instead of the reference's
// per-element dtype dispatch. Elementwise: it runs in whichever layout its
// input has. Per-axis ones (weights, folded at compile time when constant:
// steps/quantize_step.h, dequantize_constant_weights) and int32 stay on the
// reference. QDQ patterns that int8 kernels run, and int8 per-tensor Q/DQ
// (SIMD: steps/quantize_step.h), are lowered before this one; this loop
// takes what they leave (uint8).
#pragma once
#include <memory>

#include "runtime/lowering_context.h"

namespace nnslim {

std::unique_ptr<Step> lower_qdq_per_tensor(LoweringContext& ctx, int node_index);

}  // namespace nnslim
