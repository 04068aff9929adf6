// The state of one build_graph_from_spec call: the graph under construction,
// the layer being emitted, and helpers that add weights, constants and nodes.
//
// While building, graph inputs carry batch 1 so that every node's shape rule
// (src/ops) runs as soon as the node is added: a layer needs its input's shape
// to size its weights. build_graph_from_spec makes the batch symbolic at the end.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"
#include "ir/graph.h"

namespace nnslim {

enum class WeightsMode {
  None,  // unmaterialized, no init rule: for profiling only
  He,    // unmaterialized, He-normal (kernels) / zeros / ones: filled on materialize()
};

class BuildContext {
 public:
  BuildContext(WeightsMode mode, uint64_t seed) : mode_(mode), seed_(seed) {}

  Graph graph;

  // Starts a layer: every node and weight added until the next begin_layer()
  // belongs to it. `trainable` = the layer's `trainable` flag.
  void begin_layer(const std::string& name, const std::string& keras_type, const std::string& spec_type,
                   bool trainable);
  const std::string& layer_name() const { return layer_name_; }

  // A weight of the current layer, named "<layer>/<suffix>", unmaterialized.
  // `init` applies in He mode; `fan_in` feeds HeNormal. `always_frozen`: never
  // trainable (BatchNorm moving statistics).
  int add_weight(const std::string& suffix, const Shape& dims, WeightInit init, int64_t fan_in = 1,
                 bool always_frozen = false);
  // A small materialized constant that is not a parameter (Clip bounds, Pad pads).
  int add_int64_constant(const std::string& suffix, const std::vector<int64_t>& values);
  int add_float_scalar(const std::string& suffix, float value);

  // Adds a node of the current layer with one output named "<layer>/<op_type>"
  // and runs its shape rule at once. Returns the output value id.
  int emit(const std::string& op_type, const std::vector<int>& inputs, AttributeMap attrs = {});
  // The node that belongs to no layer (the input NHWC -> NCHW Transpose).
  int emit_hidden(const std::string& op_type, const std::vector<int>& inputs, AttributeMap attrs,
                  const std::string& output_name);

  const Shape& shape(int value_id) const { return graph.value(value_id).shape; }

  // Throws Error prefixed with "layer 'name' (type): ".
  template <typename... Parts>
  [[noreturn]] void fail(const Parts&... parts) const {
    ::nnslim::fail("layer '", layer_name_, "' (", spec_type_, "): ", parts...);
  }

 private:
  int add_node_and_infer(Node node, const std::string& output_name);

  WeightsMode mode_;
  uint64_t seed_;
  std::string layer_name_, keras_type_, spec_type_;
  bool layer_trainable_ = true;
};

}  // namespace nnslim
