// Liveness-based memory plan: every tensor gets an offset in one arena;
// tensors whose lifetimes do not overlap share bytes. The runtime allocates
// the arena once (no allocation inside run()); the profiler reports its size
// as the peak activation memory.
//
// The planner knows nothing of graphs: it places lifetimes (closed intervals
// of step indices, a size and an alignment each). value_lifetimes() derives
// them from a graph's values and any sequence of steps (the graph's nodes for
// the profiler, the compiled steps for the runtime).
#pragma once
#include <cstdint>
#include <vector>

#include "ir/graph.h"

namespace nnslim {

// One tensor to place. Live over [first_use, last_use]: at a step its inputs
// and outputs are live together (no in-place reuse).
struct TensorLifetime {
  int id = -1;            // the caller's tag (a value id); ties in placement order break on it
  int first_use = 0;      // step that writes it (-1: live before the first step)
  int last_use = 0;       // last step that reads it (the step count: live after the last step)
  int64_t bytes = 0;
  int64_t alignment = 16; // its offset is a multiple of this (a power of two)
  int64_t offset = -1;    // assigned by plan_memory
};

struct MemoryPlan {
  std::vector<TensorLifetime> tensors;  // as given, with offsets assigned
  int64_t arena_bytes = 0;              // size of the arena (>= peak_live_bytes), a multiple of every alignment
  int64_t peak_live_bytes = 0;          // max over time of live tensor bytes (lower bound)
};

// Assigns every tensor an offset. Throws Error for a non-positive alignment,
// a negative size or an interval that ends before it starts.
MemoryPlan plan_memory(std::vector<TensorLifetime> tensors);

// What one step reads and writes (value ids; -1 = an omitted optional input).
struct StepUses {
  const std::vector<int>* inputs;
  const std::vector<int>* outputs;
};

// The lifetimes of a graph's non-constant values with bytes > 0 over `steps`:
// graph inputs live from before the first step, graph outputs to after the
// last. Requires static shapes (run infer_shapes first): a value without one
// is an Error naming it.
std::vector<TensorLifetime> value_lifetimes(const Graph& graph, const std::vector<StepUses>& steps,
                                            int64_t alignment);

// The graph's own nodes as steps.
std::vector<StepUses> node_steps(const Graph& graph);

}  // namespace nnslim
