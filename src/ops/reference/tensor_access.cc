#include "ops/reference/tensor_access.h"

#include <cmath>
#include <cstring>

namespace nnslim {
namespace reference {

int64_t element_count(const TensorView& t) { return shape_numel(t.shape); }

bool is_integral(DType t) {
  switch (t) {
    case DType::Int8: case DType::Int16: case DType::Int32: case DType::Int64:
    case DType::Uint8: case DType::Uint16: case DType::Uint32: case DType::Uint64:
    case DType::Bool:
      return true;
    default:
      return false;
  }
}

// ---- float16 / bfloat16
float half_to_float(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
  const uint32_t exponent = (h >> 10) & 0x1fu;
  const uint32_t mantissa = h & 0x3ffu;
  float magnitude;
  if (exponent == 0) {
    magnitude = std::ldexp(static_cast<float>(mantissa), -24);  // subnormal: m * 2^-24
  } else if (exponent == 31) {
    magnitude = mantissa ? NAN : INFINITY;
  } else {
    const uint32_t bits = ((exponent + 112u) << 23) | (mantissa << 13);  // rebias 15 -> 127
    std::memcpy(&magnitude, &bits, 4);
  }
  return sign ? -magnitude : magnitude;
}

uint16_t float_to_half(float f) {
  uint32_t x;
  std::memcpy(&x, &f, 4);
  const uint16_t sign = static_cast<uint16_t>((x >> 16) & 0x8000u);
  const uint32_t abs_bits = x & 0x7fffffffu;
  if (abs_bits >= 0x7f800000u) return sign | (abs_bits > 0x7f800000u ? 0x7e00 : 0x7c00);  // NaN / inf
  if (abs_bits >= 0x477ff000u) return sign | 0x7c00;  // >= 65520 rounds to inf
  if (abs_bits < 0x38800000u) {                       // below 2^-14: subnormal half, unit 2^-24
    float magnitude;
    std::memcpy(&magnitude, &abs_bits, 4);
    return sign | static_cast<uint16_t>(std::nearbyint(magnitude * 16777216.0f));  // ties to even
  }
  // Normal: rebias the exponent (127 -> 15) and round 23 -> 10 mantissa bits to nearest even.
  const uint32_t rounded = abs_bits + 0xfffu + ((abs_bits >> 13) & 1u);
  return sign | static_cast<uint16_t>((rounded - 0x38000000u) >> 13);
}

float bfloat16_to_float(uint16_t b) {
  const uint32_t bits = static_cast<uint32_t>(b) << 16;
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

uint16_t float_to_bfloat16(float f) {
  uint32_t x;
  std::memcpy(&x, &f, 4);
  if ((x & 0x7fffffffu) > 0x7f800000u) return static_cast<uint16_t>((x >> 16) | 0x40u);  // quiet NaN
  return static_cast<uint16_t>((x + 0x7fffu + ((x >> 16) & 1u)) >> 16);  // nearest even
}

// ---- loads and stores
namespace {
template <typename T>
T at(const TensorView& t, int64_t i) {
  T v;
  std::memcpy(&v, static_cast<const uint8_t*>(t.data) + i * static_cast<int64_t>(sizeof(T)), sizeof(T));
  return v;
}
template <typename T>
void put(const TensorView& t, int64_t i, T v) {
  std::memcpy(static_cast<uint8_t*>(t.data) + i * static_cast<int64_t>(sizeof(T)), &v, sizeof(T));
}
[[noreturn]] void unsupported(DType t) {
  fail(ErrorCode::UnsupportedOp, "dtype ", dtype_name(t), " is not supported by the reference ops");
}

// double -> int64 without undefined behaviour (NaN -> 0, saturating).
int64_t to_int64(double v) {
  if (std::isnan(v)) return 0;
  if (v >= 9.2233720368547758e18) return INT64_MAX;
  if (v <= -9.2233720368547758e18) return INT64_MIN;
  return static_cast<int64_t>(v);
}
}  // namespace

double load_double(const TensorView& t, int64_t i) {
  switch (t.dtype) {
    case DType::Float32: return at<float>(t, i);
    case DType::Float64: return at<double>(t, i);
    case DType::Float16: return half_to_float(at<uint16_t>(t, i));
    case DType::BFloat16: return bfloat16_to_float(at<uint16_t>(t, i));
    case DType::Uint64: return static_cast<double>(at<uint64_t>(t, i));
    default: return static_cast<double>(load_int(t, i));
  }
}

int64_t load_int(const TensorView& t, int64_t i) {
  switch (t.dtype) {
    case DType::Int8: return at<int8_t>(t, i);
    case DType::Int16: return at<int16_t>(t, i);
    case DType::Int32: return at<int32_t>(t, i);
    case DType::Int64: return at<int64_t>(t, i);
    case DType::Uint8: return at<uint8_t>(t, i);
    case DType::Uint16: return at<uint16_t>(t, i);
    case DType::Uint32: return at<uint32_t>(t, i);
    case DType::Uint64: return static_cast<int64_t>(at<uint64_t>(t, i));
    case DType::Bool: return at<uint8_t>(t, i) != 0;
    case DType::Float32: case DType::Float64: case DType::Float16: case DType::BFloat16:
      return to_int64(load_double(t, i));
    default: unsupported(t.dtype);
  }
}

void store_double(const TensorView& t, int64_t i, double v) {
  switch (t.dtype) {
    case DType::Float32: put<float>(t, i, static_cast<float>(v)); return;
    case DType::Float64: put<double>(t, i, v); return;
    case DType::Float16: put<uint16_t>(t, i, float_to_half(static_cast<float>(v))); return;
    case DType::BFloat16: put<uint16_t>(t, i, float_to_bfloat16(static_cast<float>(v))); return;
    case DType::Bool: put<uint8_t>(t, i, v != 0.0); return;
    case DType::Uint64:
      // NaN gives 0, as to_int64 does (`!(v > 0)`: a NaN compares false).
      put<uint64_t>(t, i, v >= 1.8446744073709552e19 ? UINT64_MAX : !(v > 0) ? 0 : static_cast<uint64_t>(v));
      return;
    default: store_int(t, i, to_int64(v)); return;
  }
}

void store_int(const TensorView& t, int64_t i, int64_t v) {
  switch (t.dtype) {
    case DType::Int8: put<int8_t>(t, i, static_cast<int8_t>(v)); return;
    case DType::Int16: put<int16_t>(t, i, static_cast<int16_t>(v)); return;
    case DType::Int32: put<int32_t>(t, i, static_cast<int32_t>(v)); return;
    case DType::Int64: put<int64_t>(t, i, v); return;
    case DType::Uint8: put<uint8_t>(t, i, static_cast<uint8_t>(v)); return;
    case DType::Uint16: put<uint16_t>(t, i, static_cast<uint16_t>(v)); return;
    case DType::Uint32: put<uint32_t>(t, i, static_cast<uint32_t>(v)); return;
    case DType::Uint64: put<uint64_t>(t, i, static_cast<uint64_t>(v)); return;
    case DType::Bool: put<uint8_t>(t, i, v != 0); return;
    case DType::Float32: case DType::Float64: case DType::Float16: case DType::BFloat16:
      store_double(t, i, static_cast<double>(v));
      return;
    default: unsupported(t.dtype);
  }
}

void copy_element(const TensorView& dst, int64_t dst_i, const TensorView& src, int64_t src_i) {
  const size_t size = dtype_size(src.dtype);
  std::memcpy(static_cast<uint8_t*>(dst.data) + dst_i * static_cast<int64_t>(size),
              static_cast<const uint8_t*>(src.data) + src_i * static_cast<int64_t>(size), size);
}

// ---- indexing
Shape strides_of(const Shape& shape) {
  Shape strides(shape.size(), 1);
  for (size_t d = shape.size(); d-- > 1;) strides[d - 1] = strides[d] * shape[d];
  return strides;
}

std::vector<int64_t> broadcast_offsets(const Shape& in, const Shape& out) {
  NNSLIM_CHECK(in.size() <= out.size(), "cannot broadcast ", shape_to_string(in), " to ", shape_to_string(out));
  // Input dims aligned to the right; a dim of 1 repeats (stride 0).
  const size_t lead = out.size() - in.size();
  const Shape in_strides = strides_of(in);
  Shape strides(out.size(), 0);
  for (size_t d = 0; d < in.size(); ++d) {
    NNSLIM_CHECK(in[d] == out[lead + d] || in[d] == 1, "cannot broadcast ", shape_to_string(in), " to ",
                 shape_to_string(out));
    strides[lead + d] = in[d] == 1 ? 0 : in_strides[d];
  }
  const int64_t n = shape_numel(out);
  std::vector<int64_t> offsets(static_cast<size_t>(n));
  Shape index(out.size(), 0);
  int64_t offset = 0;
  for (int64_t i = 0; i < n; ++i) {
    offsets[static_cast<size_t>(i)] = offset;
    // Increment the multi-index like an odometer, keeping the offset in step.
    for (size_t d = out.size(); d-- > 0;) {
      ++index[d];
      offset += strides[d];
      if (index[d] < out[d]) break;
      offset -= strides[d] * index[d];
      index[d] = 0;
    }
  }
  return offsets;
}

Shape unravel(int64_t i, const Shape& shape) {
  Shape index(shape.size(), 0);
  unravel_into(i, shape, index);
  return index;
}

void unravel_into(int64_t i, const Shape& shape, Shape& index) {
  for (size_t d = shape.size(); d-- > 0;) {
    index[d] = i % shape[d];
    i /= shape[d];
  }
}

// ---- inputs
const TensorView* optional_input(const std::vector<const TensorView*>& inputs, size_t i) {
  return i < inputs.size() ? inputs[i] : nullptr;
}

const TensorView& required_input(const Node& node, const std::vector<const TensorView*>& inputs, size_t i) {
  const TensorView* t = optional_input(inputs, i);
  if (!t) node_fail(node, "input ", i, " is required but missing");
  return *t;
}

const TensorView& required_output(const Node& node, const std::vector<TensorView*>& outputs, size_t i) {
  if (i >= outputs.size() || !outputs[i]) node_fail(node, "output ", i, " is required but missing");
  return *outputs[i];
}

std::vector<int64_t> read_ints(const TensorView& t) {
  std::vector<int64_t> out(static_cast<size_t>(element_count(t)));
  for (size_t i = 0; i < out.size(); ++i) out[i] = load_int(t, static_cast<int64_t>(i));
  return out;
}

std::vector<double> read_doubles(const TensorView& t) {
  std::vector<double> out(static_cast<size_t>(element_count(t)));
  for (size_t i = 0; i < out.size(); ++i) out[i] = load_double(t, static_cast<int64_t>(i));
  return out;
}

int64_t normalize_axis(const Node& node, int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank) node_fail(node, "axis ", axis, " is out of range for rank ", rank);
  return axis < 0 ? axis + rank : axis;
}

}  // namespace reference
}  // namespace nnslim
