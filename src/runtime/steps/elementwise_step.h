// Fast lowerings of elementwise ops, layout-agnostic: when every input
// already exists in NHWC (the output of a fast conv), the op runs on the NHWC
// bytes and its output stays NHWC, so residual Adds and activations between
// convs need no layout copies.
// - binary Add/Sub/Mul/Div/Max/Min of two same-shape float tensors, or of a
//   tensor and a scalar constant; a following Relu/Clip is fused;
// - unary Relu, Clip (constant bounds), LeakyRelu, HardSwish, Sigmoid, Tanh.
#pragma once
#include <memory>

#include "runtime/lowering_context.h"

namespace nnslim {

std::unique_ptr<Step> lower_binary_elementwise(LoweringContext& ctx, int node_index);
std::unique_ptr<Step> lower_unary_elementwise(LoweringContext& ctx, int node_index);

}  // namespace nnslim
