// Element access shared by the reference ops: read/write any numeric dtype as
// double or int64, strides, broadcasting offsets, attribute-like inputs.
// Per-element dtype dispatch is slow but keeps every op one loop, dtype-free.
#pragma once
#include <cstdint>
#include <vector>

#include "core/error.h"
#include "ops/reference/reference.h"

namespace nnslim {
namespace reference {

int64_t element_count(const TensorView& t);
// Integer and bool types: computed in int64 (exact), everything else in double.
bool is_integral(DType t);

double load_double(const TensorView& t, int64_t i);
int64_t load_int(const TensorView& t, int64_t i);
// Rounds to the destination type: float16/bfloat16 to nearest even, ints by
// truncation toward zero (C casts, as ONNX Cast does), bool as v != 0.
void store_double(const TensorView& t, int64_t i, double v);
void store_int(const TensorView& t, int64_t i, int64_t v);
// Copies element src_i of src to element dst_i of dst (same dtype), bytewise.
void copy_element(const TensorView& dst, int64_t dst_i, const TensorView& src, int64_t src_i);

// IEEE half and bfloat16 <-> float.
float half_to_float(uint16_t h);
uint16_t float_to_half(float f);
float bfloat16_to_float(uint16_t b);
uint16_t float_to_bfloat16(float f);

// Row-major strides (in elements) of a shape.
Shape strides_of(const Shape& shape);
// For every element of `out` (row-major), the offset of the element of a
// tensor of shape `in` that numpy broadcasting maps to it.
std::vector<int64_t> broadcast_offsets(const Shape& in, const Shape& out);
// Multi-index of linear element i of `shape`.
Shape unravel(int64_t i, const Shape& shape);
// The same into `index` (already sized to shape's rank): no allocation, for
// loops over every element (a vector per element made the N-D pools and
// convs spend most of their time in malloc).
void unravel_into(int64_t i, const Shape& shape, Shape& index);

// An optional input: nullptr when omitted or beyond the list.
const TensorView* optional_input(const std::vector<const TensorView*>& inputs, size_t i);
// A required input; fails naming the node when absent.
const TensorView& required_input(const Node& node, const std::vector<const TensorView*>& inputs, size_t i);
// Output i, which must be present.
const TensorView& required_output(const Node& node, const std::vector<TensorView*>& outputs, size_t i);
// All elements of an integer tensor (axes, pads, shapes, ...).
std::vector<int64_t> read_ints(const TensorView& t);
std::vector<double> read_doubles(const TensorView& t);
// axis in [-rank, rank) -> [0, rank); fails naming the node otherwise.
int64_t normalize_axis(const Node& node, int64_t axis, int64_t rank);

template <typename... Parts>
[[noreturn]] void node_fail(const Node& node, const Parts&... parts) {
  ::nnslim::fail(node.describe(), ": ", parts...);
}
template <typename... Parts>
[[noreturn]] void node_fail(const Node& node, ErrorCode code, const Parts&... parts) {
  ::nnslim::fail(code, node.describe(), ": ", parts...);
}

}  // namespace reference
}  // namespace nnslim
