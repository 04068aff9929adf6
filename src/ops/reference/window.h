// Sliding-window geometry shared by the reference Conv, ConvTranspose and
// pooling ops: kernel, strides, dilations and the leading pads, resolved from
// the node's attributes and the (already inferred) output size.
#pragma once
#include "ops/reference/tensor_access.h"

namespace nnslim {
namespace reference {

struct Window {
  Shape kernel, strides, dilations, pads_begin, pads_end;
};

// For Conv and pools: input position of output o, tap k along a dim is
//   i = o * stride - pad_begin + k * dilation.
// auto_pad SAME_*: total = max(0, (out - 1) * stride + (kernel - 1) * dilation + 1 - in),
// SAME_UPPER puts the odd pixel at the end (pad_begin = total / 2), SAME_LOWER
// at the beginning; NOTSET reads `pads`; VALID pads nothing.
Window forward_window(const Node& node, const Shape& in_spatial, const Shape& out_spatial, const Shape& kernel);

// For ConvTranspose: input position i, tap k scatter to output position
//   o = i * stride + k * dilation - pad_begin.
// pad_begin: from `pads`, or, when output_shape or auto_pad SAME_* is given, from
//   total = stride*(in-1) + output_padding + (k-1)*dilation + 1 - out
// split as ONNX's reference does (SAME_UPPER: floor(total/2) first, otherwise
// total - floor(total/2)); it may come out negative.
struct TransposedWindow {
  Shape strides, dilations, output_padding, pads_begin;
};
TransposedWindow transposed_window(const Node& node, const Shape& in_spatial, const Shape& out_spatial,
                                   const Shape& kernel);

// Spatial dims (everything after N, C) of a shape.
inline Shape spatial_dims(const Shape& shape) { return Shape(shape.begin() + 2, shape.end()); }

}  // namespace reference
}  // namespace nnslim
