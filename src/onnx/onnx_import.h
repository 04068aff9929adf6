// ONNX model bytes -> ir::Graph, through protozero (bounds-checked; every
// malformed message becomes an nnslim::Error that says what and where:
// "corrupt or truncated ONNX file: <what> while reading graph 'g' / node 3 / ...").
//
// Supports: initializers in raw_data and in typed fields (float_data,
// int64_data, int32_data, double_data, uint64_data; see onnx_tensor.h),
// Constant nodes (value, value_float(s), value_int(s): turned into constant
// values, the node dropped), attributes of every kind except subgraphs,
// value_info / graph input / output types and shapes (dim_param or a missing
// dim_value -> symbolic dim -1, its name in Value::dim_params), ai.onnx
// opsets 7..21, and opset 6 rewritten to 7 (onnx_legacy_opset.h). Graph inputs
// that are also initializers (IR < 4 lists them) are not graph inputs.
// Nodes without a name are named "<OpType>_<index in the ONNX graph>".
//
// Errors: external-data, string, complex or sparse tensors; subgraph
// attributes (If/Loop/Scan); unknown dtypes; dims < 0 or >= 2^31 and tensors
// of 2^40 elements or more; then Graph::verify()'s structural errors; last,
// one Error listing every node whose op nnslim does not support.
// Codes: what nnslim does not implement (ops, opsets, the tensor and attribute
// kinds above) is ErrorCode::UnsupportedOp; everything else InvalidModel.
//
// Parameters (Value::is_param), the rule `onnx_tensor_is_param` applies to
// every initializer and Constant payload: a floating-point tensor of rank >= 1.
// Rank-0 scalars are literals, not weights: Clip's min/max, an epsilon, the 1
// of Softsign. (PyTorch exports Python numbers as rank-0 constants and its
// nn.Parameters with rank >= 1, PReLU's single slope as shape [1]; the
// MobileNetV2 test model keeps its ReLU6 bounds as rank-0 initializers, so its
// count is the weight count Keras/torchvision report.) Integer tensors are
// shape arithmetic, never params. Inputs an op marks non-trainable
// (OpDef::non_trainable_inputs: BatchNorm's moving mean/variance) get
// trainable = false. Integer tensors a DequantizeLinear reads as its data
// (a QDQ model's int8 weights and int32 biases) are params too
// (mark_quantized_params: the quantize pass and the importer agree).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "ir/graph.h"

namespace nnslim {

// Parses and verifies; does not run shape inference (symbolic dims stay).
Graph import_onnx(const uint8_t* data, size_t size);

// The parameter rule above.
bool onnx_tensor_is_param(const Tensor& tensor);

// Marks every constant of rank >= 1 that a DequantizeLinear dequantizes as a
// param, and its scales and zero points as not.
void mark_quantized_params(Graph& graph);

}  // namespace nnslim
