// A LayerNorm written out as elementwise ops (paddle2onnx, tf2onnx and older
// PyTorch exports, opset < 17):
//   mean = ReduceMean(x, last axis)   c = x - mean
//   var = ReduceMean(c ^ 2)           y = c / Sqrt(var + eps) * gamma + beta
// run as one LayerNormalization step (layernorm_step.h): one pass for the
// statistics and one for the affine map instead of nine, and no tensor of the
// chain is materialized. Lowered at its first ReduceMean; every other node of
// the chain is marked done. Declined unless each intermediate value is read
// only inside the chain (c by the Pow and the Div) and is no graph output,
// eps and the exponent 2 are scalar constants, and gamma / beta hold one
// value per element of the last axis. (A quantized model's LayerNorm is such
// a chain between a DequantizeLinear and a QuantizeLinear: the quantize pass
// leaves its inner values float.)
#pragma once
#include <memory>

#include "runtime/lowering_context.h"

namespace nnslim {

std::unique_ptr<Step> lower_layernorm_pattern(LoweringContext& ctx, int node_index);

}  // namespace nnslim
