// Resize (opset 10..) and Upsample (opset 7..9), any rank.
//
// Resizing is separable: along each dim d, output index o maps to a real input
// coordinate x (coordinate_transformation_mode), and x to a few input taps with
// weights (mode). The output element is the sum over every combination of one
// tap per dim of the product of their weights times the input element.
//
// Coordinate transformations (scale = the dim's scale; out/in when sizes are given):
//   half_pixel          x = (o + 0.5) / scale - 0.5
//   pytorch_half_pixel  x = out > 1 ? (o + 0.5) / scale - 0.5 : 0
//   asymmetric          x = o / scale
//   tf_half_pixel_for_nn x = (o + 0.5) / scale
//   align_corners       x = out > 1 ? o * (in - 1) / (out - 1) : 0
//   tf_crop_and_resize  x = out > 1 ? s*(in-1) + o*(e-s)*(in-1)/(out-1) : (s+e)/2*(in-1),
//                       where out is the real resized length in * scale;
//                       [s, e] from roi; x outside [0, in-1] gives extrapolation_value.
// Modes:
//   nearest  one tap: x rounded by nearest_mode (round_prefer_floor, round_prefer_ceil,
//            floor, ceil), clamped to [0, in-1]
//   linear   taps floor(x), floor(x)+1 with weights 1-t, t (t = x - floor(x))
//   cubic    taps floor(x)-1 .. floor(x)+2 with Keys' weights (cubic_coeff_a = A, default -0.75)
// Taps outside the input take the border element (edge), or with exclude_outside = 1
// get weight 0 and the rest are renormalized.
// Upsample and opset-10 Resize: asymmetric coordinates; nearest rounds down when
// upsampling and up when downsampling (what ONNX Runtime does for these versions).
#include <algorithm>
#include <cmath>

#include "ops/reference/reference_ops.h"
#include "ops/reference/resize_taps.h"

namespace nnslim {
namespace reference {
namespace {

double source_coordinate(const Node& node, const ResizeSpec& spec, int64_t o, int64_t in, double scale,
                         double roi_start, double roi_end) {
  const double od = static_cast<double>(o);
  // The resized length as a real number, in * scale, not the rounded output size
  // (ONNX's reference; with sizes given, scale = out / in makes them equal).
  const double out = static_cast<double>(in) * scale;
  const std::string& m = spec.coordinates;
  if (spec.legacy || m == "asymmetric") return od / scale;
  if (m == "half_pixel") return (od + 0.5) / scale - 0.5;
  if (m == "pytorch_half_pixel") return out > 1 ? (od + 0.5) / scale - 0.5 : 0.0;
  if (m == "tf_half_pixel_for_nn") return (od + 0.5) / scale;
  if (m == "align_corners") return out > 1 ? od * static_cast<double>(in - 1) / (out - 1) : 0.0;
  if (m == "tf_crop_and_resize")
    return out > 1 ? roi_start * static_cast<double>(in - 1) +
                         od * (roi_end - roi_start) * static_cast<double>(in - 1) / (out - 1)
                   : 0.5 * (roi_start + roi_end) * static_cast<double>(in - 1);
  node_fail(node, ErrorCode::UnsupportedOp, "coordinate_transformation_mode '", m, "' is not supported");
}

int64_t nearest_index(const Node& node, const ResizeSpec& spec, double x, double scale) {
  double r;
  if (spec.legacy) {
    r = scale < 1.0 ? std::ceil(x) : std::floor(x);
  } else if (spec.nearest_mode == "round_prefer_floor") {
    r = x == std::floor(x) + 0.5 ? std::floor(x) : std::round(x);
  } else if (spec.nearest_mode == "round_prefer_ceil") {
    r = x == std::floor(x) + 0.5 ? std::ceil(x) : std::round(x);
  } else if (spec.nearest_mode == "floor") {
    r = std::floor(x);
  } else if (spec.nearest_mode == "ceil") {
    r = std::ceil(x);
  } else {
    node_fail(node, ErrorCode::UnsupportedOp, "nearest_mode '", spec.nearest_mode, "' is not supported");
  }
  return static_cast<int64_t>(r);
}

// Taps of output index o along one dim; empty = extrapolate (tf_crop_and_resize).
std::vector<ResizeTap> taps_for(const Node& node, const ResizeSpec& spec, int64_t o, int64_t in, double scale,
                          double roi_start, double roi_end) {
  const double x = source_coordinate(node, spec, o, in, scale, roi_start, roi_end);
  if (spec.coordinates == "tf_crop_and_resize" && !spec.legacy && (x < 0 || x > static_cast<double>(in - 1))) return {};
  std::vector<ResizeTap> taps;
  auto clamp = [in](int64_t i) { return std::min(std::max<int64_t>(i, 0), in - 1); };
  if (spec.mode == "nearest") {
    taps.push_back({clamp(nearest_index(node, spec, x, scale)), 1.0});
    return taps;
  }
  const double x0 = std::floor(x), t = x - x0;
  const int64_t i0 = static_cast<int64_t>(x0);
  if (spec.mode == "linear" || spec.mode == "bilinear" || spec.mode == "trilinear") {
    taps = {{i0, 1.0 - t}, {i0 + 1, t}};
  } else if (spec.mode == "cubic") {
    const double a = spec.cubic_a;
    // Keys' cubic convolution weights for distances 1+t, t, 1-t, 2-t.
    auto far = [a](double d) { return ((a * d - 5 * a) * d + 8 * a) * d - 4 * a; };  // 1 <= d < 2
    auto near = [a](double d) { return ((a + 2) * d - (a + 3)) * d * d + 1; };        // 0 <= d < 1
    taps = {{i0 - 1, far(1 + t)}, {i0, near(t)}, {i0 + 1, near(1 - t)}, {i0 + 2, far(2 - t)}};
  } else {
    node_fail(node, ErrorCode::UnsupportedOp, "mode '", spec.mode, "' is not supported");
  }
  if (spec.exclude_outside) {
    double total = 0;
    for (ResizeTap& tap : taps) {
      if (tap.index < 0 || tap.index >= in) tap.weight = 0;
      total += tap.weight;
    }
    for (ResizeTap& tap : taps) tap.weight /= total;
  }
  for (ResizeTap& tap : taps) tap.index = clamp(tap.index);
  return taps;
}

void resize(const ResizeSpec& spec, const ResizeTapTables& dim_taps, const TensorView& x, const TensorView& y) {
  const size_t rank = x.shape.size();
  const Shape x_strides = strides_of(x.shape);
  // Per output element (reused: no allocation in the loop).
  Shape o(rank);
  std::vector<const std::vector<ResizeTap>*> taps(rank);
  std::vector<size_t> choice(rank);
  for (int64_t i = 0; i < element_count(y); ++i) {
    unravel_into(i, y.shape, o);
    bool extrapolate = false;
    for (size_t d = 0; d < rank; ++d) {
      taps[d] = &dim_taps[d][static_cast<size_t>(o[d])];
      extrapolate = extrapolate || taps[d]->empty();
    }
    if (extrapolate) {
      store_double(y, i, spec.extrapolation);
      continue;
    }
    // Sum over every combination of one tap per dim (an odometer over tap choices).
    std::fill(choice.begin(), choice.end(), 0);
    double sum = 0.0;
    while (true) {
      double weight = 1.0;
      int64_t flat = 0;
      for (size_t d = 0; d < rank; ++d) {
        const ResizeTap& tap = (*taps[d])[choice[d]];
        weight *= tap.weight;
        flat += tap.index * x_strides[d];
      }
      if (weight != 0.0) sum += weight * load_double(x, flat);
      size_t d = rank;
      while (d-- > 0) {
        if (++choice[d] < taps[d]->size()) break;
        choice[d] = 0;
      }
      if (d == static_cast<size_t>(-1)) break;
    }
    store_double(y, i, sum);
  }
}

// Scales from a scales tensor, or out/in per dim when absent/empty.
std::vector<double> scales_of(const TensorView* scales, const Shape& x, const Shape& y) {
  if (scales && element_count(*scales) > 0) return read_doubles(*scales);
  std::vector<double> out(x.size());
  for (size_t d = 0; d < out.size(); ++d)
    out[d] = x[d] ? static_cast<double>(y[d]) / static_cast<double>(x[d]) : 1.0;
  return out;
}

}  // namespace

// Per dim, per output index: its taps (see resize_taps.h).
ResizeTapTables resize_tap_tables(const Node& node, int64_t opset, const std::vector<const TensorView*>& inputs,
                                  const Shape& y_shape, ResizeSpec* spec_out) {
  const TensorView& x = required_input(node, inputs, 0);
  ResizeSpec spec;
  std::vector<double> scales, roi;
  if (node.op_type == "Upsample") {
    spec.legacy = true;
    spec.mode = node.attr_string("mode", "nearest");
    if (opset < 9) {
      for (float s : node.attr_floats("scales")) scales.push_back(s);
    } else {
      scales = scales_of(optional_input(inputs, 1), x.shape, y_shape);
    }
  } else {
    spec.mode = node.attr_string("mode", "nearest");
    spec.coordinates = node.attr_string("coordinate_transformation_mode", "half_pixel");
    spec.nearest_mode = node.attr_string("nearest_mode", "round_prefer_floor");
    spec.cubic_a = node.attr_float("cubic_coeff_a", -0.75f);
    spec.exclude_outside = node.attr_int("exclude_outside", 0) != 0;
    spec.extrapolation = node.attr_float("extrapolation_value", 0.f);
    if (node.attr_int("antialias", 0)) node_fail(node, ErrorCode::UnsupportedOp, "antialias = 1 is not supported");
    if (node.has_attr("axes")) node_fail(node, ErrorCode::UnsupportedOp, "the axes attribute is not supported");
    if (opset < 11) {
      spec.legacy = true;
      scales = scales_of(optional_input(inputs, 1), x.shape, y_shape);
    } else {
      if (const TensorView* r = optional_input(inputs, 1)) roi = read_doubles(*r);
      scales = scales_of(optional_input(inputs, 2), x.shape, y_shape);
    }
  }
  const size_t rank = x.shape.size();
  if (scales.size() != rank) node_fail(node, "scales has ", scales.size(), " values for rank ", rank);
  ResizeTapTables tables(rank);
  for (size_t d = 0; d < rank; ++d) {
    const double roi_start = roi.size() == 2 * rank ? roi[d] : 0.0;
    const double roi_end = roi.size() == 2 * rank ? roi[rank + d] : 1.0;
    for (int64_t o = 0; o < y_shape[d]; ++o)
      tables[d].push_back(taps_for(node, spec, o, x.shape[d], scales[d], roi_start, roi_end));
  }
  if (spec_out) *spec_out = spec;
  return tables;
}

NNSLIM_DEFINE_REFERENCE(Resize) {
  const TensorView& x = required_input(node, inputs, 0);
  const TensorView& y = required_output(node, outputs, 0);
  ResizeSpec spec;
  const ResizeTapTables tables = resize_tap_tables(node, opset, inputs, y.shape, &spec);
  resize(spec, tables, x, y);
}

NNSLIM_DEFINE_REFERENCE(Upsample) {
  const TensorView& x = required_input(node, inputs, 0);
  const TensorView& y = required_output(node, outputs, 0);
  ResizeSpec spec;
  const ResizeTapTables tables = resize_tap_tables(node, opset, inputs, y.shape, &spec);
  resize(spec, tables, x, y);
}

}  // namespace reference
}  // namespace nnslim
