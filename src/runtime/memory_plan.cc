// Greedy-by-size arena planning (the scheme of TFLite's ArenaPlanner and
// "Efficient Memory Management for Deep Neural Net Inference", Pisarchyk & Lee 2020):
// place tensors from the largest down; each goes into the smallest gap that
// fits among the already-placed tensors whose lifetimes overlap its own, or
// above all of them. SplitAligned first tries the centres of earlier tensors
// (memory_plan.h says why).
#include "runtime/memory_plan.h"

#include <algorithm>
#include <limits>

#include "core/error.h"

namespace nnslim {
namespace {

int64_t align_up(int64_t x, int64_t alignment) { return (x + alignment - 1) / alignment * alignment; }
int64_t align_down(int64_t x, int64_t alignment) { return x / alignment * alignment; }  // x >= 0

bool lifetimes_overlap(const TensorLifetime& a, const TensorLifetime& b) {
  return a.first_use <= b.last_use && b.first_use <= a.last_use;
}

// Max over time of the bytes live at once (closed intervals).
int64_t peak_live_bytes(const std::vector<TensorLifetime>& tensors) {
  // Sweep: +bytes at first_use, -bytes after last_use.
  std::vector<std::pair<int, int64_t>> events;
  for (const TensorLifetime& t : tensors) {
    events.emplace_back(t.first_use, t.bytes);
    events.emplace_back(t.last_use + 1, -t.bytes);
  }
  std::sort(events.begin(), events.end());  // at equal times frees (negative) come first
  int64_t live = 0, peak = 0;
  for (const auto& event : events) {
    live += event.second;
    peak = std::max(peak, live);
  }
  return peak;
}

// The lowest offset of the smallest gap between `neighbours` (sorted by
// offset) that holds t, else the first offset above all of them.
int64_t best_fit_offset(const TensorLifetime& t, const std::vector<const TensorLifetime*>& neighbours) {
  int64_t best_offset = -1, best_gap = std::numeric_limits<int64_t>::max();
  int64_t cursor = 0;  // lowest free byte (aligned for t) above the tensors visited so far
  for (const TensorLifetime* other : neighbours) {
    const int64_t gap = other->offset - cursor;
    if (gap >= t.bytes && gap < best_gap) {
      best_gap = gap;
      best_offset = cursor;
    }
    cursor = std::max(cursor, align_up(other->offset + other->bytes, t.alignment));
  }
  return best_offset >= 0 ? best_offset : cursor;
}

// Do [offset, offset + bytes) and every neighbour's bytes stay apart?
bool fits_among(int64_t offset, int64_t bytes, const std::vector<const TensorLifetime*>& neighbours) {
  for (const TensorLifetime* other : neighbours)
    if (offset < other->offset + other->bytes && other->offset < offset + bytes) return false;
  return true;
}

// Where the bytes written by the calling thread (core 0) end and the
// worker's begin, for a tensor at `offset`: its centre, except for a tensor
// live before the first step (a graph input), which the caller copies in
// whole: all of its bytes are core 0's.
int64_t writer_split(const TensorLifetime& t, int64_t offset) {
  return t.first_use < 0 ? offset + t.bytes : offset + t.bytes / 2;
}

// How many of t's bytes at `offset` lie, for some placed tensor that shares
// them, between its writer split and t's: there the two tensors' writers
// are different cores.
int64_t split_conflict(const TensorLifetime& t, int64_t offset, const std::vector<TensorLifetime>& tensors,
                       const std::vector<size_t>& placed) {
  const int64_t bytes = t.bytes, centre = writer_split(t, offset);
  int64_t conflict = 0;
  for (size_t index : placed) {
    const TensorLifetime& u = tensors[index];
    const int64_t u_centre = writer_split(u, u.offset);
    const int64_t lo = std::max({offset, u.offset, std::min(centre, u_centre)});
    const int64_t hi = std::min({offset + bytes, u.offset + u.bytes, std::max(centre, u_centre)});
    if (hi > lo) conflict += hi - lo;
  }
  return conflict;
}

// A new pivot for t: of the best-fit offset, the offsets at either end of
// each gap between its neighbours that holds t, and the offsets above them
// and above the whole arena, the one that costs least: kConflictWeight per
// byte written over the other core's bytes (split_conflict) plus each byte
// the arena grows by. (Weight 4: MobileNetV2's plan then writes no tensor
// over another one's other half but the input's; weight 1 left the 1.8 MB
// depthwise outputs of its third block half over the expansion before.)
// The best-fit offset comes first, so it wins ties. A graph input (all
// core 0's) also tries ending at each pivot, on the caller's halves of the
// tensors centred there.
constexpr int64_t kConflictWeight = 4;
int64_t split_aligned_new_offset(const TensorLifetime& t, const std::vector<const TensorLifetime*>& neighbours,
                                 const std::vector<TensorLifetime>& tensors, const std::vector<size_t>& placed,
                                 const std::vector<int64_t>& pivots, int64_t arena_bytes) {
  std::vector<int64_t> candidates{best_fit_offset(t, neighbours)};
  if (t.first_use < 0)
    for (int64_t pivot : pivots) candidates.push_back(align_down(std::max<int64_t>(0, pivot - t.bytes), t.alignment));
  int64_t cursor = 0;
  for (const TensorLifetime* other : neighbours) {
    if (other->offset - cursor >= t.bytes) {
      candidates.push_back(cursor);
      candidates.push_back(align_down(other->offset - t.bytes, t.alignment));
    }
    cursor = std::max(cursor, align_up(other->offset + other->bytes, t.alignment));
  }
  candidates.push_back(cursor);
  candidates.push_back(align_up(std::max(cursor, arena_bytes), t.alignment));  // apart from every tensor
  int64_t best = -1, best_cost = std::numeric_limits<int64_t>::max();
  for (int64_t offset : candidates) {
    if (offset < 0 || !fits_among(offset, t.bytes, neighbours)) continue;
    const int64_t cost = kConflictWeight * split_conflict(t, offset, tensors, placed) +
                         std::max<int64_t>(0, offset + t.bytes - arena_bytes);
    if (cost < best_cost) {
      best_cost = cost;
      best = offset;
    }
  }
  return best;
}

}  // namespace

MemoryPlan plan_memory(std::vector<TensorLifetime> tensors, Placement placement) {
  MemoryPlan plan;
  plan.tensors = std::move(tensors);
  int64_t max_alignment = 1;
  for (const TensorLifetime& t : plan.tensors) {
    NNSLIM_CHECK(t.alignment > 0 && (t.alignment & (t.alignment - 1)) == 0, "memory plan: tensor ", t.id,
                 ": alignment must be a power of two, got ", t.alignment);
    NNSLIM_CHECK(t.bytes >= 0, "memory plan: tensor ", t.id, " has a negative size (", t.bytes, " bytes)");
    NNSLIM_CHECK(t.first_use <= t.last_use, "memory plan: tensor ", t.id, " is last used (step ", t.last_use,
                 ") before it is written (step ", t.first_use, ")");
    max_alignment = std::max(max_alignment, t.alignment);
  }
  plan.peak_live_bytes = peak_live_bytes(plan.tensors);

  // Largest first; ties by earlier birth, then id (deterministic).
  std::vector<size_t> order(plan.tensors.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const TensorLifetime &ta = plan.tensors[a], &tb = plan.tensors[b];
    if (ta.bytes != tb.bytes) return ta.bytes > tb.bytes;
    if (ta.first_use != tb.first_use) return ta.first_use < tb.first_use;
    return ta.id < tb.id;
  });

  std::vector<size_t> placed;  // indices into plan.tensors, sorted by offset
  std::vector<const TensorLifetime*> neighbours;  // the placed tensors live with t, by offset
  std::vector<int64_t> pivots;                    // SplitAligned: tensor centres, oldest first
  for (size_t index : order) {
    TensorLifetime& t = plan.tensors[index];
    neighbours.clear();
    for (size_t other_index : placed)
      if (lifetimes_overlap(t, plan.tensors[other_index])) neighbours.push_back(&plan.tensors[other_index]);
    t.offset = -1;
    // A graph input is not centred on a pivot (its writer is the caller
    // alone) and makes none.
    const bool caller_written = t.first_use < 0;
    if (placement == Placement::SplitAligned && !caller_written) {
      for (int64_t pivot : pivots) {
        const int64_t offset = align_down(pivot - t.bytes / 2, t.alignment);
        if (offset >= 0 && fits_among(offset, t.bytes, neighbours)) {
          t.offset = offset;
          break;
        }
      }
    }
    if (t.offset < 0) {
      t.offset = placement == Placement::SplitAligned
                     ? split_aligned_new_offset(t, neighbours, plan.tensors, placed, pivots, plan.arena_bytes)
                     : best_fit_offset(t, neighbours);
      if (!caller_written) pivots.push_back(t.offset + t.bytes / 2);
    }
    plan.arena_bytes = std::max(plan.arena_bytes, t.offset + t.bytes);
    placed.insert(std::upper_bound(placed.begin(), placed.end(), index,
                                   [&](size_t a, size_t b) { return plan.tensors[a].offset < plan.tensors[b].offset; }),
                  index);
  }
  plan.arena_bytes = align_up(plan.arena_bytes, max_alignment);
  return plan;
}

std::vector<TensorLifetime> value_lifetimes(const Graph& graph, const std::vector<StepUses>& steps,
                                            int64_t alignment) {
  const int step_count = static_cast<int>(steps.size());
  std::vector<TensorLifetime> by_value(graph.values.size());
  std::vector<bool> planned(graph.values.size(), false);
  auto start = [&](int id, int step) {
    const Value& v = graph.value(id);
    if (v.constant) return;
    NNSLIM_CHECK(v.has_shape, "memory plan: value '", v.name, "' has no shape (run shape inference first)");
    TensorLifetime& t = by_value[static_cast<size_t>(id)];
    t.id = id;
    t.first_use = step;
    t.last_use = step;
    t.bytes = shape_numel(v.shape) * static_cast<int64_t>(dtype_size(v.dtype));
    t.alignment = alignment;
    planned[static_cast<size_t>(id)] = true;
  };
  for (int in : graph.inputs) start(in, -1);
  for (int s = 0; s < step_count; ++s) {
    for (int in : *steps[static_cast<size_t>(s)].inputs)
      if (in >= 0 && planned[static_cast<size_t>(in)])
        by_value[static_cast<size_t>(in)].last_use = std::max(by_value[static_cast<size_t>(in)].last_use, s);
    for (int out : *steps[static_cast<size_t>(s)].outputs)
      if (out >= 0) start(out, s);
  }
  for (int out : graph.outputs)
    if (planned[static_cast<size_t>(out)]) by_value[static_cast<size_t>(out)].last_use = step_count;
  std::vector<TensorLifetime> tensors;
  for (size_t v = 0; v < by_value.size(); ++v)
    if (planned[v] && by_value[v].bytes > 0) tensors.push_back(by_value[v]);
  return tensors;
}

std::vector<StepUses> node_steps(const Graph& graph) {
  std::vector<StepUses> steps;
  for (const Node& node : graph.nodes) steps.push_back({&node.inputs, &node.outputs});
  return steps;
}

}  // namespace nnslim
