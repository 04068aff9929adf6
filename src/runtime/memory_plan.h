// Liveness-based memory plan: every intermediate tensor gets an offset in one
// arena; tensors whose lifetimes do not overlap share bytes. The runtime
// allocates the arena once (no allocation inside run()); the profiler reports
// its size as the peak activation memory.
#pragma once
#include <cstdint>
#include <vector>

#include "ir/graph.h"

namespace nnslim {

struct TensorLifetime {
  int value = -1;        // value id
  int first_node = 0;    // node index that produces it (-1: graph input)
  int last_node = 0;     // last node index that reads it (nodes.size(): graph output)
  int64_t bytes = 0;
  int64_t offset = -1;   // assigned offset in the arena
};

struct MemoryPlan {
  std::vector<TensorLifetime> tensors;  // every non-constant value with bytes > 0
  int64_t arena_bytes = 0;              // size of the arena (>= peak_live_bytes)
  int64_t peak_live_bytes = 0;          // max over time of live tensor bytes (lower bound)
};

// Requires static shapes (run infer_shapes on a bound graph first).
// `alignment`: offsets are multiples of it (16 for SIMD128 loads).
MemoryPlan plan_memory(const Graph& graph, int64_t alignment = 16);

}  // namespace nnslim
