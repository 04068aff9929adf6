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

// How plan_memory chooses offsets.
enum class Placement {
  // Greedy by size, best fit: the smallest arena (the profiler's peak).
  Compact,
  // Greedy by size, every tensor centred on a "pivot" shared with the tensors
  // that reuse its bytes, where one fits (below). The runtime's arena.
  SplitAligned,
};

struct MemoryPlan {
  std::vector<TensorLifetime> tensors;  // as given, with offsets assigned
  int64_t arena_bytes = 0;              // size of the arena (>= peak_live_bytes), a multiple of every alignment
  int64_t peak_live_bytes = 0;          // max over time of live tensor bytes (lower bound)
};

// Assigns every tensor an offset. Throws Error for a non-positive alignment,
// a negative size or an interval that ends before it starts.
//
// Why SplitAligned: a step split over 2 threads hands the first half of its
// output (pixels in NHWC order) to the calling thread and the second half to
// the worker (core/thread_pool.h: each thread owns a contiguous segment), so
// each thread writes the half of a tensor's bytes on its own side of the
// tensor's centre. Two tensors centred on the same byte split there alike:
// a tensor that reuses the bytes of a dead one centred on the same pivot
// writes each half over bytes its own core wrote last, never over lines the
// other core holds (on a 2-core VM, writing a line the other core holds
// costs ~20 ns: MobileNetV2's 112x112x96 expansion ran 0.83 ms on 2 threads
// over the compact plan's bytes, 0.51 ms over bytes of its own). A tensor
// goes to the first pivot (in the order they were made) where it fits beside
// the placed tensors it lives with; else it starts a new pivot where it costs
// least: 4 per byte that lies between its centre and the centre of a placed
// tensor sharing that byte (the two would be written by different cores),
// plus 1 per byte the arena grows. Sizes fall as placement goes on, so a
// tensor on a pivot stays inside the bytes of the pivot's first (largest)
// tenant. A graph input (live before the first step) is written by the
// caller alone, so all of its bytes are core 0's: it is never centred on a
// pivot and makes none; it goes where it costs least like a new pivot's
// tensor, with ending at each pivot (on the caller's halves of the tensors
// centred there) among the places tried. MobileNetV2 b1: 7.53 MB against the compact 6.02 MB
// (tests/cpp/memory_plan_split_test.cc); a 1-thread run is as fast.
MemoryPlan plan_memory(std::vector<TensorLifetime> tensors, Placement placement = Placement::Compact);

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
