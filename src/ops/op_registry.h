// One entry per supported op: how to infer its output shapes (and fold it when
// its inputs are constants), and what it costs (MACs, elementwise ops).
//
// The list of ops lives in ops/op_list.inc (one line each); every op file
// defines the `const OpDef kOp_<Name>` that line declares. Adding an op is one
// line there plus one file here.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"
#include "ir/graph.h"

namespace nnslim {

class InferContext;

// Cost of one node with static shapes, by the FLOPs convention in docs/profiling.md:
// 1 MAC = 2 FLOPs; bias adds and activations are not MACs but elementwise ops.
struct OpCost {
  int64_t macs = 0;
  int64_t elementwise_ops = 0;
};

struct OpDef {
  const char* op_type;
  int min_inputs;
  int max_inputs;   // -1 = variadic
  int min_outputs;
  int max_outputs;
  // Sets every output's dtype and shape; may attach a folded constant when
  // all inputs are constants (shape arithmetic converters emit).
  void (*infer)(InferContext& ctx);
  // nullptr: costs nothing (data movement only).
  OpCost (*cost)(const Graph& graph, const Node& node);
  // Bit i set: input i is a non-trainable parameter (BatchNorm's moving
  // mean/variance, as in Keras).
  uint32_t non_trainable_inputs = 0;
};

// nullptr if the op is not supported (domain "" / "ai.onnx" only).
const OpDef* find_op(const std::string& domain, const std::string& op_type);
// Every supported op type, sorted: for docs and error messages.
std::vector<std::string> supported_op_types();

// What an op's infer() sees: the node, its inputs, and setters for outputs.
class InferContext {
 public:
  InferContext(Graph& graph, Node& node) : graph_(graph), node_(node) {}

  const Node& node() const { return node_; }
  int64_t opset() const { return graph_.opset; }
  size_t input_count() const { return node_.inputs.size(); }
  size_t output_count() const { return node_.outputs.size(); }
  bool has_input(size_t i) const { return i < node_.inputs.size() && node_.inputs[i] >= 0; }

  const Value& input(size_t i) const;           // fails if absent
  const Shape& input_shape(size_t i) const { return input(i).shape; }
  DType input_dtype(size_t i) const { return input(i).dtype; }
  size_t input_rank(size_t i) const { return input(i).shape.size(); }
  // Constant payload of input i (initializer or folded), or nullptr.
  const Tensor* input_constant(size_t i) const;
  // Input i as a list of integers; fails if it is not a constant.
  std::vector<int64_t> input_ints(size_t i, const char* what) const;

  void set_output(size_t i, DType dtype, Shape shape);
  // Output i is a constant (folded); sets dtype/shape from the tensor.
  void set_output_constant(size_t i, TensorPtr tensor);
  // True if every present input is a materialized constant.
  bool all_inputs_constant() const;

  // Throws Error prefixed with the node's description; fail(ErrorCode::X,
  // ...) gives it code X (e.g. UnsupportedOp for a mode nnslim lacks).
  template <typename... Parts>
  [[noreturn]] void fail(const Parts&... parts) const {
    ::nnslim::fail(node_.describe(), ": ", parts...);
  }
  template <typename... Parts>
  [[noreturn]] void fail(ErrorCode code, const Parts&... parts) const {
    ::nnslim::fail(code, node_.describe(), ": ", parts...);
  }

  // Normalizes an axis in [-rank, rank) to [0, rank); fails otherwise.
  int64_t normalize_axis(int64_t axis, int64_t rank, const char* what = "axis") const;

 private:
  Graph& graph_;
  Node& node_;
};

// Checks against limits that keep a hostile file from exhausting memory:
// every dim in [0, 2^31), every tensor below 2^40 elements.
void check_shape_sane(const InferContext& ctx, const Shape& shape);

}  // namespace nnslim
