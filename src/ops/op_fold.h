// Constant folding for the shape arithmetic that converters emit
// (Shape -> Gather -> Unsqueeze -> Concat -> Reshape, Cast -> Mul -> Floor for
// Resize sizes, ...). An op's infer() folds when every input is a constant and
// the result is small: weights are never duplicated into folded copies.
//
// A folded output is a plain constant (Value::constant set, Value::is_param
// left false): it is data the graph computes, not a weight.
#pragma once
#include <functional>

#include "ops/op_registry.h"

namespace nnslim {

// Largest folded result, in elements.
constexpr int64_t kMaxFoldElements = 65536;

// True if every present input is a materialized constant, each input and the
// output shape hold at most kMaxFoldElements elements, and every input's dtype
// has a fixed size (so its bytes can be copied).
bool can_fold(const InferContext& ctx, const Shape& output_shape);

// dtypes whose elements Tensor::int_at / float_at can read and store_* can
// write: bool, the integer types, float32, float64 (not float16/bfloat16).
bool is_arithmetic_dtype(DType dtype);
bool is_integer_dtype(DType dtype);  // int8..uint64 (bool excluded)

// A tensor of `dtype` and `dims` with zeroed bytes.
TensorPtr make_tensor(DType dtype, const Shape& dims);
// Writes element i, converting as a C cast would (float -> int truncates;
// NaN and out-of-range floats saturate instead of invoking undefined behavior).
void store_int(Tensor& tensor, int64_t i, int64_t value);
void store_double(Tensor& tensor, int64_t i, double value);

// out[i] = in[source[i]] (element copies of any fixed-size dtype).
TensorPtr gather_elements(const Tensor& in, const std::vector<int64_t>& source, const Shape& out_dims);
// The same bytes with other dims (Reshape, Flatten, Squeeze, Identity, ...).
TensorPtr with_dims(const Tensor& in, const Shape& dims);

// Folds output 0 as input 0's bytes with `dims` (Reshape, Squeeze, Identity,
// ...), when can_fold allows. Returns whether it folded.
bool fold_as_reshaped_input(InferContext& ctx, const Shape& dims);

// For each element of `out` (row-major), the flat index of the element of a
// tensor of shape `in` that numpy broadcasting maps to it.
std::vector<int64_t> broadcast_source_indices(const Shape& in, const Shape& out);

// Row-major strides of `shape` in elements.
Shape row_major_strides(const Shape& shape);

// Folds an elementwise op over broadcast inputs. Integer and bool math runs in
// int64 (`int_fn`), float math in double (`float_fn`, correctly rounded to
// float32 for the basic operations); the result has `out_dtype`. Returns false
// (no fold) if a dtype is not arithmetic or the needed function is null.
using IntElementwise = std::function<int64_t(const std::vector<int64_t>&)>;
using FloatElementwise = std::function<double(const std::vector<double>&)>;
bool fold_elementwise(InferContext& ctx, const Shape& out_shape, DType out_dtype, const IntElementwise& int_fn,
                      const FloatElementwise& float_fn);

}  // namespace nnslim
