// Stand-alone QuantizeLinear / DequantizeLinear (per-tensor, int8) as
// conversion steps between the f32 and the int8 parts of a QDQ graph. Both
// are elementwise, so they follow their input's layout: a rank-4 tensor that
// exists in NHWC is converted in NHWC (the int8 convs read and write NHWC);
// one only in NCHW is converted in NCHW, and an int8 reader that wants NHWC
// moves the int8 codes (a quarter of the float bytes). Quantize of a constant
// is computed when the plan is built (the step copies the codes). Per-axis
// Q/DQ stays on the reference implementation.
//
// dequantize_constant_weights: DequantizeLinear of a constant (weight-only
// quantization: int8 weights, float activations) is computed once at compile
// time, so the float Conv/Gemm/MatMul lowerings see constant weights; it is
// left alone when every reader is an op the int8 lowerings (static int8, or
// weight-only: steps/weight_only_gemm_step.h) take.
#pragma once
#include <memory>

#include "runtime/lowering_context.h"

namespace nnslim {

std::unique_ptr<Step> lower_quantize_linear(LoweringContext& ctx, int node_index);
std::unique_ptr<Step> lower_dequantize_linear(LoweringContext& ctx, int node_index);

void dequantize_constant_weights(CompiledPlan& plan);

}  // namespace nnslim
