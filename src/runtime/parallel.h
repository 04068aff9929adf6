// Splitting one step's work over the session's threads (core/thread_pool.h).
//
// A step calls parallel_ranges(plan, count, align, work, f): f(begin, end)
// runs over disjoint ranges covering [0, count), each starting at a
// multiple of `align` (an MR strip, an NR panel: the same kernel calls, and
// so the same bits, whatever the split). `work` is the step's cost in
// multiply-adds (or element operations for memory-bound steps); below
// kMinParallelWork the whole range runs as one call on the calling thread,
// where handing tiles to workers would cost more than it saves.
#pragma once
#include <algorithm>
#include <cstddef>
#include <vector>

#include "core/thread_pool.h"
#include "runtime/compiled_plan.h"

namespace nnslim {

// The cost model, measured with `node bench/threads/run_threads.mjs
// --calibrate` (threaded wasm module, Node 20, 2 threads, the threshold
// off; docs/benchmarks.md, "Threads"): a job handed to the pool costs about
// 6 us more than the same work on the calling thread (a Dense layer of
// 1K..37K multiply-adds: 8.5-9.6 us per run on 2 threads against 3.0-3.9 on
// one). Splitting work W in two saves W / 2 / rate, and the SIMD kernels run
// ~20 G multiply-adds/s on one thread, so the break-even is W = 2 x 6 us x
// 20 G/s = 240 K: below 256 K a step stays on the calling thread.
// (Memory-bound steps count one per element unless they use
// bytes_moved_work below: they split later than they could, never sooner.)
constexpr double kMinParallelWork = 256 * 1024;

// The work of a memory-bound step (residual Adds, global pooling) from the
// bytes it reads and writes. Its cost is where those bytes are, not its
// arithmetic: the split step before it left half of its input in the other
// core's cache, which this VM's cores read at ~25 GB/s against ~72 GB/s from
// their own. Measured (bench/threads/profile_steps.mjs, MobileNetV2 f32, 2
// threads): the 10 residual Adds on the calling thread took 0.176 ms against
// 0.041 ms in a 1-thread run; a 56x56x24 Add moves 900 KB, 17.6 vs 4.1 us:
// ~0.015 ns per byte lost, ~0.02 ns per byte saved when both threads take
// their own halves. A job costs ~0.5-2.5 us (its calibration above), so
// splitting pays from ~100 KB moved: each byte counts as kWorkPerByte
// multiply-adds, which puts the threshold at 128 KB.
constexpr double kWorkPerByte = 2;
inline double bytes_moved_work(double bytes) { return bytes * kWorkPerByte; }
// The threshold in effect: kMinParallelWork; tests set 0 to split every
// step, however small.
inline double& min_parallel_work() {
  static double work = kMinParallelWork;
  return work;
}
// Ranges per thread: more than one, so a thread slowed by another process
// on a shared machine is caught up by the others (tiles are claimed
// dynamically), and the last tile that one thread waits for is short.
// MobileNetV2 f32 b1 2 vs 1 thread, builds with 4, 8 and 16 in one process
// (bench/threads/compare_modules.mjs): in the VM's slow phases 1.64-1.66x,
// 1.68-1.72x, 1.69-1.72x; in its fast ones 1.88-1.90x, 1.85-1.88x, 1.85x.
constexpr size_t kTilesPerThread = 8;

// The tiles of parallel_ranges: `threads` x kTilesPerThread of them (fewer
// where there are fewer units of `align`), each of units/tiles or
// units/tiles + 1 units, so that every participant's segment of the pool
// (tiles/threads of them) holds the same work within one unit. (Tiles of a
// rounded-up size left a short or a missing last tile: the 49 strips of a
// 14x14 1x1 conv made 7 tiles of 7, three for the caller and four for the
// worker, a 1.75x ceiling.) Out of line: every step instantiates
// parallel_ranges, and the 64-bit arithmetic in each made the threaded
// module 3 KB larger.
//
// Shrinking tiles: where every segment has at least kGuidedMinUnits units,
// the tiles inside a segment shrink from its front to its back (sizes in
// the ratio 15, 13, ..., 3, 1 for 8 tiles: tile j of k starts at fraction
// 1 - ((k - j) / k)^2 of the segment). The segments stay where they were
// (each thread's pixels are the same as with equal tiles), but the tile a
// thread runs last, and the one a thief takes from a segment's back, is
// 1/64 of the segment instead of 1/8: a job's end waits on a shorter
// last tile. Measured (docs/benchmarks.md, "Owner-computes affinity,
// audited"): the caller's wait at job ends fell (block-sparse MobileNetV2:
// in six processes of six), 2 vs 1 thread scaling unchanged within noise.
struct RangeTiles {
  RangeTiles(size_t threads, size_t count, size_t align);
  size_t begin(size_t tile) const;  // a multiple of align
  size_t end(size_t tile) const;    // begin(tile + 1), at most count
  size_t count, align, units, tiles, threads;
  bool guided;  // shrinking tiles inside each segment
};
// 64 = 8 x 8: the smallest tile, 1/64 of a segment, is then at least one unit.
constexpr size_t kGuidedMinUnits = 64;

template <class F>
void parallel_ranges(const CompiledPlan& plan, size_t count, size_t align, double work, F&& f) {
#if !NNSLIM_THREADS
  // The single-threaded module: one call, no tiling code linked.
  (void)plan, (void)align, (void)work;
  if (count > 0) f(size_t{0}, count);
  return;
#endif
  const size_t threads = plan.threads;
  if (threads <= 1 || work < min_parallel_work() || count <= align) {
    if (count > 0) f(size_t{0}, count);
    return;
  }
  const RangeTiles split(threads, count, align);
  auto tile = [&](size_t t) { f(split.begin(t), split.end(t)); };
  ThreadPool::shared().parallel_for(threads, split.tiles, tile);
}

// Items of unequal cost split by cost (a pruned matrix's block rows, from
// none to all of their blocks each): `costs_before[i]` is the summed cost
// of the items before item i, strictly increasing (each item costs at
// least 1), and costs_before.back() the total. parallel_ranges over the
// cost units [0, total) hands out ranges [u0, u1); the items of a range are
// those whose cost starts in it, [item_at_cost(u0), item_at_cost(u1)),
// none for a range inside one item (deterministic, and each item one call
// whoever runs it).
inline size_t item_at_cost(const std::vector<size_t>& costs_before, size_t unit) {
  return static_cast<size_t>(std::lower_bound(costs_before.begin(), costs_before.end(), unit) - costs_before.begin());
}

// parallel_ranges over items of unequal cost (costs_before as above):
// f(first_item, end_item) once per range that holds an item start.
template <class F>
void parallel_items_by_cost(const CompiledPlan& plan, const std::vector<size_t>& costs_before, double work, F&& f) {
  parallel_ranges(plan, costs_before.back(), 1, work, [&](size_t first, size_t last) {
    const size_t item = item_at_cost(costs_before, first), end_item = item_at_cost(costs_before, last);
    if (item != end_item) f(item, end_item);
  });
}

// A per-image walk split like parallel_ranges: each of `images` images has
// `items` items (output pixels) in strips of `strip`; the work units are
// (image, strip) pairs, and f(image, first, last) gets items [first, last)
// of one image, `first` a multiple of `strip` (an MR strip's indirection
// starts there).
template <class F>
void parallel_image_strips(const CompiledPlan& plan, size_t images, size_t items, size_t strip, double work, F&& f) {
  const size_t strips = (items + strip - 1) / strip;
  if (strips == 0) return;
  parallel_ranges(plan, images * strips, 1, work, [&](size_t begin, size_t end) {
    for (size_t n = begin / strips; n * strips < end; ++n) {
      const size_t first = (std::max(begin, n * strips) - n * strips) * strip;
      const size_t last = std::min((std::min(end, (n + 1) * strips) - n * strips) * strip, items);
      f(n, first, last);
    }
  });
}

}  // namespace nnslim
