// ir::Graph -> standard ONNX ModelProto bytes (protozero's pbf_writer), loadable
// by onnxruntime and python onnx. Unmaterialized weights are materialized.
#pragma once
#include <cstdint>
#include <vector>

#include "ir/graph.h"

namespace nnslim {

std::vector<uint8_t> export_onnx(const Graph& graph);

}  // namespace nnslim
