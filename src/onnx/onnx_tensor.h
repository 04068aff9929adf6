// One ONNX TensorProto <-> Tensor: the test_data_set_*/input_*.pb and
// output_*.pb files of ONNX's test data are single serialized TensorProtos.
//
// Reading accepts raw_data (little-endian) and the typed fields (float_data,
// int32_data for int32/int16/int8/uint16/uint8/bool/float16/bfloat16,
// int64_data, double_data, uint64_data for uint32/uint64). Errors (Error,
// never a crash): external data, string or complex tensors, a data size
// that does not match the dims, dims < 0 or >= 2^31, 2^40 elements or more.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/tensor.h"

namespace nnslim {

// Parses a serialized TensorProto. `name`, if given, receives the tensor's name.
// Errors: ErrorCode::UnsupportedOp for what nnslim lacks (external data, a
// data type), InvalidModel otherwise.
TensorPtr read_onnx_tensor(const uint8_t* data, size_t size, std::string* name = nullptr);

// Serializes `tensor` as a TensorProto with raw_data (an unmaterialized weight
// is materialized on a copy first).
std::vector<uint8_t> write_onnx_tensor(const Tensor& tensor, const std::string& name);

}  // namespace nnslim
