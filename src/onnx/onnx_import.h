// ONNX model bytes -> ir::Graph, through protozero (bounds-checked; every
// malformed message becomes an nnslim::Error that says what and where).
//
// Supports: initializers in raw_data and in typed fields (float_data,
// int64_data, int32_data, double_data, ...), Constant nodes (value, value_float(s),
// value_int(s)), attributes of every kind, value_info / graph input / output
// types and shapes (dim_param -> symbolic dim), ai.onnx opsets 7..21.
// Errors: external-data tensors, subgraphs, unknown dtypes, and (listed all at
// once, each with its node) ops nnslim does not support.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "ir/graph.h"

namespace nnslim {

// Parses and verifies; does not run shape inference (symbolic dims stay).
Graph import_onnx(const uint8_t* data, size_t size);

}  // namespace nnslim
