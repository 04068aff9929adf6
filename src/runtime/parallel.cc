#include "runtime/parallel.h"

#include <cstdint>

namespace nnslim {

RangeTiles::RangeTiles(size_t threads, size_t count_, size_t align_)
    : count(count_), align(align_), units((count_ + align_ - 1) / align_),
      tiles(std::min(threads * kTilesPerThread, units)) {}

// (64-bit products: tile * units can pass 2^32 in wasm32.)
size_t RangeTiles::begin(size_t tile) const {
  return static_cast<size_t>(uint64_t(tile) * units / tiles) * align;
}

size_t RangeTiles::end(size_t tile) const { return std::min(count, begin(tile + 1)); }

}  // namespace nnslim
