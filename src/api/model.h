// The library's facade: what the wasm bindings (and native tools) call.
// Every method throws nnslim::Error (or std::bad_alloc) on bad input; the
// bindings catch at the outermost frame and hand JS an Error.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "runtime/session.h"

namespace nnslim {

class Model {
 public:
  ~Model();
  static std::unique_ptr<Model> load_onnx(const uint8_t* data, size_t size);
  static std::unique_ptr<Model> build(const std::string& spec_json);

  std::string summary() const;
  // The profile (passes/profile.h) as JSON. With compile_plan, also the
  // runtime arena of the compiled plan for batch_size: the session compiles
  // (and caches, for run()) the plan for the inputs' shapes with their symbolic
  // dims bound to batch_size, which materializes weights; throws what run()
  // would throw when the model cannot run. Null when an input's values decide
  // shapes (the plan depends on values profile() does not have).
  std::string profile_json(int64_t batch_size, bool compile_plan = false);
  std::vector<uint8_t> to_onnx() const;

  // Runs the model: inputs by name; outputs in graph-output order. The first
  // run for a set of input shapes compiles a plan (cached); see runtime/session.h.
  std::vector<NamedTensor> run(const std::vector<NamedTensor>& inputs);
  // run() that also times every compiled step (per-layer latency profile).
  std::vector<NamedTensor> run_timed(const std::vector<NamedTensor>& inputs, std::vector<StepTiming>& timings);
  // The session behind run(), created on first use: its prepare() /
  // execute() halves let the bindings run without per-call copies.
  Session& session();
  // Compiled steps of the last run ("Conv+Relu -> f32 igemm 4x8 ..."), for tests and tooling.
  std::vector<std::string> describe_plan() const;

  const Graph& graph() const { return graph_; }

 private:
  explicit Model(Graph graph);
  Graph graph_;
  std::unique_ptr<Session> session_;  // created on the first run()
};

}  // namespace nnslim
