// Builder models (the JS layers API, TF.js/Keras style) -> ir::Graph.
//
// web/builder.js collects layer configs and names them Keras-style; it hands
// this function one JSON document (the "layer spec", format in
// docs/builder-spec.md). Each layer becomes one or more ONNX-semantics nodes
// tagged with Node::layer / layer_type, so summary() shows Keras' rows.
// Builder models are channels-last (NHWC) like Keras: the graph input is NHWC,
// a Transpose to NCHW follows it, and display_channels_last is set.
#pragma once
#include <string>

#include "ir/graph.h"

namespace nnslim {

// Throws Error naming the layer on bad configs (unknown type, bad shape, ...),
// with ErrorCode::InvalidArgument.
Graph build_graph_from_spec(const std::string& spec_json);

}  // namespace nnslim
