// The layer types of the builder spec and how each becomes ONNX-semantics nodes.
//
// Activations are NCHW inside the graph (ONNX's layout); a layer's config
// speaks Keras' NHWC (concatenate's axis, softmax over channels), and the
// emitters translate. Every layer returns its output value id.
#pragma once
#include <string>
#include <vector>

#include "builder/build_context.h"
#include "core/json.h"

namespace nnslim {

struct LayerType {
  const char* spec_type;   // "dense", "conv2d", ... (the JS factory names)
  const char* keras_type;  // "Dense", "Conv2D", ... (Node::layer_type, summary)
  int min_inputs, max_inputs;  // inbound layers; -1 = any number
  int (*emit)(BuildContext& ctx, const std::vector<int>& inputs, const Json& config);
};

// nullptr if `spec_type` is unknown.
const LayerType* find_layer_type(const std::string& spec_type);
// Every spec type, for error messages.
std::string layer_type_list();

}  // namespace nnslim
