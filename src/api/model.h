// The library's facade: what the wasm bindings (and native tools) call.
// Every method throws nnslim::Error (or std::bad_alloc) on bad input; the
// bindings catch at the outermost frame and hand JS an Error.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ir/graph.h"
#include "passes/quantize_qdq.h"
#include "passes/prune.h"
#include "runtime/session.h"

namespace nnslim {

class Calibrator;

// What quantize() makes (docs/quantization.md).
struct QuantizeSettings {
  QuantizeOptions options;
  std::string method = "minmax";  // calibration method (calibration_ranges.h)
  double percentile = 99.99;      // for method "percentile", in (0, 100]
};

class Model {
 public:
  ~Model();
  static std::unique_ptr<Model> load_onnx(const uint8_t* data, size_t size);
  static std::unique_ptr<Model> build(const std::string& spec_json);
  // A model of a graph made in C++ (tests, native tools).
  static std::unique_ptr<Model> from_graph(Graph graph);

  // input_shapes: as profile_json's. qdq_nodes: a QDQ file's Q/DQ nodes as
  // rows of their own (default: folded into the layers they quantize).
  std::string summary(const std::map<std::string, Shape>& input_shapes = {}, bool qdq_nodes = false) const;
  // The profile (report/profile.h) as JSON. input_shapes: static shapes for
  // inputs with symbolic dims other than the batch (see profile_graph). With
  // compile_plan, also the runtime arena of the compiled plan for those
  // shapes: the session compiles (and caches, for run()) the plan for the
  // inputs' shapes with their other symbolic dims bound to batch_size, which
  // materializes weights; throws what run() would throw when the model cannot
  // run. Null when an input's values decide shapes (the plan depends on
  // values profile() does not have).
  // qdq_nodes: a QDQ file's Q/DQ nodes as layers of their own (the default,
  // as per-layer timings list them); false folds them as summary() does.
  std::string profile_json(int64_t batch_size, const std::map<std::string, Shape>& input_shapes = {},
                           bool compile_plan = false, bool qdq_nodes = true);
  std::vector<uint8_t> to_onnx() const;

  // A pruned copy of this model (passes/prune.h); this model is unchanged.
  // options_json: api/prune_json.h. report_json receives what was pruned.
  std::unique_ptr<Model> prune(const std::string& options_json, std::string* report_json,
                               const PruneProgress& progress = {}) const;

  // Runs the model: inputs by name; outputs in graph-output order. The first
  // run for a set of input shapes compiles a plan (cached); see runtime/session.h.
  std::vector<NamedTensor> run(const std::vector<NamedTensor>& inputs);
  // run() that also times every compiled step (per-layer latency profile).
  std::vector<NamedTensor> run_timed(const std::vector<NamedTensor>& inputs, std::vector<StepTiming>& timings);
  // run() in two halves, so the bindings run without per-call copies (see
  // runtime/session.h for the contract): prepare() validates the inputs and
  // binds the plan for their shapes; the caller writes each input's bytes at
  // input_buffer(i) (input_bytes(i) of them); execute() runs; outputs are read
  // in place at output_data(i). generation() advances on every prepare().
  void prepare(const InputRef* inputs, size_t count);
  uint8_t* input_buffer(size_t index);
  size_t input_bytes(size_t index);
  void execute();
  void execute_timed(std::vector<StepTiming>& timings);
  size_t output_count();
  const uint8_t* output_data(size_t index);
  const Value& output_value(size_t index);
  uint64_t generation();
  // Bytes of the arena the current plan allocated for run() (see
  // runtime/session.h).
  int64_t arena_bytes();
  // The graph the current plan was compiled from (shapes bound and inferred,
  // passes applied; runtime/session.h), for tests and tooling.
  const Graph& plan_graph();
  // Whether a prepared plan serves every later call with the same shapes.
  bool signature_is_shapes_only();
  // Whether the graph input `name` decides shapes (prepare() needs its values).
  bool decides_shapes(std::string_view name);
  // Compiled steps of the last run ("Conv+Relu -> f32 igemm 4x8 ..."), for tests and tooling.
  std::vector<std::string> describe_plan() const;
  // The same steps as JSON for model.explain(): [{layer, description,
  // hasWeights, weights, zeroWeights, denseMacs, effectiveMacs, sparseKernel,
  // kernel, reason}] (runtime/compiled_plan.h's StepWeightInfo); [] before a run.
  std::string explain_plan_json() const;

  // Threads run() may split a step over (runtime/session.h: set_threads).
  void set_threads(size_t threads);
  size_t threads() const { return threads_; }
  // The multiply-adds below which a step runs on the calling thread
  // (runtime/parallel.h), for every model; returns the previous value.
  // Benchmarks set 0 to measure the cost model's break-even.
  static double set_min_parallel_work(double work);
  // Whether runs choose between their threads and the calling thread from
  // their measured times (runtime/thread_choice.h), for every model;
  // returns the previous setting. Benchmarks turn it off to compare.
  static bool set_adaptive_threads(bool on);

  const Graph& graph() const { return graph_; }

  // Quantization. Calibration first (static int8 needs it, weight-only does
  // not): begin_calibration(histograms: for methods other than minmax), then
  // for each pass < calibration_passes(): calibration_begin_pass(pass) and
  // calibrate(sample) for every sample (a value per graph input). Then
  // quantize() returns a new model; this one is unchanged.
  void begin_calibration(bool histograms);
  int calibration_passes() const;
  void calibration_begin_pass(int pass);
  void calibrate(const std::vector<NamedTensor>& sample);
  std::unique_ptr<Model> quantize(const QuantizeSettings& settings) const;

  // Every op type nnslim runs, sorted.
  static std::vector<std::string> supported_op_types();

 private:
  explicit Model(Graph graph);
  Session& session();  // created on first use
  Graph graph_;
  std::unique_ptr<Session> session_;  // created on the first run()
  std::unique_ptr<Calibrator> calibrator_;
  size_t threads_ = 1;
};

}  // namespace nnslim
