// The coordinate math of Resize / Upsample (ref_resize.cc explains it), shared
// by the reference and the fast Resize lowering, which precomputes the same
// taps into index/weight tables at compile time: one definition of every
// coordinate_transformation_mode and nearest_mode.
#pragma once
#include <string>
#include <vector>

#include "ops/reference/reference.h"

namespace nnslim {
namespace reference {

// One input index along a dim and its weight.
struct ResizeTap {
  int64_t index;
  double weight;
};

struct ResizeSpec {
  std::string mode = "nearest";
  std::string coordinates = "half_pixel";
  std::string nearest_mode = "round_prefer_floor";
  bool legacy = false;  // Upsample / Resize-10
  double cubic_a = -0.75;
  bool exclude_outside = false;
  double extrapolation = 0.0;
};

// tables[d][o]: the taps of output index o along dim d (empty: the output is
// extrapolation_value, tf_crop_and_resize only).
using ResizeTapTables = std::vector<std::vector<std::vector<ResizeTap>>>;

// Reads the node's attributes and its roi / scales inputs (`inputs` as the
// reference gets them; only their shapes and values are read, X's shape
// included) and builds the tables for output shape `y_shape`. Fails naming the
// node for unsupported attributes. `spec_out` (optional) receives the spec.
ResizeTapTables resize_tap_tables(const Node& node, int64_t opset, const std::vector<const TensorView*>& inputs,
                                  const Shape& y_shape, ResizeSpec* spec_out);

}  // namespace reference
}  // namespace nnslim
