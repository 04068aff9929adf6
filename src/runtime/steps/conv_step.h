// Fast lowering of 2-D Conv with constant weights, NHWC:
// - 1x1, stride 1, no padding, group 1: a plain GEMM over [N*H*W, Cin] pixels;
// - otherwise IGEMM over an indirection buffer (any kernel, stride, dilation,
//   padding and group count; each group reads its channel slice through the
//   kernel's a_offset and writes its slice of the output pixel).
// Weights are packed once per group at compile time; Relu/Clip after the conv
// is fused as the clamp. (Depthwise convs have their own lowering.)
#pragma once
#include <memory>

#include "kernels/indirection/conv2d-indirection.h"
#include "runtime/lowering_context.h"

namespace nnslim {

std::unique_ptr<Step> lower_conv_nhwc(LoweringContext& ctx, int node_index);

// Resolved 2-D window of a Conv/pool node (pads from pads or auto_pad).
struct Window2D {
  int64_t kh, kw, sh, sw, dh, dw, pad_top, pad_left, pad_bottom, pad_right;
};
Window2D resolve_window_2d(LoweringContext& ctx, int node_index, int64_t kernel_h, int64_t kernel_w);

// The kernels' geometry of that window over an NCHW input shape `x`.
kernels::Conv2DGeometry conv2d_geometry(const Shape& x, const Window2D& win);

// The operands of a float Conv that a fast lowering can take: a 4-D float
// input computed at run time, constant 4-D float weights, and a constant
// float bias when there is one. Copies, not references: adding layout values
// later may move graph.values.
struct F32ConvOperands {
  Value x, w;
  TensorPtr bias;  // null when the node has no bias input
};
bool match_f32_conv(const LoweringContext& ctx, const Node& node, F32ConvOperands* out);

}  // namespace nnslim
