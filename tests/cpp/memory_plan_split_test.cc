// The split-aligned arena placement (runtime/memory_plan.h, Placement::
// SplitAligned): it keeps live tensors apart like the compact one (random
// lifetimes, a pairwise oracle), puts a tensor that reuses a dead one's bytes
// on that tensor's centre, and on MobileNetV2's compiled plan (the runtime's
// real lifetimes) it makes far fewer of a 2-thread run's writes land on
// cache lines the other core wrote last, for a bounded growth of the arena.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "onnx/onnx_import.h"
#include "runtime/compiled_plan.h"
#include "core/thread_pool.h"
#include "runtime/memory_plan.h"
#include "test_data.h"

using namespace nnslim;

namespace {

// No two tensors that live at the same time share a byte; offsets aligned
// and inside the arena; the arena a multiple of every alignment.
void check_no_overlap(const MemoryPlan& plan) {
  for (const TensorLifetime& t : plan.tensors) {
    REQUIRE(t.offset >= 0);
    REQUIRE(t.offset % t.alignment == 0);
    REQUIRE(t.offset + t.bytes <= plan.arena_bytes);
    REQUIRE(plan.arena_bytes % t.alignment == 0);
  }
  for (size_t a = 0; a < plan.tensors.size(); ++a)
    for (size_t b = a + 1; b < plan.tensors.size(); ++b) {
      const TensorLifetime &x = plan.tensors[a], &y = plan.tensors[b];
      const bool live_together = x.first_use <= y.last_use && y.first_use <= x.last_use;
      const bool share_bytes = x.offset < y.offset + y.bytes && y.offset < x.offset + x.bytes;
      INFO("tensors " << x.id << " and " << y.id);
      REQUIRE_FALSE((live_together && share_bytes));
    }
}

// Of the 64-byte lines a run writes, the share written by one core over a
// line the other core wrote last, in the second of two runs (the steady
// state: the first run's last tensors are the second's previous tenants).
// The model of a 2-thread split: the step that writes a tensor hands the
// lines before its centre to core 0 and the rest to core 1 (the pool's
// contiguous segments over pixels in NHWC order); graph inputs (first_use
// -1) are written by the caller, core 0.
double cross_core_write_share(const MemoryPlan& plan) {
  constexpr int64_t kLine = 64;
  std::vector<int> owner(static_cast<size_t>(plan.arena_bytes / kLine + 1), -1);
  std::vector<const TensorLifetime*> by_birth;
  for (const TensorLifetime& t : plan.tensors) by_birth.push_back(&t);
  std::stable_sort(by_birth.begin(), by_birth.end(),
                   [](const TensorLifetime* a, const TensorLifetime* b) { return a->first_use < b->first_use; });
  int64_t written = 0, crossed = 0;
  for (int run = 0; run < 2; ++run)
    for (const TensorLifetime* t : by_birth) {
      const int64_t centre = t->offset + t->bytes / 2;
      for (int64_t line = t->offset / kLine; line * kLine < t->offset + t->bytes; ++line) {
        const int core = t->first_use < 0 || line * kLine < centre ? 0 : 1;
        int& last = owner[static_cast<size_t>(line)];
        if (run == 1) {
          ++written;
          if (last >= 0 && last != core) ++crossed;
        }
        last = core;
      }
    }
  return written ? static_cast<double>(crossed) / static_cast<double>(written) : 0.0;
}

std::vector<TensorLifetime> unplaced(std::vector<TensorLifetime> tensors) {
  for (TensorLifetime& t : tensors) t.offset = -1;
  return tensors;
}

}  // namespace

TEST_CASE("memory plan (split-aligned): random lifetimes never share bytes while live", "[memory_plan]") {
  std::mt19937 rng(4321);
  for (int trial = 0; trial < 300; ++trial) {
    const int steps = 1 + static_cast<int>(rng() % 30);
    const int count = 1 + static_cast<int>(rng() % 40);
    std::vector<TensorLifetime> tensors;
    for (int i = 0; i < count; ++i) {
      TensorLifetime t;
      t.id = i;
      t.first_use = static_cast<int>(rng() % static_cast<unsigned>(steps + 1)) - 1;
      t.last_use = std::min(steps, t.first_use + 1 + static_cast<int>(rng() % 6));
      t.bytes = static_cast<int64_t>(rng() % 5000);  // zero sizes included
      t.alignment = int64_t{1} << (rng() % 7);       // 1 .. 64, mixed in one plan
      tensors.push_back(t);
    }
    INFO("trial " << trial);
    const MemoryPlan split = plan_memory(tensors, Placement::SplitAligned);
    check_no_overlap(split);
    REQUIRE(split.arena_bytes >= split.peak_live_bytes);
    REQUIRE(split.peak_live_bytes == plan_memory(tensors, Placement::Compact).peak_live_bytes);
  }
}

TEST_CASE("memory plan (split-aligned): a tensor that reuses a dead one's bytes sits on its centre", "[memory_plan]") {
  // a [0,1] 1024 B and b [1,2] 640 B live together; c [2,3] 256 B lives with
  // b only and reuses a's bytes; d [3,3] 128 B lives with c only.
  std::vector<TensorLifetime> tensors(4);
  tensors[0] = {0, 0, 1, 1024, 64};
  tensors[1] = {1, 1, 2, 640, 64};
  tensors[2] = {2, 2, 3, 256, 64};
  tensors[3] = {3, 3, 3, 128, 64};
  const MemoryPlan compact = plan_memory(tensors, Placement::Compact);
  const MemoryPlan split = plan_memory(tensors, Placement::SplitAligned);
  check_no_overlap(split);
  const TensorLifetime &a = split.tensors[0], &b = split.tensors[1], &c = split.tensors[2], &d = split.tensors[3];
  // By hand, largest first: a at 0 (pivot 512); b lives with a: above it
  // (pivot 1024 + 320 = 1344); c lives with b only: on a's pivot, at
  // 512 - 128 = 384; d lives with c, which holds 384..640 where d would sit
  // on a's pivot (448..576), so d takes b's pivot, free at step 3: 1344 - 64.
  CHECK(a.offset == 0);
  CHECK(b.offset == 1024);
  CHECK(c.offset == 384);
  CHECK(d.offset == 1280);
  CHECK(split.arena_bytes == 1664);
  // The compact plan puts c at the bottom of a's bytes: c's second half
  // (core 1's) lands on lines of a's first half (core 0's). Same arena.
  CHECK(compact.tensors[2].offset == 0);
  CHECK(compact.arena_bytes == 1664);
  CHECK(cross_core_write_share(split) < cross_core_write_share(compact));
}

TEST_CASE("memory plan (split-aligned): a graph input, written by the caller alone, sits on core 0's halves",
          "[memory_plan]") {
  // a [1,3] 1024 B is placed first (pivot 512); the input [-1,0] 384 B does
  // not live with it and reuses its bytes. Centred on a's pivot (as any
  // other tensor) it would cover 320..704: the caller's copy would write
  // 192 bytes of a's second half, which the worker writes each run. Placed
  // as a writer of core 0 alone it ends at or below 512, in the same arena.
  std::vector<TensorLifetime> tensors(2);
  tensors[0] = {0, 1, 3, 1024, 64};
  tensors[1] = {1, -1, 0, 384, 64};
  const MemoryPlan split = plan_memory(tensors, Placement::SplitAligned);
  check_no_overlap(split);
  const TensorLifetime &a = split.tensors[0], &input = split.tensors[1];
  CHECK(a.offset == 0);
  CHECK(input.offset + input.bytes <= a.offset + a.bytes / 2);
  CHECK(split.arena_bytes == 1024);
  CHECK(cross_core_write_share(split) == 0);
}

TEST_CASE("memory plan (split-aligned): a graph input whose lowest gap is taken ends at a pivot, on core 0's half",
          "[memory_plan]") {
  // a [1,3] and b [1,3], 1024 B each, live together: a at 0 (pivot 512), b
  // above it at 1024 (pivot 1536). n [0,0] 768 B lives with neither and
  // takes a's pivot: 128..896. The input [-1,0] 512 B lives with n alone.
  // Its best fit, above n at 896..1408, writes 128 bytes of a's second half
  // (the worker's); offset 0 is n's. Only ending at b's pivot (1024..1536,
  // b's first half, the caller's) writes nothing over the other core's
  // lines, in the same arena.
  std::vector<TensorLifetime> tensors(4);
  tensors[0] = {0, 1, 3, 1024, 64};
  tensors[1] = {1, 1, 3, 1024, 64};
  tensors[2] = {2, 0, 0, 768, 64};
  tensors[3] = {3, -1, 0, 512, 64};
  const MemoryPlan split = plan_memory(tensors, Placement::SplitAligned);
  check_no_overlap(split);
  const TensorLifetime &a = split.tensors[0], &b = split.tensors[1], &n = split.tensors[2], &input = split.tensors[3];
  CHECK(a.offset == 0);
  CHECK(b.offset == 1024);
  CHECK(n.offset == 128);
  CHECK(input.offset == 1024);
  CHECK(split.arena_bytes == 2048);
  CHECK(cross_core_write_share(split) == 0);
}

TEST_CASE("memory plan (split-aligned): MobileNetV2's runtime plan, fewer writes over the other core's lines",
          "[memory_plan][mobilenetv2]") {
  const std::string path = test_data::generated("mobilenetv2_folded.onnx");
  test_data::require_exists(path);
  const std::vector<uint8_t> bytes = test_data::read_bytes(path);
  Graph graph = import_onnx(bytes.data(), bytes.size());
  Value& input = graph.value(graph.inputs[0]);
  for (int64_t& d : input.shape) d = d < 0 ? 1 : d;
  const std::unique_ptr<CompiledPlan> compiled = compile_plan(std::move(graph));
  // The runtime places split-aligned where a pool can split steps (the
  // threaded build) and compact where it cannot (the plain wasm module).
  const MemoryPlan& runtime = compiled->memory;  // what the runtime allocates
  const MemoryPlan split = plan_memory(unplaced(runtime.tensors), Placement::SplitAligned);
  const MemoryPlan compact = plan_memory(unplaced(runtime.tensors), Placement::Compact);
  CHECK(runtime.arena_bytes == (NNSLIM_THREADS ? split : compact).arena_bytes);
  check_no_overlap(runtime);
  check_no_overlap(split);
  const double split_share = cross_core_write_share(split);
  const double compact_share = cross_core_write_share(compact);
  INFO("arena: split-aligned " << split.arena_bytes << " B, compact " << compact.arena_bytes << " B, live peak "
                               << split.peak_live_bytes << " B; lines written over the other core's: split-aligned "
                               << split_share << ", compact " << compact_share);
  WARN("MobileNetV2 arena: split-aligned " << split.arena_bytes << " B, compact " << compact.arena_bytes
                                           << " B; cross-core writes " << split_share << " vs " << compact_share);
  CHECK(split.arena_bytes <= compact.arena_bytes * 13 / 10);
  CHECK(split_share < compact_share / 4);
  // Not one line: the input (the caller's copy) lands on the caller's
  // halves too (it was the 2.1% left before graph inputs were placed so).
  CHECK(split_share == 0);
}
