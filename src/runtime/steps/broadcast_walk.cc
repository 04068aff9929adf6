#include "runtime/steps/broadcast_walk.h"

#include <cstddef>

namespace nnslim {

std::optional<BroadcastWalk> broadcast_walk(const std::vector<int64_t>& out_dims, const std::vector<int>& memory_order,
                                            const std::vector<WalkInput>& inputs) {
  const size_t rank = out_dims.size();
  if (inputs.empty() || inputs.size() > BroadcastWalk::kMaxInputs || memory_order.size() != rank) return std::nullopt;
  // Each input's element stride along every output axis (0 where it broadcasts).
  std::vector<std::vector<int64_t>> stride(inputs.size(), std::vector<int64_t>(rank, 0));
  for (size_t i = 0; i < inputs.size(); ++i) {
    const std::vector<int64_t>& d = inputs[i].dims;
    if (d.size() > rank) return std::nullopt;
    std::vector<int64_t> full(rank, 1);
    for (size_t k = 0; k < d.size(); ++k) full[rank - d.size() + k] = d[k];
    for (size_t k = 0; k < rank; ++k)
      if (full[k] != 1 && full[k] != out_dims[k]) return std::nullopt;
    // The buffer's axes slowest first: row-major, or N,H,W,C for an NHWC copy.
    std::vector<size_t> buffer_order(rank);
    for (size_t k = 0; k < rank; ++k) buffer_order[k] = k;
    if (inputs[i].nhwc) {
      if (rank != 4 || d.size() != 4) return std::nullopt;
      buffer_order = {0, 2, 3, 1};
    }
    int64_t s = 1;
    for (size_t k = rank; k-- > 0;) {
      const size_t axis = buffer_order[k];
      stride[i][axis] = full[axis] == 1 ? 0 : s;
      s *= full[axis];
    }
  }
  struct Loop {
    int64_t count;
    std::vector<int64_t> strides;
  };
  std::vector<Loop> loops;
  for (int axis : memory_order) {
    const int64_t count = out_dims[static_cast<size_t>(axis)];
    if (count == 1) continue;
    std::vector<int64_t> s(inputs.size());
    for (size_t i = 0; i < inputs.size(); ++i) s[i] = stride[i][static_cast<size_t>(axis)];
    if (!loops.empty()) {
      Loop& last = loops.back();
      bool mergeable = true;  // the outer loop continues the inner one for every input
      for (size_t i = 0; i < inputs.size(); ++i) mergeable = mergeable && last.strides[i] == s[i] * count;
      if (mergeable) {
        last.count *= count;
        last.strides = s;
        continue;
      }
    }
    loops.push_back({count, s});
  }
  if (loops.empty()) loops.push_back({1, std::vector<int64_t>(inputs.size(), 0)});
  if (loops.size() - 1 > BroadcastWalk::kMaxOuterLoops) return std::nullopt;
  BroadcastWalk walk;
  walk.inputs = inputs.size();
  const Loop& inner = loops.back();
  walk.inner_count = inner.count;
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (inner.strides[i] != 0 && inner.strides[i] != 1) return std::nullopt;
    walk.inner_scalar[i] = inner.strides[i] == 0;
  }
  walk.outer_loops = loops.size() - 1;
  for (size_t l = 0; l < walk.outer_loops; ++l) {
    walk.counts[l] = loops[l].count;
    for (size_t i = 0; i < inputs.size(); ++i) walk.strides[i][l] = loops[l].strides[i];
  }
  return walk;
}

}  // namespace nnslim
