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

#include "kernels/qs8-vcvt/qs8-vcvt.h"
#include "runtime/lowering_context.h"

namespace nnslim {

std::unique_ptr<Step> lower_quantize_linear(LoweringContext& ctx, int node_index);
std::unique_ptr<Step> lower_dequantize_linear(LoweringContext& ctx, int node_index);

void dequantize_constant_weights(CompiledPlan& plan);

// A QuantizeLinear that a reader may fuse into its own input pass: `value`
// is written by a per-tensor int8 QuantizeLinear of a non-constant float
// tensor of rank below 4 (the ones lower_quantize_linear runs as the plain
// f32 -> qs8 vcvt) and read by nothing but one node input (no graph
// output), and the float tensor has been written (its bytes exist). Gives the float tensor and the conversion's parameters; the
// QuantizeLinear's own step is then dropped by lower_graph, as no step
// reads its output.
bool fusable_quantize_linear(const LoweringContext& ctx, int value, int* x, kernels::QS8CvtParams* params);

}  // namespace nnslim
