// Ops that move elements without arithmetic: Concat, Split, Slice, Transpose,
// Gather, Expand, Tile, Pad, DepthToSpace, SpaceToDepth. Any dtype: elements
// are copied bytewise; every output element's source index is computed explicitly.
#include <algorithm>

#include "ops/reference/reference_ops.h"

namespace nnslim {
namespace reference {
namespace {

int64_t ravel(const Shape& index, const Shape& strides) {
  int64_t flat = 0;
  for (size_t d = 0; d < index.size(); ++d) flat += index[d] * strides[d];
  return flat;
}

}  // namespace

// Concat along `axis`: input k occupies [offset_k, offset_k + dim_k) of the output axis.
NNSLIM_DEFINE_REFERENCE(Concat) {
  const TensorView& y = required_output(node, outputs, 0);
  const int64_t rank = static_cast<int64_t>(y.shape.size());
  const size_t axis = static_cast<size_t>(normalize_axis(node, node.attr_int("axis", 0), rank));
  const Shape y_strides = strides_of(y.shape);
  int64_t offset = 0;
  for (size_t k = 0; k < inputs.size(); ++k) {
    const TensorView& x = required_input(node, inputs, k);
    if (x.shape.size() != y.shape.size()) node_fail(node, "input ", k, " has the wrong rank");
    Shape index(x.shape.size());
    for (int64_t i = 0; i < element_count(x); ++i) {
      unravel_into(i, x.shape, index);
      index[axis] += offset;
      copy_element(y, ravel(index, y_strides), x, i);
    }
    offset += x.shape[axis];
  }
}

// Split along `axis`: output k takes the next dim_k slices (the sizes come from
// the inferred output shapes, which followed `split` / num_outputs / equal parts).
NNSLIM_DEFINE_REFERENCE(Split) {
  const TensorView& x = required_input(node, inputs, 0);
  const int64_t rank = static_cast<int64_t>(x.shape.size());
  const size_t axis = static_cast<size_t>(normalize_axis(node, node.attr_int("axis", 0), rank));
  const Shape x_strides = strides_of(x.shape);
  int64_t offset = 0;
  for (size_t k = 0; k < outputs.size(); ++k) {
    const TensorView& y = required_output(node, outputs, k);
    Shape index(y.shape.size());
    for (int64_t i = 0; i < element_count(y); ++i) {
      unravel_into(i, y.shape, index);
      index[axis] += offset;
      copy_element(y, i, x, ravel(index, x_strides));
    }
    offset += y.shape[axis];
  }
  if (offset != x.shape[axis]) node_fail(node, "outputs cover ", offset, " of ", x.shape[axis], " slices");
}

// Slice: per sliced axis, y index j reads x index start + j * step. starts/ends
// (attributes before opset 10, inputs 1..4 after) count from the end when
// negative and are clamped: to [0, dim] for step > 0, to [0, dim - 1] (start)
// and [-1, dim - 1] (end) for step < 0. The element count per axis is the
// inferred output shape's (it already applied the same clamping to the ends).
NNSLIM_DEFINE_REFERENCE(Slice) {
  const TensorView& x = required_input(node, inputs, 0);
  const TensorView& y = required_output(node, outputs, 0);
  const int64_t rank = static_cast<int64_t>(x.shape.size());
  std::vector<int64_t> starts, ends, axes, steps;
  if (opset < 10) {
    starts = node.attr_ints("starts");
    ends = node.attr_ints("ends");
    axes = node.attr_ints("axes");
  } else {
    starts = read_ints(required_input(node, inputs, 1));
    ends = read_ints(required_input(node, inputs, 2));
    if (const TensorView* a = optional_input(inputs, 3)) axes = read_ints(*a);
    if (const TensorView* s = optional_input(inputs, 4)) steps = read_ints(*s);
  }
  if (axes.empty())
    for (size_t i = 0; i < starts.size(); ++i) axes.push_back(static_cast<int64_t>(i));
  if (steps.empty()) steps.assign(starts.size(), 1);
  if (ends.size() != starts.size() || axes.size() != starts.size() || steps.size() != starts.size())
    node_fail(node, "starts, ends, axes and steps must have the same length");
  Shape begin(static_cast<size_t>(rank), 0), step(static_cast<size_t>(rank), 1);
  for (size_t i = 0; i < starts.size(); ++i) {
    const size_t a = static_cast<size_t>(normalize_axis(node, axes[i], rank));
    const int64_t dim = x.shape[a];
    if (steps[i] == 0) node_fail(node, "step must not be 0");
    int64_t s = starts[i];
    if (s < 0) s += dim;
    s = steps[i] > 0 ? std::min(std::max<int64_t>(s, 0), dim) : std::min(std::max<int64_t>(s, 0), dim - 1);
    begin[a] = s;
    step[a] = steps[i];
  }
  const Shape x_strides = strides_of(x.shape);
  Shape index(y.shape.size());
  for (int64_t i = 0; i < element_count(y); ++i) {
    unravel_into(i, y.shape, index);
    for (size_t d = 0; d < index.size(); ++d) index[d] = begin[d] + index[d] * step[d];
    copy_element(y, i, x, ravel(index, x_strides));
  }
}

// Transpose: y[i_0, ..., i_{r-1}] = x[j] with j[perm[d]] = i_d; perm defaults to reversed dims.
NNSLIM_DEFINE_REFERENCE(Transpose) {
  const TensorView& x = required_input(node, inputs, 0);
  const TensorView& y = required_output(node, outputs, 0);
  const size_t rank = x.shape.size();
  std::vector<int64_t> perm = node.attr_ints("perm");
  if (perm.empty())
    for (size_t d = rank; d-- > 0;) perm.push_back(static_cast<int64_t>(d));
  if (perm.size() != rank) node_fail(node, "perm has ", perm.size(), " entries for rank ", rank);
  const Shape x_strides = strides_of(x.shape);
  Shape out_index(y.shape.size());
  for (int64_t i = 0; i < element_count(y); ++i) {
    unravel_into(i, y.shape, out_index);
    int64_t src = 0;
    for (size_t d = 0; d < rank; ++d) src += out_index[d] * x_strides[static_cast<size_t>(perm[d])];
    copy_element(y, i, x, src);
  }
}

// Gather along `axis`: y[a..., i..., b...] = data[a..., indices[i...], b...];
// negative indices count from the end.
NNSLIM_DEFINE_REFERENCE(Gather) {
  const TensorView& data = required_input(node, inputs, 0);
  const TensorView& indices = required_input(node, inputs, 1);
  const TensorView& y = required_output(node, outputs, 0);
  const int64_t rank = static_cast<int64_t>(data.shape.size());
  const size_t axis = static_cast<size_t>(normalize_axis(node, node.attr_int("axis", 0), rank));
  int64_t outer = 1, inner = 1;
  for (size_t d = 0; d < axis; ++d) outer *= data.shape[d];
  for (size_t d = axis + 1; d < data.shape.size(); ++d) inner *= data.shape[d];
  const int64_t dim = data.shape[axis], count = element_count(indices);
  if (element_count(y) != outer * count * inner) node_fail(node, "output size does not match");
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t j = 0; j < count; ++j) {
      int64_t index = load_int(indices, j);
      if (index < -dim || index >= dim) node_fail(node, "index ", index, " is out of range for axis size ", dim);
      if (index < 0) index += dim;
      for (int64_t i = 0; i < inner; ++i)
        copy_element(y, (o * count + j) * inner + i, data, (o * dim + index) * inner + i);
    }
}

// Expand: x broadcast (numpy rules) to the output shape.
NNSLIM_DEFINE_REFERENCE(Expand) {
  const TensorView& x = required_input(node, inputs, 0);
  const TensorView& y = required_output(node, outputs, 0);
  const std::vector<int64_t> offsets = broadcast_offsets(x.shape, y.shape);
  for (size_t i = 0; i < offsets.size(); ++i) copy_element(y, static_cast<int64_t>(i), x, offsets[i]);
}

// Tile: y[i] = x[i mod x.shape] per dim.
NNSLIM_DEFINE_REFERENCE(Tile) {
  const TensorView& x = required_input(node, inputs, 0);
  const TensorView& y = required_output(node, outputs, 0);
  const Shape x_strides = strides_of(x.shape);
  Shape index(y.shape.size());
  for (int64_t i = 0; i < element_count(y); ++i) {
    unravel_into(i, y.shape, index);
    for (size_t d = 0; d < index.size(); ++d) index[d] %= x.shape[d];
    copy_element(y, i, x, ravel(index, x_strides));
  }
}

// Pad: y index o reads x index o - pad_begin per dim (pads may be negative:
// cropping). Outside the input: constant -> value, edge -> nearest border
// element, reflect -> mirrored without repeating the border, wrap -> periodic.
NNSLIM_DEFINE_REFERENCE(Pad) {
  const TensorView& x = required_input(node, inputs, 0);
  const TensorView& y = required_output(node, outputs, 0);
  const int64_t rank = static_cast<int64_t>(x.shape.size());
  const std::string mode = node.attr_string("mode", "constant");
  std::vector<int64_t> pads;
  double value = 0.0;
  if (opset < 11) {
    pads = node.attr_ints(opset < 2 ? "paddings" : "pads");
    value = node.attr_float("value", 0.f);
  } else {
    pads = read_ints(required_input(node, inputs, 1));
    if (const TensorView* v = optional_input(inputs, 2))
      if (element_count(*v)) value = load_double(*v, 0);
  }
  Shape begin(static_cast<size_t>(rank), 0);
  if (const TensorView* axes_t = optional_input(inputs, 3)) {
    const std::vector<int64_t> axes = read_ints(*axes_t);
    if (pads.size() != 2 * axes.size()) node_fail(node, "pads must have 2 values per axis");
    for (size_t i = 0; i < axes.size(); ++i) begin[static_cast<size_t>(normalize_axis(node, axes[i], rank))] = pads[i];
  } else {
    if (pads.size() != 2 * static_cast<size_t>(rank)) node_fail(node, "pads has ", pads.size(), " values for rank ", rank);
    for (size_t d = 0; d < begin.size(); ++d) begin[d] = pads[d];
  }
  if (mode != "constant" && mode != "edge" && mode != "reflect" && mode != "wrap")
    node_fail(node, ErrorCode::UnsupportedOp, "mode '", mode, "' is not supported");
  // The mode as flags, not string compares per element.
  const bool constant = mode == "constant", edge = mode == "edge", wrap = mode == "wrap";
  const Shape x_strides = strides_of(x.shape);
  Shape index(y.shape.size());
  for (int64_t i = 0; i < element_count(y); ++i) {
    unravel_into(i, y.shape, index);
    bool inside = true;
    for (size_t d = 0; d < index.size(); ++d) {
      int64_t p = index[d] - begin[d];
      const int64_t dim = x.shape[d];
      if (p >= 0 && p < dim) {
        index[d] = p;
        continue;
      }
      if (constant || dim == 0) {
        inside = false;
        break;
      }
      if (edge) {
        p = std::min(std::max<int64_t>(p, 0), dim - 1);
      } else if (wrap) {
        p = ((p % dim) + dim) % dim;
      } else {  // reflect: period 2 * (dim - 1), mirrored around 0 and dim - 1
        if (dim == 1) {
          p = 0;
        } else {
          const int64_t period = 2 * (dim - 1);
          p = ((p % period) + period) % period;
          if (p >= dim) p = period - p;
        }
      }
      index[d] = p;
    }
    if (inside)
      copy_element(y, i, x, ravel(index, x_strides));
    else
      store_double(y, i, value);
  }
}

// DepthToSpace (block b, C' = C / b^2):
//   DCR: y[n, c, h*b + i, w*b + j] = x[n, (i*b + j)*C' + c, h, w]
//   CRD: y[n, c, h*b + i, w*b + j] = x[n, c*b*b + i*b + j, h, w]
NNSLIM_DEFINE_REFERENCE(DepthToSpace) {
  const TensorView& x = required_input(node, inputs, 0);
  const TensorView& y = required_output(node, outputs, 0);
  const int64_t b = node.attr_int("blocksize", 0);
  const bool crd = node.attr_string("mode", "DCR") == "CRD";
  if (x.shape.size() != 4 || b <= 0 || x.shape[1] % (b * b)) node_fail(node, "needs a rank-4 input with C divisible by blocksize^2");
  const int64_t channels = x.shape[1], c_out = channels / (b * b), height = x.shape[2], width = x.shape[3];
  Shape o(4);  // n, c, oh, ow
  for (int64_t i = 0; i < element_count(y); ++i) {
    unravel_into(i, y.shape, o);
    const int64_t h = o[2] / b, bi = o[2] % b, w = o[3] / b, bj = o[3] % b;
    const int64_t c = crd ? o[1] * b * b + bi * b + bj : (bi * b + bj) * c_out + o[1];
    copy_element(y, i, x, ((o[0] * channels + c) * height + h) * width + w);
  }
}

// SpaceToDepth (block b): y[n, (i*b + j)*C + c, h, w] = x[n, c, h*b + i, w*b + j].
NNSLIM_DEFINE_REFERENCE(SpaceToDepth) {
  const TensorView& x = required_input(node, inputs, 0);
  const TensorView& y = required_output(node, outputs, 0);
  const int64_t b = node.attr_int("blocksize", 0);
  if (x.shape.size() != 4 || b <= 0) node_fail(node, "needs a rank-4 input and a positive blocksize");
  const int64_t channels = x.shape[1], height = x.shape[2], width = x.shape[3];
  Shape o(4);  // n, c_out, h, w
  for (int64_t i = 0; i < element_count(y); ++i) {
    unravel_into(i, y.shape, o);
    const int64_t block = o[1] / channels, c = o[1] % channels;
    const int64_t h = o[2] * b + block / b, w = o[3] * b + block % b;
    copy_element(y, i, x, ((o[0] * channels + c) * height + h) * width + w);
  }
}

}  // namespace reference
}  // namespace nnslim
