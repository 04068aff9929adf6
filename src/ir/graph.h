// The model in memory: values (tensors flowing between nodes), nodes (ops with
// ONNX semantics, NCHW), graph inputs/outputs and constant data.
//
// Conventions
// - Op semantics are ONNX's (opset in `opset`). The builder emits ONNX ops too.
// - A Value's shape is a list of dims; -1 marks a symbolic dim (a graph input's
//   dim_param, e.g. the batch). Shape inference runs on a graph whose symbolic
//   input dims are bound (`bind_symbolic_dims`), so inferred shapes are static.
// - Nodes are kept in topological order (ONNX requires it; verify() checks).
// - `Node::layer` groups nodes into user-facing layers for summary/profile:
//   a builder Dense with ReLU is a Gemm node + a Relu node in layer "dense".
//   Empty means the node is its own layer.
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/tensor.h"
#include "ir/attribute.h"

namespace nnslim {

// Node::layer of nodes that belong to no user-facing layer (a builder model's
// input NHWC -> NCHW Transpose): summary and profile do not show them.
inline constexpr char kHiddenLayer[] = "-";

using Shape = std::vector<int64_t>;  // -1 = symbolic dim
constexpr int64_t kSymbolicDim = -1;

std::string shape_to_string(const Shape& shape);
struct Value;
// "float32 [N, 3, 224, 224]": a value's dtype and shape, symbolic dims by name
// (for error messages about inputs).
std::string describe_type(const Value& v);
int64_t shape_numel(const Shape& shape);  // requires static dims

struct Value {
  std::string name;
  DType dtype = DType::Undefined;
  Shape shape;
  bool has_shape = false;
  std::vector<std::string> dim_params;  // names of symbolic dims (graph inputs), "" if static
  // Constant payload: initializers, Constant-node outputs and folded constants.
  TensorPtr constant;
  // A weight ("parameter"): an initializer or Constant output of floating type
  // that a node consumes. Counted in params; non-trainable as Keras defines it.
  bool is_param = false;
  bool trainable = true;
  int producer = -1;  // node index, -1 for graph inputs and initializers
};

struct Node {
  std::string name;
  std::string op_type;
  std::string domain;        // "" = ai.onnx
  std::vector<int> inputs;   // value ids; -1 = optional input left out
  std::vector<int> outputs;  // value ids
  AttributeMap attrs;
  std::string layer;         // summary grouping (see above)
  std::string layer_type;    // e.g. "Dense", "Conv2D"; empty for ONNX nodes

  bool has_attr(const std::string& key) const { return attrs.count(key) != 0; }
  int64_t attr_int(const std::string& key, int64_t fallback) const;
  float attr_float(const std::string& key, float fallback) const;
  std::string attr_string(const std::string& key, const std::string& fallback) const;
  std::vector<int64_t> attr_ints(const std::string& key, const std::vector<int64_t>& fallback = {}) const;
  std::vector<float> attr_floats(const std::string& key, const std::vector<float>& fallback = {}) const;
  // "node 'name' (OpType)": the prefix of every message about this node.
  std::string describe() const;
};

class Graph {
 public:
  std::string name;
  std::string producer_name;
  int64_t opset = 13;  // ai.onnx opset the node semantics follow
  // Display only: builder models are channels-last like Keras; their rank-4
  // activations are shown NHWC in summary/profile although the IR is NCHW.
  bool display_channels_last = false;

  std::vector<Value> values;
  std::vector<Node> nodes;
  std::vector<int> inputs;   // value ids of graph inputs (initializers excluded)
  std::vector<int> outputs;  // value ids of graph outputs

  int add_value(const std::string& value_name);          // fails on duplicate names
  int find_value(const std::string& value_name) const;   // -1 if absent
  int get_or_add_value(const std::string& value_name);
  int add_constant(const std::string& value_name, TensorPtr tensor, bool is_param);
  int add_node(Node node);  // sets producers of its outputs; returns node index
  std::string unique_value_name(const std::string& base);

  Value& value(int id) { return values.at(static_cast<size_t>(id)); }
  const Value& value(int id) const { return values.at(static_cast<size_t>(id)); }

  // Recomputes Value::producer from nodes (after passes edit the node list).
  void rebuild_producers();
  // Drops nodes whose outputs nothing uses and values nothing references;
  // renumbers ids. Graph outputs are kept.
  void remove_dead_nodes();

  // Replace every symbolic input dim by `size` (the batch size).
  void bind_symbolic_dims(int64_t size);
  // Give graph input `input` the static shape `dims`: same rank, every dim
  // >= 1, static dims unchanged (a model with symbolic H/W, as Paddle2ONNX
  // and PyTorch export with dynamic axes, needs this before shape inference).
  // An unknown input or a shape that disagrees is an INVALID_ARGUMENT Error.
  void bind_input_shape(const std::string& input, const Shape& dims);
  bool has_symbolic_dims() const;

  // Structural checks: ids in range, topological order, each value produced
  // once, graph outputs produced. Throws Error naming the node.
  void verify() const;

 private:
  std::unordered_map<std::string, int> value_index_;
};

}  // namespace nnslim
