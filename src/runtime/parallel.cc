#include "runtime/parallel.h"

#include <cstdint>

namespace nnslim {

RangeTiles::RangeTiles(size_t threads_, size_t count_, size_t align_)
    : count(count_), align(align_), units((count_ + align_ - 1) / align_),
      tiles(std::min(threads_ * kTilesPerThread, units)), threads(threads_),
      guided(threads_ > 0 && tiles == threads_ * kTilesPerThread && units / threads_ >= kGuidedMinUnits) {}

// (64-bit products: tile * units can pass 2^32 in wasm32.)
size_t RangeTiles::begin(size_t tile) const {
  if (!guided || tile >= tiles) return static_cast<size_t>(uint64_t(tile) * units / tiles) * align;
  const uint64_t k = kTilesPerThread, segment = tile / k, j = tile % k;
  const uint64_t first = segment * units / threads, length = (segment + 1) * units / threads - first;
  const uint64_t left = k - j;  // tiles from j to the segment's end
  return static_cast<size_t>(first + length * (k * k - left * left) / (k * k)) * align;
}

size_t RangeTiles::end(size_t tile) const { return std::min(count, begin(tile + 1)); }

}  // namespace nnslim
