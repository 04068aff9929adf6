// Field numbers of the onnx.proto messages nnslim reads and writes (ONNX's
// onnx.proto, proto2 syntax; numbers as in onnx 1.12's descriptors, which
// never renumber). One namespace per message, one constant per field.
#pragma once
#include <cstdint>

namespace nnslim {
namespace onnx_fields {

namespace Model {
constexpr uint32_t kIrVersion = 1;        // int64
constexpr uint32_t kProducerName = 2;     // string
constexpr uint32_t kProducerVersion = 3;  // string
constexpr uint32_t kDomain = 4;           // string
constexpr uint32_t kModelVersion = 5;     // int64
constexpr uint32_t kDocString = 6;        // string
constexpr uint32_t kGraph = 7;            // GraphProto
constexpr uint32_t kOpsetImport = 8;      // repeated OperatorSetIdProto
constexpr uint32_t kMetadataProps = 14;   // repeated StringStringEntryProto
constexpr uint32_t kTrainingInfo = 20;    // repeated TrainingInfoProto
constexpr uint32_t kFunctions = 25;       // repeated FunctionProto
}  // namespace Model

namespace OperatorSetId {
constexpr uint32_t kDomain = 1;   // string; "" and "ai.onnx" both mean the default domain
constexpr uint32_t kVersion = 2;  // int64
}  // namespace OperatorSetId

namespace Graph {
constexpr uint32_t kNode = 1;                    // repeated NodeProto
constexpr uint32_t kName = 2;                    // string
constexpr uint32_t kInitializer = 5;             // repeated TensorProto
constexpr uint32_t kDocString = 10;              // string
constexpr uint32_t kInput = 11;                  // repeated ValueInfoProto
constexpr uint32_t kOutput = 12;                 // repeated ValueInfoProto
constexpr uint32_t kValueInfo = 13;              // repeated ValueInfoProto
constexpr uint32_t kQuantizationAnnotation = 14;
constexpr uint32_t kSparseInitializer = 15;      // repeated SparseTensorProto
}  // namespace Graph

namespace Node {
constexpr uint32_t kInput = 1;      // repeated string ("" = optional input left out)
constexpr uint32_t kOutput = 2;     // repeated string
constexpr uint32_t kName = 3;       // string
constexpr uint32_t kOpType = 4;     // string
constexpr uint32_t kAttribute = 5;  // repeated AttributeProto
constexpr uint32_t kDocString = 6;  // string
constexpr uint32_t kDomain = 7;     // string
}  // namespace Node

namespace Attribute {
constexpr uint32_t kName = 1;           // string
constexpr uint32_t kF = 2;              // float
constexpr uint32_t kI = 3;              // int64
constexpr uint32_t kS = 4;              // bytes
constexpr uint32_t kT = 5;              // TensorProto
constexpr uint32_t kG = 6;              // GraphProto
constexpr uint32_t kFloats = 7;         // repeated float
constexpr uint32_t kInts = 8;           // repeated int64
constexpr uint32_t kStrings = 9;        // repeated bytes
constexpr uint32_t kTensors = 10;       // repeated TensorProto
constexpr uint32_t kGraphs = 11;        // repeated GraphProto
constexpr uint32_t kDocString = 13;     // string
constexpr uint32_t kTp = 14;            // TypeProto
constexpr uint32_t kTypeProtos = 15;    // repeated TypeProto
constexpr uint32_t kType = 20;          // AttributeType enum (= Attribute::Kind numbering)
constexpr uint32_t kRefAttrName = 21;   // string (functions only)
constexpr uint32_t kSparseTensor = 22;  // SparseTensorProto
constexpr uint32_t kSparseTensors = 23; // repeated SparseTensorProto
// AttributeType values beyond Attribute::Kind::Graphs (10).
constexpr int32_t kTypeSparseTensor = 11;
constexpr int32_t kTypeSparseTensors = 12;
constexpr int32_t kTypeTypeProto = 13;
constexpr int32_t kTypeTypeProtos = 14;
}  // namespace Attribute

namespace Tensor {
constexpr uint32_t kDims = 1;          // repeated int64
constexpr uint32_t kDataType = 2;      // int32 (TensorProto.DataType = nnslim::DType numbering)
constexpr uint32_t kSegment = 3;       // Segment
constexpr uint32_t kFloatData = 4;     // repeated float, packed
constexpr uint32_t kInt32Data = 5;     // repeated int32, packed: int32, int16, int8, uint16, uint8, bool, float16, bfloat16
constexpr uint32_t kStringData = 6;    // repeated bytes
constexpr uint32_t kInt64Data = 7;     // repeated int64, packed
constexpr uint32_t kName = 8;          // string
constexpr uint32_t kRawData = 9;       // bytes, little-endian, row-major
constexpr uint32_t kDoubleData = 10;   // repeated double, packed
constexpr uint32_t kUint64Data = 11;   // repeated uint64, packed: uint32, uint64
constexpr uint32_t kDocString = 12;    // string
constexpr uint32_t kExternalData = 13; // repeated StringStringEntryProto
constexpr uint32_t kDataLocation = 14; // enum DataLocation
constexpr int32_t kDataLocationDefault = 0;
constexpr int32_t kDataLocationExternal = 1;
}  // namespace Tensor

namespace ValueInfo {
constexpr uint32_t kName = 1;       // string
constexpr uint32_t kType = 2;       // TypeProto
constexpr uint32_t kDocString = 3;  // string
}  // namespace ValueInfo

namespace Type {
constexpr uint32_t kTensorType = 1;        // TypeProto.Tensor
constexpr uint32_t kSequenceType = 4;
constexpr uint32_t kMapType = 5;
constexpr uint32_t kDenotation = 6;
constexpr uint32_t kOpaqueType = 7;
constexpr uint32_t kSparseTensorType = 8;
constexpr uint32_t kOptionalType = 9;
}  // namespace Type

namespace TypeTensor {  // TypeProto.Tensor
constexpr uint32_t kElemType = 1;  // int32 (DataType)
constexpr uint32_t kShape = 2;     // TensorShapeProto
}  // namespace TypeTensor

namespace TensorShape {
constexpr uint32_t kDim = 1;  // repeated Dimension
}  // namespace TensorShape

namespace Dimension {  // TensorShapeProto.Dimension
constexpr uint32_t kDimValue = 1;   // int64
constexpr uint32_t kDimParam = 2;   // string
constexpr uint32_t kDenotation = 3; // string
}  // namespace Dimension

}  // namespace onnx_fields
}  // namespace nnslim
