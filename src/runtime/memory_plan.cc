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

// The bytes the placed neighbours of a tensor hold, for fit queries in
// O(log n): their intervals merged where they overlap (touching ones stay
// apart, so a zero-size tensor between two fits as before), and the offsets
// of zero-size neighbours, which block only a tensor that strictly spans them.
class OccupiedBytes {
 public:
  // neighbours: sorted by offset.
  void assign(const std::vector<const TensorLifetime*>& neighbours) {
    begins_.clear();
    ends_.clear();
    points_.clear();
    for (const TensorLifetime* other : neighbours) {
      if (other->bytes == 0) {
        points_.push_back(other->offset);
      } else if (!ends_.empty() && other->offset < ends_.back()) {
        ends_.back() = std::max(ends_.back(), other->offset + other->bytes);
      } else {
        begins_.push_back(other->offset);
        ends_.push_back(other->offset + other->bytes);
      }
    }
  }
  // Do [offset, offset + bytes) and every neighbour's bytes stay apart? (A
  // neighbour [b, e) collides when offset < e and b < offset + bytes.)
  bool fits(int64_t offset, int64_t bytes) const {
    // Ends rise with the merged intervals: the first that ends above offset
    // is the only one that can start below offset + bytes. (A few: found by
    // a linear walk, faster than a binary search there; a tensor tries many
    // pivots against the same few neighbours.)
    size_t i = 0;
    if (ends_.size() <= 8) {
      while (i < ends_.size() && ends_[i] <= offset) ++i;
    } else {
      i = static_cast<size_t>(std::upper_bound(ends_.begin(), ends_.end(), offset) - ends_.begin());
    }
    if (i < ends_.size() && begins_[i] < offset + bytes) return false;
    if (points_.empty()) return true;
    const auto point = std::upper_bound(points_.begin(), points_.end(), offset);
    return point == points_.end() || *point >= offset + bytes;
  }

 private:
  std::vector<int64_t> begins_, ends_;  // merged, disjoint, by offset
  std::vector<int64_t> points_;         // sorted
};

// Sum over a set of intervals [b, e) of their bytes below x,
//   below(x) = sum_{b < x} (x - b) - sum_{e < x} (x - e),
// from the sorted begins and ends and their prefix sums (O(log n)), plus the
// intervals added since they were last sorted, summed one by one. So
// sum_i |[lo, hi) & [b_i, e_i)| = below(hi) - below(lo). The added ones are
// merged in (O(n)) once there are more than sqrt(n) of them: O(sqrt n) per
// interval added and per query.
class IntervalBytes {
 public:
  void add(int64_t begin, int64_t end) {
    new_begins_.push_back(begin);
    new_ends_.push_back(end);
    if (new_begins_.size() * new_begins_.size() > begins_.size() + 64) {
      merge_in(begins_, new_begins_, begin_sums_);
      merge_in(ends_, new_ends_, end_sums_);
    }
  }
  int64_t inside(int64_t lo, int64_t hi) const { return below(hi) - below(lo); }

 private:
  static void merge_in(std::vector<int64_t>& sorted, std::vector<int64_t>& added, std::vector<int64_t>& sums) {
    std::sort(added.begin(), added.end());
    const size_t middle = sorted.size();
    sorted.insert(sorted.end(), added.begin(), added.end());
    std::inplace_merge(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(middle), sorted.end());
    added.clear();
    sums.resize(sorted.size() + 1);
    for (size_t i = 0; i < sorted.size(); ++i) sums[i + 1] = sums[i] + sorted[i];
  }
  // x * count - sum of the values below x.
  static int64_t reach(const std::vector<int64_t>& sorted, const std::vector<int64_t>& sums,
                       const std::vector<int64_t>& added, int64_t x) {
    const size_t n = static_cast<size_t>(std::lower_bound(sorted.begin(), sorted.end(), x) - sorted.begin());
    int64_t sum = x * static_cast<int64_t>(n) - sums[n];
    for (int64_t v : added)
      if (v < x) sum += x - v;
    return sum;
  }
  int64_t below(int64_t x) const {
    return reach(begins_, begin_sums_, new_begins_, x) - reach(ends_, end_sums_, new_ends_, x);
  }

  std::vector<int64_t> begins_, ends_;
  std::vector<int64_t> begin_sums_{0}, end_sums_{0};  // prefix sums: sums[i] = the first i values'
  std::vector<int64_t> new_begins_, new_ends_;        // added since the last merge, unsorted
};

// Where the bytes written by the calling thread (core 0) end and the
// worker's begin, for a tensor at `offset`: its centre, except for a tensor
// live before the first step (a graph input), which the caller copies in
// whole: all of its bytes are core 0's.
int64_t writer_split(const TensorLifetime& t, int64_t offset) {
  return t.first_use < 0 ? offset + t.bytes : offset + t.bytes / 2;
}

// How many of t's bytes at `offset` lie, for some placed tensor that shares
// them, between its writer split and t's: there the two tensors' writers
// are different cores. For a placed u (split m) and t (split c) those bytes
// are [offset, c) & [m, u's end) (u's second part under t's first) plus
// [c, end) & [u's offset, m) (its first part under t's second): one of the
// two is empty. So the sum over every placed tensor is two interval sums,
// over the placed tensors' second parts and over their first parts.
class SplitConflict {
 public:
  void add(const TensorLifetime& u) {
    const int64_t split = writer_split(u, u.offset);
    first_halves_.add(u.offset, split);
    second_halves_.add(split, u.offset + u.bytes);
  }
  int64_t operator()(const TensorLifetime& t, int64_t offset) const {
    const int64_t split = writer_split(t, offset);
    return second_halves_.inside(offset, split) + first_halves_.inside(split, offset + t.bytes);
  }

 private:
  IntervalBytes first_halves_, second_halves_;
};

// A new pivot for t: of the best-fit offset, the offsets at either end of
// each gap between its neighbours that holds t, and the offsets above them
// and above the whole arena, the one that costs least: kConflictWeight per
// byte written over the other core's bytes (SplitConflict) plus each byte
// the arena grows by. (Weight 4: MobileNetV2's plan then writes no tensor
// over another one's other half but the input's; weight 1 left the 1.8 MB
// depthwise outputs of its third block half over the expansion before.)
// The best-fit offset comes first, so it wins ties. A graph input (all
// core 0's) also tries ending at each pivot, on the caller's halves of the
// tensors centred there.
constexpr int64_t kConflictWeight = 4;
int64_t split_aligned_new_offset(const TensorLifetime& t, const std::vector<const TensorLifetime*>& neighbours,
                                 const OccupiedBytes& occupied, const SplitConflict& conflict,
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
    if (offset < 0 || !occupied.fits(offset, t.bytes)) continue;
    const int64_t cost =
        kConflictWeight * conflict(t, offset) + std::max<int64_t>(0, offset + t.bytes - arena_bytes);
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
  // SplitAligned: tensor centres, oldest first; the neighbours' bytes; the
  // placed tensors' halves. Per tensor O(n) to list its neighbours, then
  // O(log n) per pivot tried and O(sqrt n) per candidate scored.
  std::vector<int64_t> pivots;
  OccupiedBytes occupied;
  SplitConflict conflict;
  for (size_t index : order) {
    TensorLifetime& t = plan.tensors[index];
    neighbours.clear();
    for (size_t other_index : placed)
      if (lifetimes_overlap(t, plan.tensors[other_index])) neighbours.push_back(&plan.tensors[other_index]);
    t.offset = -1;
    // A graph input is not centred on a pivot (its writer is the caller
    // alone) and makes none.
    const bool caller_written = t.first_use < 0;
    if (placement == Placement::SplitAligned) occupied.assign(neighbours);
    if (placement == Placement::SplitAligned && !caller_written) {
      for (int64_t pivot : pivots) {
        const int64_t offset = align_down(pivot - t.bytes / 2, t.alignment);
        if (offset >= 0 && occupied.fits(offset, t.bytes)) {
          t.offset = offset;
          break;
        }
      }
    }
    if (t.offset < 0) {
      t.offset = placement == Placement::SplitAligned
                     ? split_aligned_new_offset(t, neighbours, occupied, conflict, pivots, plan.arena_bytes)
                     : best_fit_offset(t, neighbours);
      if (!caller_written) pivots.push_back(t.offset + t.bytes / 2);
    }
    if (placement == Placement::SplitAligned) conflict.add(t);
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
    // A value listed by two steps is born with the first and lives at least
    // through the second: a joined pair's second step writes its output in
    // the first step's job (runtime/joined_rows.h lists it there too), or
    // at its own index when run alone (a timed run).
    for (int out : *steps[static_cast<size_t>(s)].outputs) {
      if (out < 0) continue;
      if (!planned[static_cast<size_t>(out)]) {
        start(out, s);
      } else {
        by_value[static_cast<size_t>(out)].last_use = std::max(by_value[static_cast<size_t>(out)].last_use, s);
      }
    }
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
