// The executable form of a graph for one set of input shapes (runtime internal).
//
// Every value of the (bound, folded) graph has a slot: a pointer to its bytes,
// which lives in the arena (graph inputs and intermediates) or in the graph
// (constants). The caller writes each run's inputs into their arena slots
// (the one copy of the input), then the steps read and write slots.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "runtime/memory_plan.h"
#include "runtime/thread_choice.h"

namespace nnslim {

class CompiledPlan;

// What a step that multiplies by constant weights (Conv, Gemm, MatMul) knows
// about them, for explain() and per-layer reports. Empty (has_weights false)
// for every other step, but for `reason`, which every step has (lower_graph
// gives one to the steps whose lowering did not: runtime/step_reason.h).
struct StepWeightInfo {
  bool has_weights = false;
  int64_t weights = 0;         // weight entries (bias excluded)
  int64_t zero_weights = 0;    // of which exactly zero
  int64_t dense_macs = 0;      // multiply-accumulates of the dense computation
  int64_t effective_macs = 0;  // those the chosen kernel performs (zeros skipped by a sparse kernel)
  bool sparse_kernel = false;  // the step runs a sparse kernel
  int64_t sparse_block = 0;    // > 0: a block-sparse kernel, blocks of this many output channels
  std::string kernel;          // e.g. "f32 spmm 32x1 wasmsimd"
  std::string reason;          // why this kernel: e.g. the sparsity against the measured crossover
  int64_t packed_bytes = 0;    // bytes of weights (and bias, scales) the step keeps, as packed for its kernel
  double sparsity() const { return weights > 0 ? static_cast<double>(zero_weights) / static_cast<double>(weights) : 0.0; }
};

// A step that computes its output by rows of pixels (NHWC, one image, or
// the rows of a 1x1 conv's GEMM), for runtime/joined_rows.h. A separate
// interface, so that only the few steps that have rows carry its methods.
class RowSteps {
 public:
  struct Rows {
    size_t count = 0, align = 1;
    double work = 0;
  };
  // Readies this run's pointers and gives the rows, the alignment a range
  // must start on (the step's own split unit: same kernel calls, same bits)
  // and the work (runtime/parallel.h's cost model).
  virtual void prepare_rows(CompiledPlan& plan, Rows* rows) = 0;
  // Rows [begin, end), on whichever thread.
  virtual void run_rows(size_t begin, size_t end) = 0;
  // Whether output row r reads only row r of inputs[0] (a 1x1 conv): such a
  // step can join the step that writes inputs[0], in the same job.
  bool rows_local = false;

 protected:
  ~RowSteps() = default;
};

// One unit of work: a node (or a fused group of nodes) bound to a kernel.
class Step {
 public:
  virtual ~Step() = default;
  virtual void run(CompiledPlan& plan) = 0;
  // e.g. "Conv+Clip -> f32 igemm 4x8": which kernel this step uses.
  virtual std::string describe() const = 0;
  // True for a node run by its op's scalar NCHW reference implementation
  // (the slow fallback that per-layer profiles flag).
  virtual bool runs_reference() const { return false; }
  // A step whose output code is a function of its input code, element by
  // element in the same layout (y[i] = table[x[i] & 255]), returns its
  // 256-entry table (empty: a copy), so a later int8 lowering can fold it
  // into its own table; null for every other step.
  virtual const std::vector<int8_t>* int8_code_table() const { return nullptr; }
  // The step's rows, where it computes its output by rows of pixels (a step
  // that implements RowSteps sets it to itself where its shapes allow): it
  // can then run in one pool job with the step after it
  // (runtime/joined_rows.h).
  RowSteps* row_steps = nullptr;
  Step* joined_next = nullptr;  // runs in this step's job (join_row_steps)
  bool joined = false;          // run by the previous step's job: run() is skipped
  std::string layer;        // for per-layer timings
  std::string op_type;      // the ONNX op type of the (first) node it computes; "layout" for layout copies
  std::vector<int> inputs;  // value ids read (for liveness)
  std::vector<int> outputs; // value ids written
  StepWeightInfo weight_info;
};

// Where a run hands an observed value to the session's observer
// (Session::run_observed): after step `after_step` (-1: before the first:
// graph inputs and constants), from slot `slot`, which is the value itself
// or, when the plan keeps it only in NHWC, its NHWC copy.
struct ObservationPoint {
  int after_step = -1;
  size_t index = 0;  // into the observed names compile_plan was given
  int value = -1;    // the observed (logical, NCHW) value
  int slot = -1;
  bool nhwc = false;
};

class CompiledPlan {
 public:
  Graph graph;                       // bound to concrete input shapes, shapes inferred, passes applied
  std::vector<std::unique_ptr<Step>> steps;
  std::vector<void*> slots;          // value id -> data pointer
  // value id -> the value whose bytes it shares (Identity, Dropout and
  // same-type Cast outputs: no step writes them), -1 for every other value.
  std::vector<int> alias_of;
  MemoryPlan memory;
  std::unique_ptr<uint8_t[]> arena;  // 64-byte aligned view below
  uint8_t* arena_base = nullptr;
  // The input signature this plan was compiled for (per graph input): dims,
  // dtype, and the bytes of inputs whose values decide shapes (else empty).
  std::vector<std::vector<int64_t>> signature_dims;
  std::vector<DType> signature_dtypes;
  std::vector<std::vector<uint8_t>> signature_values;
  // Threads the steps may split their work over (runtime/parallel.h); set
  // by the session before every run.
  size_t threads = 1;
  // Session::execute's choice between those threads and 1, from this
  // plan's run times, and when its last run ended (steady_clock ticks; 0:
  // never ran).
  ThreadChoice thread_choice;
  int64_t last_run_end = 0;
  // The observed values (compile_plan's `observed`), by after_step.
  std::vector<ObservationPoint> observations;

  template <typename T>
  T* data(int value) const { return static_cast<T*>(slots[static_cast<size_t>(value)]); }
};

// Builds a plan for `graph` whose inputs already carry concrete shapes.
// `observed`: names of values the plan hands to an observer in place
// (Session::run_observed): those that are not graph outputs or inputs
// already are compiled as extra graph outputs (every pass and lowering keeps
// them, computed as they would be as outputs) that lower_graph then drops
// from the outputs: no NCHW copy, no life to the end of the run.
std::unique_ptr<CompiledPlan> compile_plan(Graph graph, const std::vector<std::string>& observed = {});

}  // namespace nnslim
