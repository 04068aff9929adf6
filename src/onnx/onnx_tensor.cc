// TensorProto reading and writing (see onnx_tensor.h).
#include "onnx/onnx_tensor.h"

#include <cstring>

#include "onnx/onnx_proto_fields.h"
#include "onnx/onnx_wire.h"

namespace nnslim {
namespace onnx_wire {

namespace fields = onnx_fields::Tensor;

namespace {

// The typed fields, as read; at most one may hold this tensor's values.
struct TypedData {
  std::vector<float> floats;
  std::vector<int32_t> int32s;
  std::vector<int64_t> int64s;
  std::vector<double> doubles;
  std::vector<uint64_t> uint64s;
};

// Copies `values` into `out` as elements of type Element (int32_data holds the
// narrower integer types and the 16-bit floats' bit patterns in its low bits).
template <typename Element, typename Source>
void store_as(const std::vector<Source>& values, Tensor& out) {
  out.bytes.resize(values.size() * sizeof(Element));
  Element* dst = out.data<Element>();
  for (size_t i = 0; i < values.size(); ++i) dst[i] = static_cast<Element>(values[i]);
}

template <typename Source>
void take_typed(const std::vector<Source>& values, const char* field, int64_t numel,
                const std::string& what, void (*store)(const std::vector<Source>&, Tensor&), Tensor& out) {
  NNSLIM_CHECK(static_cast<int64_t>(values.size()) == numel, what, " has ", values.size(), " values in ",
               field, ", expected ", numel, " (the product of its dims)");
  store(values, out);
}

void fill_from_typed_fields(const TypedData& typed, int64_t numel, const std::string& what, Tensor& out) {
  switch (out.dtype) {
    case DType::Float32: return take_typed(typed.floats, "float_data", numel, what, store_as<float, float>, out);
    case DType::Int32: return take_typed(typed.int32s, "int32_data", numel, what, store_as<int32_t, int32_t>, out);
    case DType::Int16: return take_typed(typed.int32s, "int32_data", numel, what, store_as<int16_t, int32_t>, out);
    case DType::Int8: return take_typed(typed.int32s, "int32_data", numel, what, store_as<int8_t, int32_t>, out);
    case DType::Uint16: return take_typed(typed.int32s, "int32_data", numel, what, store_as<uint16_t, int32_t>, out);
    case DType::Uint8: return take_typed(typed.int32s, "int32_data", numel, what, store_as<uint8_t, int32_t>, out);
    case DType::Bool: return take_typed(typed.int32s, "int32_data", numel, what, store_as<uint8_t, int32_t>, out);
    // IEEE half and bfloat16: the 16 bits sit in the low half of each int32.
    case DType::Float16: return take_typed(typed.int32s, "int32_data", numel, what, store_as<uint16_t, int32_t>, out);
    case DType::BFloat16: return take_typed(typed.int32s, "int32_data", numel, what, store_as<uint16_t, int32_t>, out);
    case DType::Int64: return take_typed(typed.int64s, "int64_data", numel, what, store_as<int64_t, int64_t>, out);
    case DType::Float64: return take_typed(typed.doubles, "double_data", numel, what, store_as<double, double>, out);
    case DType::Uint32: return take_typed(typed.uint64s, "uint64_data", numel, what, store_as<uint32_t, uint64_t>, out);
    case DType::Uint64: return take_typed(typed.uint64s, "uint64_data", numel, what, store_as<uint64_t, uint64_t>, out);
    default:
      fail(ErrorCode::UnsupportedOp, what, " has data type ", dtype_name(out.dtype), ", which nnslim does not support");
  }
}

}  // namespace

TensorPtr parse_tensor(protozero::data_view bytes, ParsePath& path, std::string* name_out) {
  pbf_reader r(bytes);
  auto tensor = std::make_shared<Tensor>();
  std::string name;
  int32_t data_type = 0;
  int32_t data_location = fields::kDataLocationDefault;
  bool has_raw = false, has_segment = false, has_strings = false;
  protozero::data_view raw;
  TypedData typed;
  while (r.next()) {
    switch (r.tag()) {
      case fields::kDims: append_int64s(r, path, "dims", tensor->dims); break;
      case fields::kDataType: data_type = read_int32(r, path, "data_type"); break;
      case fields::kSegment: has_segment = true; skip_field(r, path); break;
      case fields::kFloatData: append_floats(r, path, "float_data", typed.floats); break;
      case fields::kInt32Data: append_int32s(r, path, "int32_data", typed.int32s); break;
      case fields::kStringData: has_strings = true; skip_field(r, path); break;
      case fields::kInt64Data: append_int64s(r, path, "int64_data", typed.int64s); break;
      case fields::kName: name = read_string(r, path, "name"); break;
      case fields::kRawData: raw = read_view(r, path, "raw_data"); has_raw = true; break;
      case fields::kDoubleData: append_doubles(r, path, "double_data", typed.doubles); break;
      case fields::kUint64Data: append_uint64s(r, path, "uint64_data", typed.uint64s); break;
      case fields::kDataLocation: data_location = read_int32(r, path, "data_location"); break;
      default: skip_field(r, path);
    }
  }
  if (name_out) *name_out = name;
  const std::string what = str("tensor '", name, "'");
  NNSLIM_CHECK(data_location != fields::kDataLocationExternal, ErrorCode::UnsupportedOp, what,
               " uses external data (weights in a separate file), which is not supported in the browser: nnslim reads one ",
               "self-contained .onnx file; save the model with its weights inside (onnx.save(model, path, ",
               "save_as_external_data=False))");
  NNSLIM_CHECK(data_location == fields::kDataLocationDefault, what, " has unknown data_location ", data_location);
  NNSLIM_CHECK(!has_segment, ErrorCode::UnsupportedOp, what, " is segmented, which nnslim does not support");
  NNSLIM_CHECK(data_type != 0, what, " has no data type");
  NNSLIM_CHECK(dtype_is_valid(data_type), what, " has unknown data type ", data_type);
  tensor->dtype = static_cast<DType>(data_type);
  NNSLIM_CHECK(tensor->dtype != DType::String && !has_strings, ErrorCode::UnsupportedOp, what,
               " is a string tensor; nnslim supports numeric tensors only");
  NNSLIM_CHECK(tensor->dtype != DType::Complex64 && tensor->dtype != DType::Complex128, ErrorCode::UnsupportedOp, what,
               " is ", dtype_name(tensor->dtype), "; nnslim does not support complex tensors");
  check_dims(tensor->dims, what);

  const int64_t numel = tensor->numel();
  const int64_t element_size = static_cast<int64_t>(dtype_size(tensor->dtype));
  if (has_raw) {
    // Compared as int64: numel * element_size < 2^44 cannot overflow, while a
    // 32-bit size_t (wasm32) could.
    NNSLIM_CHECK(static_cast<int64_t>(raw.size()) == numel * element_size, what, ": raw_data has ",
                 raw.size(), " bytes, expected ", numel * element_size, " (", numel, " elements of ",
                 dtype_name(tensor->dtype), ")");
    // ONNX raw_data is little-endian, as are wasm and every host nnslim targets.
    tensor->bytes.assign(raw.data(), raw.data() + raw.size());
  } else {
    fill_from_typed_fields(typed, numel, what, *tensor);
  }
  return tensor;
}

void write_tensor(protozero::pbf_writer& message, const Tensor& tensor, const std::string& name) {
  NNSLIM_CHECK(dtype_size(tensor.dtype) > 0, "tensor '", name, "' has data type ", dtype_name(tensor.dtype),
               ", which cannot be written as raw_data");
  const Tensor* source = &tensor;
  Tensor materialized;
  if (!tensor.materialized()) {
    materialized = tensor;
    materialized.materialize();
    source = &materialized;
  }
  NNSLIM_CHECK(source->bytes.size() == source->byte_size(), "tensor '", name, "' holds ",
               source->bytes.size(), " bytes, expected ", source->byte_size());
  // dims unpacked, as onnx.proto (proto2) declares them.
  for (int64_t d : source->dims) message.add_int64(fields::kDims, d);
  message.add_int32(fields::kDataType, static_cast<int32_t>(source->dtype));
  message.add_string(fields::kName, name);
  message.add_bytes(fields::kRawData, reinterpret_cast<const char*>(source->bytes.data()),
                    source->bytes.size());
}

}  // namespace onnx_wire

TensorPtr read_onnx_tensor(const uint8_t* data, size_t size, std::string* name) {
  onnx_wire::ParsePath path;
  onnx_wire::PathScope scope(path, "TensorProto");
  try {
    return onnx_wire::parse_tensor(protozero::data_view(reinterpret_cast<const char*>(data), size), path, name);
  } catch (const protozero::exception& e) {
    path.corrupt(e.what());
  } catch (Error& e) {
    e.classify_as(ErrorCode::InvalidModel);  // as import_onnx: bad bytes are the file's fault
    throw;
  }
}

std::vector<uint8_t> write_onnx_tensor(const Tensor& tensor, const std::string& name) {
  std::string buffer;
  {
    protozero::pbf_writer message(buffer);
    onnx_wire::write_tensor(message, tensor, name);
  }
  return std::vector<uint8_t>(buffer.begin(), buffer.end());
}

}  // namespace nnslim
