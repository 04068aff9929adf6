// The split-aligned planner as first written (runtime/memory_plan.cc before
// its neighbour and conflict queries became sorted searches): each candidate
// offset checked against every live neighbour and scored against every placed
// tensor, O(N^2) per tensor. Kept as the oracle the faster planner must match
// offset for offset (tests/cpp/memory_plan_oracle_test.cc) and as the peer of
// bench/ops/memory_plan_bench.cc. Test and bench code only.
#pragma once
#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "core/error.h"
#include "runtime/memory_plan.h"

namespace nnslim::memory_plan_oracle {


inline int64_t align_up(int64_t x, int64_t alignment) { return (x + alignment - 1) / alignment * alignment; }
inline int64_t align_down(int64_t x, int64_t alignment) { return x / alignment * alignment; }  // x >= 0

inline bool lifetimes_overlap(const TensorLifetime& a, const TensorLifetime& b) {
  return a.first_use <= b.last_use && b.first_use <= a.last_use;
}

// Max over time of the bytes live at once (closed intervals).
inline int64_t peak_live_bytes(const std::vector<TensorLifetime>& tensors) {
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
inline int64_t best_fit_offset(const TensorLifetime& t, const std::vector<const TensorLifetime*>& neighbours) {
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
inline bool fits_among(int64_t offset, int64_t bytes, const std::vector<const TensorLifetime*>& neighbours) {
  for (const TensorLifetime* other : neighbours)
    if (offset < other->offset + other->bytes && other->offset < offset + bytes) return false;
  return true;
}

// Where the caller's bytes of a tensor at `offset` end: its centre, or its
// end for a graph input (the caller copies it in whole).
inline int64_t writer_split(const TensorLifetime& t, int64_t offset) {
  return t.first_use < 0 ? offset + t.bytes : offset + t.bytes / 2;
}

// How many of t's bytes at `offset` lie, for some placed tensor that shares
// them, between its writer split and t's: there the two tensors' writers
// are different cores.
inline int64_t split_conflict(const TensorLifetime& t, int64_t offset, const std::vector<TensorLifetime>& tensors,
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
// The best-fit offset comes first, so it wins ties.
inline constexpr int64_t kConflictWeight = 4;
inline int64_t split_aligned_new_offset(const TensorLifetime& t, const std::vector<const TensorLifetime*>& neighbours,
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


inline MemoryPlan plan_memory(std::vector<TensorLifetime> tensors, Placement placement) {
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
    const bool caller_written = t.first_use < 0;  // a graph input: no pivot, makes none
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


}  // namespace nnslim::memory_plan_oracle
