// Greedy-by-size arena planning (the scheme of TFLite's ArenaPlanner and
// "Efficient Memory Management for Deep Neural Net Inference", Pisarchyk & Lee 2020):
// place tensors from the largest down; each goes into the smallest gap that
// fits among the already-placed tensors whose lifetimes overlap its own, or
// above all of them. Lifetimes are closed intervals of node indices: at node i
// its inputs and its outputs are live together (no in-place reuse).
#include "runtime/memory_plan.h"

#include <algorithm>
#include <limits>

#include "core/error.h"

namespace nnslim {
namespace {

int64_t align_up(int64_t x, int64_t alignment) { return (x + alignment - 1) / alignment * alignment; }

bool lifetimes_overlap(const TensorLifetime& a, const TensorLifetime& b) {
  return a.first_node <= b.last_node && b.first_node <= a.last_node;
}

std::vector<TensorLifetime> collect_lifetimes(const Graph& graph) {
  const int node_count = static_cast<int>(graph.nodes.size());
  std::vector<TensorLifetime> by_value(graph.values.size());
  std::vector<bool> planned(graph.values.size(), false);
  auto bytes_of = [&](int id) -> int64_t {
    const Value& v = graph.value(id);
    NNSLIM_CHECK(v.has_shape, "memory plan: value '", v.name, "' has no shape (run shape inference first)");
    return shape_numel(v.shape) * static_cast<int64_t>(dtype_size(v.dtype));
  };
  auto start = [&](int id, int node) {
    if (graph.value(id).constant) return;
    TensorLifetime& t = by_value[static_cast<size_t>(id)];
    t.value = id;
    t.first_node = node;
    t.last_node = node;
    t.bytes = bytes_of(id);
    planned[static_cast<size_t>(id)] = true;
  };
  for (int in : graph.inputs) start(in, -1);  // graph inputs: live from the start
  for (int n = 0; n < node_count; ++n) {
    const Node& node = graph.nodes[static_cast<size_t>(n)];
    for (int in : node.inputs)
      if (in >= 0 && planned[static_cast<size_t>(in)])
        by_value[static_cast<size_t>(in)].last_node = std::max(by_value[static_cast<size_t>(in)].last_node, n);
    for (int out : node.outputs)
      if (out >= 0) start(out, n);
  }
  for (int out : graph.outputs)  // graph outputs: live to the end
    if (planned[static_cast<size_t>(out)]) by_value[static_cast<size_t>(out)].last_node = node_count;
  std::vector<TensorLifetime> tensors;
  for (size_t v = 0; v < by_value.size(); ++v)
    if (planned[v] && by_value[v].bytes > 0) tensors.push_back(by_value[v]);
  return tensors;
}

// Max over time of the bytes live at once (inclusive intervals; times -1..N).
int64_t peak_live_bytes(const std::vector<TensorLifetime>& tensors, int node_count) {
  // Sweep: +bytes at first_node, -bytes after last_node.
  std::vector<int64_t> delta(static_cast<size_t>(node_count) + 3, 0);
  for (const TensorLifetime& t : tensors) {
    delta[static_cast<size_t>(t.first_node + 1)] += t.bytes;
    delta[static_cast<size_t>(t.last_node + 2)] -= t.bytes;
  }
  int64_t live = 0, peak = 0;
  for (int64_t d : delta) {
    live += d;
    peak = std::max(peak, live);
  }
  return peak;
}

}  // namespace

MemoryPlan plan_memory(const Graph& graph, int64_t alignment) {
  NNSLIM_CHECK(alignment > 0, "memory plan: alignment must be positive, got ", alignment);
  MemoryPlan plan;
  plan.tensors = collect_lifetimes(graph);
  plan.peak_live_bytes = peak_live_bytes(plan.tensors, static_cast<int>(graph.nodes.size()));

  // Largest first; ties by earlier birth, then value id (deterministic).
  std::vector<size_t> order(plan.tensors.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const TensorLifetime &ta = plan.tensors[a], &tb = plan.tensors[b];
    if (ta.bytes != tb.bytes) return ta.bytes > tb.bytes;
    if (ta.first_node != tb.first_node) return ta.first_node < tb.first_node;
    return ta.value < tb.value;
  });

  std::vector<size_t> placed;  // indices into plan.tensors, sorted by offset
  for (size_t index : order) {
    TensorLifetime& t = plan.tensors[index];
    int64_t best_offset = -1, best_gap = std::numeric_limits<int64_t>::max();
    int64_t cursor = 0;  // lowest free byte (aligned) above the tensors visited so far
    for (size_t other_index : placed) {
      const TensorLifetime& other = plan.tensors[other_index];
      if (!lifetimes_overlap(t, other)) continue;
      const int64_t gap = other.offset - cursor;
      if (gap >= t.bytes && gap < best_gap) {
        best_gap = gap;
        best_offset = cursor;
      }
      cursor = std::max(cursor, align_up(other.offset + other.bytes, alignment));
    }
    t.offset = best_offset >= 0 ? best_offset : cursor;
    plan.arena_bytes = std::max(plan.arena_bytes, t.offset + t.bytes);
    placed.insert(std::upper_bound(placed.begin(), placed.end(), index,
                                   [&](size_t a, size_t b) { return plan.tensors[a].offset < plan.tensors[b].offset; }),
                  index);
  }
  plan.arena_bytes = align_up(plan.arena_bytes, alignment);
  return plan;
}

}  // namespace nnslim
