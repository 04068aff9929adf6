// Session: compile a graph once per input-shape signature, run it many times.
//
// Compile (on the first run with a new set of input shapes):
//   bind input shapes -> infer shapes (+ constant folding) -> materialize
//   weights -> fold BatchNorm into convs -> lower each node to a Step (a fast
//   SIMD kernel where one applies, with activations fused; otherwise the
//   op's reference implementation) -> liveness-based memory plan -> one arena.
// Inputs whose values decide shapes (a Reshape's shape fed by the caller) are
//   bound as constants, and their values are part of the plan's cache key.
// Run: validate inputs (name, dtype, shape), point the input slots at the
//   caller's data, run the steps in order, copy outputs out. run() allocates
//   nothing but the returned output tensors.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ir/graph.h"

namespace nnslim {

struct NamedTensor {
  std::string name;
  TensorPtr tensor;
};

struct StepTiming {
  std::string layer;  // the node's layer (or node name)
  std::string op;     // e.g. "Conv+Relu (igemm 4x8)" or "Softmax (reference)"
  double ms = 0;
};

class CompiledPlan;

class Session {
 public:
  explicit Session(const Graph& graph);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Runs the model. Inputs are matched by name; every graph input is required.
  // Throws Error naming the input and the expected dtype and shape on a
  // mismatch. Outputs come back in graph-output order.
  std::vector<NamedTensor> run(const std::vector<NamedTensor>& inputs);

  // Like run(), also recording per-step wall time into `timings`.
  std::vector<NamedTensor> run_timed(const std::vector<NamedTensor>& inputs, std::vector<StepTiming>& timings);

  std::vector<std::string> input_names() const;
  std::vector<std::string> output_names() const;
  // Human-readable description of each compiled step for the last plan used
  // (which kernel each node got): for tests and debugging.
  std::vector<std::string> describe_plan() const;
  // Bytes of the activation arena of the last plan used.
  int64_t arena_bytes() const;

 private:
  CompiledPlan& plan_for(const std::vector<NamedTensor>& inputs);
  Graph graph_;                    // as given: symbolic dims, unmaterialized weights
  // Key: every input's dims, plus the bytes of the shape-deciding inputs.
  std::map<std::string, std::unique_ptr<CompiledPlan>> plans_;
  std::vector<bool> shape_deciding_;  // per graph input: its values decide shapes (bound as constants)
  CompiledPlan* last_plan_ = nullptr;
};

// Checks `inputs` against the graph's declared inputs and returns them in
// graph-input order. Error messages name the input and the expected dtype/shape.
std::vector<TensorPtr> match_inputs(const Graph& graph, const std::vector<NamedTensor>& inputs);

}  // namespace nnslim
