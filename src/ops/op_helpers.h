// Shape rules shared by several ops: broadcasting, conv/pool window geometry,
// "output = input" elementwise ops, and the common cost rules.
#pragma once
#include "ops/op_registry.h"

namespace nnslim {

// Numpy-style multidirectional broadcasting of two shapes (ONNX Add, Mul, ...).
Shape broadcast_shapes(const InferContext& ctx, const Shape& a, const Shape& b);

// infer(): output 0 has input 0's dtype and shape.
void infer_same_as_input(InferContext& ctx);

// cost(): one elementwise op per output element (activations, adds, ...).
OpCost cost_one_op_per_output(const Graph& graph, const Node& node);

// Window geometry of Conv/ConvTranspose/pooling over the spatial dims
// (everything after N, C), resolved from kernel_shape/strides/dilations/pads/auto_pad.
struct WindowGeometry {
  Shape kernel, strides, dilations, pads_begin, pads_end;
  Shape output;  // spatial output dims
};
// `kernel` = spatial kernel dims (from kernel_shape or the weight's shape).
// ceil_mode for pools (opset >= 10).
WindowGeometry resolve_window(const InferContext& ctx, const Shape& input_spatial, const Shape& kernel,
                              bool ceil_mode = false);

}  // namespace nnslim
