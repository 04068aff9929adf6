// Fast lowerings of elementwise ops, layout-agnostic: when every input
// already exists in NHWC (the output of a fast conv), the op runs on the NHWC
// bytes and its output stays NHWC, so residual Adds and activations between
// convs need no layout copies.
// - binary Add/Sub/Mul/Div/Max/Min where one operand has the output's shape
//   and the other broadcasts to it in a walk of at most three loops
//   (broadcast_geometry.h: bias on the last axis, per-channel scale/shift,
//   squeeze-excitation's [N,C,1,1] gate, scalars); a following Relu/Clip is fused;
// - unary Relu, Clip (constant bounds), LeakyRelu, HardSwish, Sigmoid, Tanh.
#pragma once
#include <memory>

#include "runtime/lowering_context.h"

namespace nnslim {

std::unique_ptr<Step> lower_binary_elementwise(LoweringContext& ctx, int node_index);
std::unique_ptr<Step> lower_unary_elementwise(LoweringContext& ctx, int node_index);

}  // namespace nnslim
