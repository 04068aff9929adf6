// The tiles of parallel_ranges (runtime/parallel.h, RangeTiles): the
// ranges cover [0, count) once, start on `align` boundaries, are never
// empty, and each pool participant's segment of tiles holds the same work
// within one unit; the tiles are equal within one unit, or, where each
// segment has kGuidedMinUnits units or more, shrink from a segment's front
// to its back.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstddef>
#include <vector>

#include "runtime/parallel.h"

namespace nnslim {
namespace {

// Align units of [begin, end): a short last range (count not a multiple of
// align) still makes one kernel call, so it counts as a whole unit.
size_t units_of(size_t begin, size_t end, size_t align) { return (end - begin + align - 1) / align; }

TEST_CASE("range tiles: cover 0 .. count-1 once, aligned, none empty, segments equal within one unit",
          "[threads][range_tiles]") {
  std::vector<size_t> counts;
  for (size_t count = 1; count <= 300; ++count) counts.push_back(count);
  // Past the shrinking tiles' threshold for every thread count, odd sizes.
  for (size_t count : {383, 384, 385, 767, 1001, 3136, 12544, 50177}) counts.push_back(count);
  size_t guided_cases = 0;
  for (size_t threads = 2; threads <= 6; ++threads) {
    for (size_t align : {1, 3, 4, 6, 12}) {
      for (size_t count : counts) {
        CAPTURE(threads, align, count);
        const RangeTiles split(threads, count, align);
        const size_t units = (count + align - 1) / align;
        // As many tiles as the pool's segments ask for, unless there are
        // fewer units than that.
        REQUIRE(split.tiles == std::min(threads * kTilesPerThread, units));
        size_t expected_begin = 0, fewest = units, most = 0;
        std::vector<size_t> tile_units;
        for (size_t t = 0; t < split.tiles; ++t) {
          const size_t begin = split.begin(t), end = split.end(t);
          REQUIRE(begin == expected_begin);  // no gap, no overlap
          REQUIRE(begin % align == 0);
          REQUIRE(end > begin);
          REQUIRE(end <= count);
          tile_units.push_back(units_of(begin, end, align));
          fewest = std::min(fewest, tile_units.back());
          most = std::max(most, tile_units.back());
          expected_begin = end;
        }
        REQUIRE(expected_begin == count);
        const bool guided = split.tiles == threads * kTilesPerThread && units / threads >= kGuidedMinUnits;
        REQUIRE(split.guided == guided);
        if (!guided) {
          REQUIRE(most - fewest <= 1);
        } else {
          // Inside each segment every tile is at least as large as the next
          // (within one unit of rounding), and the last is at most 1/32 of
          // the segment (1/64, rounded).
          ++guided_cases;
          for (size_t p = 0; p < threads; ++p) {
            const size_t first = p * kTilesPerThread, last = first + kTilesPerThread - 1;
            size_t segment = 0;
            for (size_t t = first; t <= last; ++t) segment += tile_units[t];
            for (size_t t = first; t < last; ++t) REQUIRE(tile_units[t] + 1 >= tile_units[t + 1]);
            REQUIRE(tile_units[last] * 32 <= segment + 32);
            REQUIRE(tile_units[first] > tile_units[last]);
          }
        }
        // When every participant owns the same number of tiles (the pool
        // gives participant p tiles [p * tiles / threads, ...)), the
        // participants' work is equal within one unit too.
        if (split.tiles % threads == 0) {
          const size_t per = split.tiles / threads;
          size_t least = units, greatest = 0;
          for (size_t p = 0; p < threads; ++p) {
            size_t sum = 0;
            for (size_t t = p * per; t < (p + 1) * per; ++t) sum += tile_units[t];
            least = std::min(least, sum), greatest = std::max(greatest, sum);
          }
          REQUIRE(greatest - least <= 1);
        }
      }
    }
  }
  CHECK(guided_cases > 100);
}

TEST_CASE("range tiles: the 49 MR strips of a 14x14 1x1 conv on 2 threads split 24/25, not 21/28",
          "[threads][range_tiles]") {
  // 14 x 14 = 196 pixels in strips of 4 (align 4): 49 strips, 16 tiles of 3
  // or 4 strips. Tiles of a rounded-up size (7 tiles of 7) gave the caller
  // 3 tiles (21 strips) and the worker 4 (28).
  const RangeTiles split(2, 196, 4);
  REQUIRE(split.units == 49);
  REQUIRE(split.tiles == 16);
  size_t caller = 0, worker = 0;
  for (size_t t = 0; t < 8; ++t) caller += units_of(split.begin(t), split.end(t), 4);
  for (size_t t = 8; t < 16; ++t) worker += units_of(split.begin(t), split.end(t), 4);
  REQUIRE(caller + worker == 49);
  REQUIRE(std::max(caller, worker) == 25);
  REQUIRE(std::min(caller, worker) == 24);
}

TEST_CASE("range tiles over cost units: items of unequal cost split by cost, each item in one range",
          "[threads][range_tiles]") {
  // 13 items (a pruned GEMV's block rows, runtime/steps/block_sparse_matmul_step.cc):
  // items 0-2 cost 65 (64 blocks + 1), item 11 costs 5, the others 1: 209
  // units. Equal item counts would give one of 2 threads items 0-6 (199 of
  // the 209 units); by cost, each segment is within one item of its share.
  const std::vector<size_t> cost = {65, 65, 65, 1, 1, 1, 1, 1, 1, 1, 1, 5, 1};
  std::vector<size_t> before = {0};
  for (size_t c : cost) before.push_back(before.back() + c);
  REQUIRE(before.back() == 209);
  for (size_t threads : {2, 3, 5}) {
    INFO(threads << " threads");
    const RangeTiles split(threads, before.back(), 1);
    std::vector<int> runs(cost.size(), 0);
    std::vector<size_t> segment_cost(threads, 0);
    for (size_t t = 0; t < split.tiles; ++t) {
      const size_t first = item_at_cost(before, split.begin(t)), last = item_at_cost(before, split.end(t));
      REQUIRE(first <= last);
      for (size_t i = first; i < last; ++i) {
        ++runs[i];
        segment_cost[t / (split.tiles / threads)] += cost[i];
      }
    }
    for (size_t i = 0; i < cost.size(); ++i) CHECK(runs[i] == 1);  // every item once
    // Each segment within one item (65) of an equal share.
    for (size_t c : segment_cost) CHECK(c <= 209 / threads + 65);
  }
  const RangeTiles two(2, 209, 1);
  size_t caller_items = item_at_cost(before, two.begin(8));
  CHECK(caller_items == 2);  // items 0-1 (130 units) to the caller, 2-12 (79) to the worker
}

}  // namespace
}  // namespace nnslim
