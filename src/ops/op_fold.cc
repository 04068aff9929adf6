#include "ops/op_fold.h"

#include <cmath>
#include <cstring>
#include <limits>

namespace nnslim {

bool is_integer_dtype(DType dtype) {
  switch (dtype) {
    case DType::Int8: case DType::Uint8: case DType::Int16: case DType::Uint16:
    case DType::Int32: case DType::Uint32: case DType::Int64: case DType::Uint64:
      return true;
    default:
      return false;
  }
}

bool is_arithmetic_dtype(DType dtype) {
  return is_integer_dtype(dtype) || dtype == DType::Bool || dtype == DType::Float32 || dtype == DType::Float64;
}

bool can_fold(const InferContext& ctx, const Shape& output_shape) {
  if (!ctx.all_inputs_constant()) return false;
  for (int64_t d : output_shape)
    if (d < 0) return false;
  if (shape_numel(output_shape) > kMaxFoldElements) return false;
  for (size_t i = 0; i < ctx.input_count(); ++i) {
    const Tensor* t = ctx.input_constant(i);
    if (!t) continue;
    if (dtype_size(t->dtype) == 0 || t->numel() > kMaxFoldElements) return false;
    if (t->bytes.size() != t->byte_size()) return false;  // malformed payload: leave it to the kernels' checks
  }
  return true;
}

TensorPtr make_tensor(DType dtype, const Shape& dims) {
  auto t = std::make_shared<Tensor>();
  t->dtype = dtype;
  t->dims = dims;
  t->bytes.assign(t->byte_size(), 0);
  return t;
}

namespace {
template <typename T>
void put(Tensor& t, int64_t i, T v) {
  std::memcpy(t.bytes.data() + static_cast<size_t>(i) * sizeof(T), &v, sizeof(T));
}

// double -> int64 without undefined behavior: truncation toward zero,
// saturating at the int64 range, NaN -> 0.
int64_t saturating_trunc(double v) {
  if (std::isnan(v)) return 0;
  if (v >= 9.2233720368547758e18) return std::numeric_limits<int64_t>::max();
  if (v <= -9.2233720368547758e18) return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(v);
}
}  // namespace

void store_int(Tensor& t, int64_t i, int64_t v) {
  switch (t.dtype) {
    case DType::Int64: put<int64_t>(t, i, v); break;
    case DType::Uint64: put<uint64_t>(t, i, static_cast<uint64_t>(v)); break;
    case DType::Int32: put<int32_t>(t, i, static_cast<int32_t>(v)); break;
    case DType::Uint32: put<uint32_t>(t, i, static_cast<uint32_t>(v)); break;
    case DType::Int16: put<int16_t>(t, i, static_cast<int16_t>(v)); break;
    case DType::Uint16: put<uint16_t>(t, i, static_cast<uint16_t>(v)); break;
    case DType::Int8: put<int8_t>(t, i, static_cast<int8_t>(v)); break;
    case DType::Uint8: put<uint8_t>(t, i, static_cast<uint8_t>(v)); break;
    case DType::Bool: put<uint8_t>(t, i, v != 0 ? 1 : 0); break;
    case DType::Float32: put<float>(t, i, static_cast<float>(v)); break;
    case DType::Float64: put<double>(t, i, static_cast<double>(v)); break;
    default: fail("cannot store integers into a ", dtype_name(t.dtype), " tensor");
  }
}

void store_double(Tensor& t, int64_t i, double v) {
  switch (t.dtype) {
    case DType::Float32: put<float>(t, i, static_cast<float>(v)); break;
    case DType::Float64: put<double>(t, i, v); break;
    case DType::Bool: put<uint8_t>(t, i, v != 0 ? 1 : 0); break;
    default: store_int(t, i, saturating_trunc(v));
  }
}

Shape row_major_strides(const Shape& shape) {
  Shape strides(shape.size(), 1);
  for (size_t i = shape.size(); i-- > 1;) strides[i - 1] = strides[i] * shape[i];
  return strides;
}

TensorPtr gather_elements(const Tensor& in, const std::vector<int64_t>& source, const Shape& out_dims) {
  TensorPtr out = make_tensor(in.dtype, out_dims);
  const size_t size = dtype_size(in.dtype);
  NNSLIM_CHECK(static_cast<int64_t>(source.size()) == out->numel(), "internal: gather index count mismatch");
  for (size_t i = 0; i < source.size(); ++i) {
    NNSLIM_CHECK(source[i] >= 0 && source[i] < in.numel(), "internal: gather index out of range");
    std::memcpy(out->bytes.data() + i * size, in.bytes.data() + static_cast<size_t>(source[i]) * size, size);
  }
  return out;
}

TensorPtr with_dims(const Tensor& in, const Shape& dims) {
  auto out = std::make_shared<Tensor>(in);
  out->dims = dims;
  NNSLIM_CHECK(out->numel() == in.numel(), "internal: reshape of a folded constant changes its size");
  return out;
}

bool fold_as_reshaped_input(InferContext& ctx, const Shape& dims) {
  if (!can_fold(ctx, dims)) return false;
  ctx.set_output_constant(0, with_dims(*ctx.input_constant(0), dims));
  return true;
}

std::vector<int64_t> broadcast_source_indices(const Shape& in, const Shape& out) {
  const size_t rank = out.size();
  const size_t offset = rank - in.size();
  const Shape in_strides = row_major_strides(in);
  // Stride of each output axis in the input: 0 where the input broadcasts.
  Shape stride(rank, 0);
  for (size_t i = 0; i < in.size(); ++i) stride[i + offset] = in[i] == 1 ? 0 : in_strides[i];
  const int64_t n = shape_numel(out);
  std::vector<int64_t> source(static_cast<size_t>(n));
  Shape index(rank, 0);
  for (int64_t flat = 0; flat < n; ++flat) {
    int64_t src = 0;
    for (size_t a = 0; a < rank; ++a) src += index[a] * stride[a];
    source[static_cast<size_t>(flat)] = src;
    for (size_t a = rank; a-- > 0;) {  // odometer increment
      if (++index[a] < out[a]) break;
      index[a] = 0;
    }
  }
  return source;
}

bool fold_elementwise(InferContext& ctx, const Shape& out_shape, DType out_dtype, const IntElementwise& int_fn,
                      const FloatElementwise& float_fn) {
  if (!can_fold(ctx, out_shape) || !is_arithmetic_dtype(out_dtype)) return false;
  std::vector<const Tensor*> inputs;
  bool any_float = false;
  for (size_t i = 0; i < ctx.input_count(); ++i) {
    const Tensor* t = ctx.input_constant(i);
    if (!t) continue;
    if (!is_arithmetic_dtype(t->dtype)) return false;
    any_float = any_float || dtype_is_float(t->dtype);
    inputs.push_back(t);
  }
  if (any_float ? !float_fn : !int_fn) return false;
  std::vector<std::vector<int64_t>> sources;
  for (const Tensor* t : inputs) sources.push_back(broadcast_source_indices(t->dims, out_shape));
  TensorPtr out = make_tensor(out_dtype, out_shape);
  const int64_t n = out->numel();
  std::vector<int64_t> ints(inputs.size());
  std::vector<double> floats(inputs.size());
  for (int64_t e = 0; e < n; ++e) {
    if (any_float) {
      for (size_t k = 0; k < inputs.size(); ++k) floats[k] = inputs[k]->float_at(sources[k][static_cast<size_t>(e)]);
      store_double(*out, e, float_fn(floats));
    } else {
      for (size_t k = 0; k < inputs.size(); ++k) ints[k] = inputs[k]->int_at(sources[k][static_cast<size_t>(e)]);
      store_int(*out, e, int_fn(ints));
    }
  }
  ctx.set_output_constant(0, out);
  return true;
}

}  // namespace nnslim
