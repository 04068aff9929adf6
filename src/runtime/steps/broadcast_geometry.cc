#include "runtime/steps/broadcast_geometry.h"

#include <cstddef>

namespace nnslim {

std::optional<BroadcastGeometry> broadcast_geometry(const std::vector<int64_t>& out_dims,
                                                    const std::vector<int64_t>& b_dims,
                                                    const std::vector<int>& memory_order) {
  const size_t rank = out_dims.size();
  if (b_dims.size() > rank || memory_order.size() != rank) return std::nullopt;
  // b's dims right-aligned to the output rank, and its row-major strides
  // (0 on broadcast axes).
  std::vector<int64_t> b_full(rank, 1), b_stride(rank, 0);
  for (size_t i = 0; i < b_dims.size(); ++i) b_full[rank - b_dims.size() + i] = b_dims[i];
  int64_t stride = 1;
  for (size_t i = rank; i-- > 0;) {
    if (b_full[i] != 1 && b_full[i] != out_dims[i]) return std::nullopt;
    b_stride[i] = b_full[i] == 1 ? 0 : stride;
    stride *= b_full[i];
  }

  // Axes in memory order, size-1 axes dropped, neighbours merged when b
  // walks them the same way: both broadcast, or both contiguous
  // (outer stride = inner stride * inner count).
  struct Loop { int64_t count, b_stride; };
  std::vector<Loop> loops;
  for (int axis : memory_order) {
    const int64_t count = out_dims[static_cast<size_t>(axis)];
    const int64_t s = b_stride[static_cast<size_t>(axis)];
    if (count == 1) continue;
    if (!loops.empty()) {
      Loop& last = loops.back();
      const bool both_broadcast = last.b_stride == 0 && s == 0;
      const bool contiguous = last.b_stride != 0 && s != 0 && last.b_stride == s * count;
      if (both_broadcast || contiguous) {
        last.count *= count;
        last.b_stride = s;
        continue;
      }
    }
    loops.push_back({count, s});
  }
  if (loops.empty()) loops.push_back({1, 0});
  if (loops.size() > 3) return std::nullopt;
  const Loop inner = loops.back();
  if (inner.b_stride != 0 && inner.b_stride != 1) return std::nullopt;

  BroadcastGeometry g;
  g.inner_count = inner.count;
  g.inner_b_scalar = inner.b_stride == 0;
  for (size_t i = 0; i + 1 < loops.size(); ++i) {
    const size_t slot = 2 - (loops.size() - 1) + i;  // right-align into the two outer slots
    g.outer_counts[slot] = loops[i].count;
    g.outer_b_strides[slot] = loops[i].b_stride;
  }
  return g;
}

}  // namespace nnslim
