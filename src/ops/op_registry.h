// The op registry: one entry per supported op, built from the op table
// (ops/op_list.inc, one line per op). An entry ties together
//   - the op's shape rule (infer: output dtypes and shapes) and cost rule
//     (MACs, elementwise ops), with its input/output counts: the `OpRules
//     kOp_<OpType>` its family file in src/ops/ defines;
//   - its reference kernel (ops/reference/reference.h): the oracle every fast
//     kernel is tested against, the runtime's fallback, and what constant
//     folding runs;
//   - the first opset that defines it, and whether shape inference folds it.
//
// Adding an op touches three places:
//   1. the op's own file: its shape and cost rules (`extern const OpRules
//      kOp_<OpType> = {...}`) in src/ops/<family>.cc (a new family: a new
//      file) and its reference (`NNSLIM_DEFINE_REFERENCE(<OpType>) {...}`) in
//      src/ops/reference/ref_<family>.cc;
//   2. the table: one line `NNSLIM_OP(<OpType>, since_opset, kFolds|kNoFold)`
//      in src/ops/op_list.inc (sorted);
//   3. its test: the ONNX conformance cases that use it must run and pass
//      (tests/cpp/conformance_test.cc checks that every op in the table has
//      one), plus unit tests of its shape rule (tests/cpp/ops_*_test.cc) for
//      the edge cases conformance does not reach.
// Nothing else lists ops: the importer, shape inference, folding, the
// profiler, the reference executor and the runtime's fallback all read this
// registry. A fast kernel for the op is a separate, optional step
// (docs/architecture.md: "Adding a fast lowering").
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"
#include "ir/graph.h"
#include "ops/reference/reference.h"

namespace nnslim {

class InferContext;

// Cost of one node with static shapes, by the FLOPs convention in docs/profiling.md:
// 1 MAC = 2 FLOPs; bias adds and activations are not MACs but elementwise ops.
struct OpCost {
  int64_t macs = 0;
  int64_t elementwise_ops = 0;
};

// An op's shape and cost rules, defined in its family file as
// `extern const OpRules kOp_<OpType>`.
struct OpRules {
  int min_inputs;
  int max_inputs;   // -1 = variadic
  int min_outputs;
  int max_outputs;
  // Sets every output's dtype and shape (and checks the attributes). Ops whose
  // output never depends on input data (Shape, Constant) set the output as a
  // constant here; folding the others is the registry's job (OpDef::folds).
  void (*infer)(InferContext& ctx);
  // nullptr: costs nothing (data movement only).
  OpCost (*cost)(const Graph& graph, const Node& node);
  // Bit i set: input i is a non-trainable parameter (BatchNorm's moving
  // mean/variance, as in Keras).
  uint32_t non_trainable_inputs = 0;
  // Bit i set: the *values* of input i decide output shapes (a Reshape's
  // shape, a Slice's starts): executors bind a graph input that feeds one as
  // a constant (shape_deciding_graph_inputs).
  uint32_t shape_inputs = 0;
};

// Values of the folding column of ops/op_list.inc.
constexpr bool kFolds = true;
constexpr bool kNoFold = false;

// One line of the op table: the rules, plus what the table itself says.
struct OpDef : OpRules {
  const char* op_type;
  int since_opset;        // first ai.onnx opset that defines the op
  bool folds;             // shape inference runs `reference` on small constant inputs
  ReferenceFn reference;  // never null
};

// nullptr if the op is not supported (domain "" / "ai.onnx" only).
const OpDef* find_op(const std::string& domain, const std::string& op_type);
// Every supported op type, sorted: for docs and error messages.
std::vector<std::string> supported_op_types();
// Every entry of the op table, in table order.
const std::vector<const OpDef*>& all_ops();

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
  // True if output i exists and another node reads it or it is a graph
  // output (an output that is only named can be left without a value).
  bool output_read(size_t i) const;

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
