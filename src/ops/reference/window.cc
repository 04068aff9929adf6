#include "ops/reference/window.h"

#include <algorithm>

namespace nnslim {
namespace reference {

Window forward_window(const Node& node, const Shape& in_spatial, const Shape& out_spatial, const Shape& kernel) {
  const size_t n = in_spatial.size();
  Window w;
  w.kernel = kernel;
  w.strides = node.attr_ints("strides", Shape(n, 1));
  w.dilations = node.attr_ints("dilations", Shape(n, 1));
  if (w.kernel.size() != n || w.strides.size() != n || w.dilations.size() != n || out_spatial.size() != n)
    node_fail(node, "kernel_shape/strides/dilations do not match the ", n, " spatial dims of the input");
  w.pads_begin.assign(n, 0);
  w.pads_end.assign(n, 0);
  const std::string auto_pad = node.attr_string("auto_pad", "NOTSET");
  if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
    for (size_t d = 0; d < n; ++d) {
      const int64_t total = std::max<int64_t>(
          0, (out_spatial[d] - 1) * w.strides[d] + (w.kernel[d] - 1) * w.dilations[d] + 1 - in_spatial[d]);
      w.pads_begin[d] = auto_pad == "SAME_UPPER" ? total / 2 : total - total / 2;
      w.pads_end[d] = total - w.pads_begin[d];
    }
  } else if (auto_pad == "NOTSET") {
    const Shape pads = node.attr_ints("pads", Shape(2 * n, 0));
    if (pads.size() != 2 * n) node_fail(node, "pads has ", pads.size(), " values, expected ", 2 * n);
    for (size_t d = 0; d < n; ++d) {
      w.pads_begin[d] = pads[d];
      w.pads_end[d] = pads[d + n];
    }
  } else if (auto_pad != "VALID") {
    node_fail(node, ErrorCode::UnsupportedOp, "auto_pad '", auto_pad, "' is not supported");
  }
  return w;
}

namespace {
// Python-style floor division (pads may come out negative in ConvTranspose).
int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
}  // namespace

TransposedWindow transposed_window(const Node& node, const Shape& in_sp, const Shape& out_sp, const Shape& k_sp) {
  const size_t rank = in_sp.size();
  TransposedWindow w;
  w.strides = node.attr_ints("strides", Shape(rank, 1));
  w.dilations = node.attr_ints("dilations", Shape(rank, 1));
  w.output_padding = node.attr_ints("output_padding", Shape(rank, 0));
  const std::string auto_pad = node.attr_string("auto_pad", "NOTSET");
  if (w.strides.size() != rank || w.dilations.size() != rank || w.output_padding.size() != rank ||
      k_sp.size() != rank || out_sp.size() != rank)
    node_fail(node, "strides/dilations/output_padding do not match the ", rank, " spatial dims");
  w.pads_begin.assign(rank, 0);
  if (node.has_attr("output_shape") || auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
    for (size_t d = 0; d < rank; ++d) {
      const int64_t total = w.strides[d] * (in_sp[d] - 1) + w.output_padding[d] + (k_sp[d] - 1) * w.dilations[d] + 1 -
                            out_sp[d];
      w.pads_begin[d] = auto_pad == "SAME_UPPER" ? floor_div(total, 2) : total - floor_div(total, 2);
    }
  } else if (auto_pad == "NOTSET") {
    const Shape pads = node.attr_ints("pads", Shape(2 * rank, 0));
    if (pads.size() != 2 * rank) node_fail(node, "pads has ", pads.size(), " values, expected ", 2 * rank);
    for (size_t d = 0; d < rank; ++d) w.pads_begin[d] = pads[d];
  } else if (auto_pad != "VALID") {
    node_fail(node, ErrorCode::UnsupportedOp, "auto_pad '", auto_pad, "' is not supported");
  }
  return w;
}

}  // namespace reference
}  // namespace nnslim
