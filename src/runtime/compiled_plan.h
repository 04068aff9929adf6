// The executable form of a graph for one set of input shapes (runtime internal).
//
// Every value of the (bound, folded) graph has a slot: a pointer to its bytes,
// which lives in the arena (intermediates), in the graph (constants) or in the
// caller's input tensor (set per run). Steps read slots at run time, so the
// caller's inputs need no copy.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "plan/memory_plan.h"

namespace nnslim {

class CompiledPlan;

// One unit of work: a node (or a fused group of nodes) bound to a kernel.
class Step {
 public:
  virtual ~Step() = default;
  virtual void run(CompiledPlan& plan) = 0;
  // e.g. "Conv+Clip -> f32 igemm 4x8": which kernel this step uses.
  virtual std::string describe() const = 0;
  std::string layer;        // for per-layer timings
  std::vector<int> inputs;  // value ids read (for liveness)
  std::vector<int> outputs; // value ids written
};

class CompiledPlan {
 public:
  Graph graph;                       // bound to concrete input shapes, shapes inferred, passes applied
  std::vector<std::unique_ptr<Step>> steps;
  std::vector<void*> slots;          // value id -> data pointer
  MemoryPlan memory;
  std::unique_ptr<uint8_t[]> arena;  // 64-byte aligned view below
  uint8_t* arena_base = nullptr;

  template <typename T>
  T* data(int value) const { return static_cast<T*>(slots[static_cast<size_t>(value)]); }
};

// Builds a plan for `graph` whose inputs already carry concrete shapes.
std::unique_ptr<CompiledPlan> compile_plan(Graph graph);

}  // namespace nnslim
