// Session: compile a graph once per input-shape signature, run it many times.
//
// Compile (on the first run with a new set of input shapes):
//   bind input shapes -> infer shapes (+ constant folding) -> materialize
//   weights -> fold BatchNorm into convs -> lower each node to a Step (a fast
//   SIMD kernel where one applies, with activations fused; otherwise the
//   op's reference implementation) -> liveness-based memory plan -> one arena.
// Inputs whose values decide shapes (a Reshape's shape fed by the caller) are
//   bound as constants, and their values are part of the plan's cache key.
// Run, in two halves so that a caller running the same shapes again and
//   again does no work twice:
//   prepare() validates the inputs (name, dtype, shape), picks the plan for
//     their shapes (compiling it on a new signature) and makes it current;
//   the caller writes each input's bytes into input_buffer() (in the plan's
//     arena), then execute() runs the steps; outputs are read in place
//     (output_data()). execute() never allocates, nor does prepare() for the
//     current plan's signature (switching to another cached plan builds its
//     cache key string).
//   run() does all three with tensors and copies the outputs out (it
//     allocates only the returned output tensors).
// Observing (calibration): a session made with `observed` value names hands
//   each of those values to a ValueObserver (run_observed) right after the
//   step that writes it, in place and in the layout the plan keeps it. They
//   are compiled as the graph outputs they would otherwise have to be, so
//   that no fused step keeps them to itself and the steps compute exactly the
//   bits a session with them as outputs computes, but they get no NCHW copy,
//   live only as long as a later step reads them, and are not returned.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ir/graph.h"
#include "runtime/compiled_plan.h"

namespace nnslim {

struct NamedTensor {
  std::string name;
  TensorPtr tensor;
};

struct StepTiming {
  std::string layer;       // the node's layer (or node name)
  std::string op;          // the op type(s) computed, e.g. "Conv+Clip", "Concat", "layout"
  std::string kernel;      // what computes it, e.g. "f32 igemm 4x8", "memcpy", "reference"
  bool reference = false;  // run by the op's scalar NCHW reference implementation
  double ms = 0;
};

// One input as the caller describes it, for Session::prepare (nothing owned).
struct InputRef {
  std::string_view name;
  DType dtype = DType::Undefined;
  const int64_t* dims = nullptr;
  size_t rank = 0;
  size_t byte_length = 0;         // bytes the caller holds for this input
  const uint8_t* data = nullptr;  // needed only for inputs whose values decide shapes
};

class CompiledPlan;

// What run_observed hands its observer: `value`'s bytes right after the
// first step that writes them (before the first step for a graph input or a
// constant), once per run. nhwc: that step wrote the value in NHWC (a layout
// copy to NCHW, if a later step needs one, is the same values), and `data`
// holds it as [N, H, W, C] for the value's logical (ONNX) shape
// [N, C, H, W]. Layout does not change a min, a max or a histogram;
// per-channel statistics must read the channel as the last axis then.
struct ObservedValue {
  size_t index = 0;             // into the `observed` names the session was made with
  const Value* value = nullptr;  // name, dtype and logical (NCHW) shape
  const void* data = nullptr;   // valid only during the observer's call
  bool nhwc = false;
};

class ValueObserver {
 public:
  // Called on the thread that runs the session, between two steps: reading
  // `observed.data` in place is safe, keeping the pointer is not.
  virtual void observe_value(const ObservedValue& observed) = 0;

 protected:
  ~ValueObserver() = default;
};

class Session {
 public:
  explicit Session(const Graph& graph);
  // A session whose runs can hand the values named in `observed` (graph
  // inputs, intermediates or outputs; each once) to an observer: see above.
  // An unknown name is an Internal error at the first run.
  Session(const Graph& graph, std::vector<std::string> observed);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Runs the model. Inputs are matched by name; every graph input is required.
  // Throws Error naming the input and the expected dtype and shape on a
  // mismatch. Outputs come back in graph-output order.
  std::vector<NamedTensor> run(const std::vector<NamedTensor>& inputs);

  // Runs the model like run(), handing every observed value to `observer`
  // as the run produces it (each once per run, in step order), and returns
  // nothing: no output is copied out, nothing is allocated once the plan for
  // these input shapes exists. An exception from the observer ends the run;
  // values handed over before a failing step stay handed over.
  void run_observed(const std::vector<NamedTensor>& inputs, ValueObserver& observer);

  // Where the current plan hands each observed value over (for tests).
  const std::vector<ObservationPoint>& observation_points() const { return current().observations; }

  // Like run(), also recording per-step wall time into `timings`.
  std::vector<NamedTensor> run_timed(const std::vector<NamedTensor>& inputs, std::vector<StepTiming>& timings);

  // Validates `inputs` (any order; every graph input once) and makes the plan
  // for their signature current, compiling it if it is new. Throws Error
  // naming the input and the expected dtype and shape on a mismatch
  // (ErrorCode::InvalidInput). A plan that fails to compile for valid feeds
  // is InvalidInput too, unless the model fails on its own input shapes
  // (InvalidModel); explicit codes (UnsupportedOp, OutOfMemory) are kept.
  // Each call advances generation(), so a caller holding buffer pointers from
  // an earlier prepare() can tell that they may be stale.
  void prepare(const InputRef* inputs, size_t count);
  // For the current plan, the caller's input `index` (as passed to prepare):
  // where its bytes go (input_bytes(index) of them), or null when the plan
  // needs none written (a shape-deciding input, bound as a constant).
  uint8_t* input_buffer(size_t index) const;
  size_t input_bytes(size_t index) const;
  // Runs the current plan's steps on the bytes in its input buffers.
  void execute();
  void execute_timed(std::vector<StepTiming>& timings);
  // Graph output i of the current plan: its bytes (valid until the next
  // prepare or execute), dtype and shape.
  const uint8_t* output_data(size_t i) const;
  const Value& output_value(size_t i) const;
  uint64_t generation() const { return generation_; }
  // True when no input's values decide shapes: a plan prepared for one
  // signature serves every later call with the same names, dtypes and dims.
  bool signature_is_shapes_only() const;
  // Whether the graph input called `name` decides shapes (prepare() then
  // needs its values); false for any other name.
  bool decides_shapes(std::string_view name) const;

  std::vector<std::string> input_names() const;
  std::vector<std::string> output_names() const;
  // Human-readable description of each compiled step for the last plan used
  // (which kernel each node got): for tests and debugging.
  std::vector<std::string> describe_plan() const;
  // Per compiled step of the last plan used: its layer, description and
  // what it knows about its constant weights (sparsity, dense and effective
  // MACs, kernel chosen and why; has_weights false for steps without).
  struct StepReport {
    std::string layer;
    std::string description;
    StepWeightInfo weights;
  };
  std::vector<StepReport> explain_plan() const;
  // Bytes of packed weights the steps of the last plan used keep
  // (StepWeightInfo::packed_bytes: the dense Gemm/MatMul/Conv 1x1 steps).
  int64_t packed_weight_bytes() const;
  // Bytes of the activation arena of the last plan used.
  int64_t arena_bytes() const;
  // The graph of the last plan used: input shapes bound, shapes inferred,
  // passes applied (for tools that cost the run before executing it).
  const Graph& plan_graph() const;
  // Threads execute() may split a step over (1 by default), capped at what
  // the process's pool offers (ThreadPool::max_threads()). Results are the
  // same bits for any count. Each execute() runs on these threads or on the
  // calling thread alone, whichever the plan measured faster after a like
  // pause (runtime/thread_choice.h; ThreadChoice::enabled() off: always
  // these); timed and observed runs always use these.
  void set_threads(size_t threads);
  size_t threads() const { return threads_; }

 private:
  void prepare_tensors(const std::vector<NamedTensor>& inputs);
  void copy_tensors_in(const std::vector<NamedTensor>& inputs);
  std::vector<NamedTensor> collect_outputs() const;
  bool current_plan_matches() const;
  // Does shape inference fail on the model's declared input shapes (symbolic
  // dims bound to 1)? Then no feed is to blame. False when feeds decide.
  bool fails_on_its_own_shapes() const;
  CompiledPlan& current() const;

  Graph graph_;                    // as given: symbolic dims, unmaterialized weights
  std::vector<std::string> observed_;  // values handed to run_observed's observer
  // Key: every input's dims, plus the bytes of the shape-deciding inputs.
  std::map<std::string, std::unique_ptr<CompiledPlan>> plans_;
  std::vector<bool> shape_deciding_;  // per graph input: its values decide shapes (bound as constants)
  CompiledPlan* last_plan_ = nullptr;
  uint64_t generation_ = 0;
  size_t threads_ = 1;
  // Did the last run on more than one thread hand any job to the pool? A
  // run that will not split (every step below the cost model's threshold)
  // does not wake the pool.
  bool last_run_split_ = true;
  // Runs `run_steps` on `threads` (the plan's for this run) inside a
  // ThreadPool::RunScope when this session's runs split: workers wake at
  // the start and spin between steps.
  template <class F>
  void with_pool_awake(size_t threads, F&& run_steps);
  // Scratch reused by every prepare() (no allocation once sized):
  std::vector<const InputRef*> ordered_;  // graph input i -> the caller's ref
  std::vector<size_t> caller_to_graph_;   // caller's input index -> graph input i
  std::vector<InputRef> refs_;            // run(): the tensors as refs
};

// Checks `inputs` against the graph's declared inputs and writes them in
// graph-input order into `ordered` (sized to the graph's inputs) and each
// caller index's graph input into `caller_to_graph` (sized to count). Error
// messages name the input and the expected dtype/shape.
void match_inputs(const Graph& graph, const InputRef* inputs, size_t count, std::vector<const InputRef*>& ordered,
                  std::vector<size_t>& caller_to_graph);

}  // namespace nnslim
