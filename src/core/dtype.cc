#include "core/dtype.h"

namespace nnslim {

namespace {
struct DTypeInfo {
  DType type;
  size_t size;
  const char* name;
};
// One table: size and name of every type.
constexpr DTypeInfo kDTypes[] = {
    {DType::Undefined, 0, "undefined"}, {DType::Float32, 4, "float32"},
    {DType::Uint8, 1, "uint8"},         {DType::Int8, 1, "int8"},
    {DType::Uint16, 2, "uint16"},       {DType::Int16, 2, "int16"},
    {DType::Int32, 4, "int32"},         {DType::Int64, 8, "int64"},
    {DType::String, 0, "string"},       {DType::Bool, 1, "bool"},
    {DType::Float16, 2, "float16"},     {DType::Float64, 8, "float64"},
    {DType::Uint32, 4, "uint32"},       {DType::Uint64, 8, "uint64"},
    {DType::Complex64, 8, "complex64"}, {DType::Complex128, 16, "complex128"},
    {DType::BFloat16, 2, "bfloat16"},
};
const DTypeInfo* find(DType t) {
  for (const auto& info : kDTypes)
    if (info.type == t) return &info;
  return nullptr;
}
}  // namespace

size_t dtype_size(DType t) {
  const DTypeInfo* info = find(t);
  return info ? info->size : 0;
}

const char* dtype_name(DType t) {
  const DTypeInfo* info = find(t);
  return info ? info->name : "unknown";
}

DType dtype_from_name(const std::string& name) {
  for (const auto& info : kDTypes)
    if (name == info.name) return info.type;
  return DType::Undefined;
}

bool dtype_is_valid(int32_t onnx_type) {
  return onnx_type > 0 && find(static_cast<DType>(onnx_type)) != nullptr;
}

bool dtype_is_float(DType t) {
  return t == DType::Float32 || t == DType::Float16 || t == DType::Float64 || t == DType::BFloat16;
}

}  // namespace nnslim
