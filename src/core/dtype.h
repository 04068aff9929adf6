// Element types, numbered as ONNX's TensorProto.DataType so that import and
// export need no translation table.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace nnslim {

enum class DType : int32_t {
  Undefined = 0,
  Float32 = 1,
  Uint8 = 2,
  Int8 = 3,
  Uint16 = 4,
  Int16 = 5,
  Int32 = 6,
  Int64 = 7,
  String = 8,
  Bool = 9,
  Float16 = 10,
  Float64 = 11,
  Uint32 = 12,
  Uint64 = 13,
  Complex64 = 14,
  Complex128 = 15,
  BFloat16 = 16,
};

// Bytes per element; 0 for Undefined/String (no fixed size).
size_t dtype_size(DType t);
// Lower-case names as ONNX Runtime Web / TypedArrays use them: "float32", "int64", ...
const char* dtype_name(DType t);
// Inverse of dtype_name; Undefined if unknown.
DType dtype_from_name(const std::string& name);
// True for the ONNX data type numbers this build knows (0 and unknown ones excluded).
bool dtype_is_valid(int32_t onnx_type);
bool dtype_is_float(DType t);

}  // namespace nnslim
