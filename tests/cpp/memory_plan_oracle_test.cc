// The planner's sorted-search queries (runtime/memory_plan.cc: OccupiedBytes,
// SplitConflict) must pick exactly the offsets of the first, exhaustive
// planner (memory_plan_oracle.h: every candidate checked against every
// neighbour, scored against every placed tensor): random lifetime sets of
// every kind (zero sizes, equal sizes, mixed alignments, long and short
// lives), a synthetic graph of a few hundred tensors, and MobileNetV2's
// compiled plan, under both placements.
#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <vector>

#include "memory_plan_oracle.h"
#include "onnx/onnx_import.h"
#include "runtime/compiled_plan.h"
#include "runtime/memory_plan.h"
#include "test_data.h"

using namespace nnslim;

namespace {

void require_same_plan(const std::vector<TensorLifetime>& tensors, Placement placement) {
  const MemoryPlan got = plan_memory(tensors, placement);
  const MemoryPlan want = memory_plan_oracle::plan_memory(tensors, placement);
  REQUIRE(got.tensors.size() == want.tensors.size());
  for (size_t i = 0; i < got.tensors.size(); ++i) {
    INFO("tensor " << got.tensors[i].id << " (" << got.tensors[i].bytes << " B)");
    REQUIRE(got.tensors[i].offset == want.tensors[i].offset);
  }
  REQUIRE(got.arena_bytes == want.arena_bytes);
  REQUIRE(got.peak_live_bytes == want.peak_live_bytes);
}

std::vector<TensorLifetime> random_lifetimes(std::mt19937& rng, int count, int steps, int64_t max_bytes,
                                             int max_life) {
  std::vector<TensorLifetime> tensors;
  for (int i = 0; i < count; ++i) {
    TensorLifetime t;
    t.id = i;
    t.first_use = static_cast<int>(rng() % static_cast<unsigned>(steps + 1)) - 1;
    t.last_use = std::min(steps, t.first_use + 1 + static_cast<int>(rng() % static_cast<unsigned>(max_life)));
    // A few sizes repeat (ties in the placement order), zero included.
    t.bytes = rng() % 4 == 0 ? 64 * static_cast<int64_t>(rng() % 4) : static_cast<int64_t>(rng() % max_bytes);
    t.alignment = int64_t{1} << (rng() % 7);  // 1 .. 64, mixed in one plan
    tensors.push_back(t);
  }
  return tensors;
}

TEST_CASE("memory plan: the planner's offsets are the exhaustive oracle's on random lifetimes", "[memory_plan]") {
  std::mt19937 rng(2026);
  for (int trial = 0; trial < 400; ++trial) {
    INFO("trial " << trial);
    const int steps = 1 + static_cast<int>(rng() % 40);
    const int count = 1 + static_cast<int>(rng() % 60);
    const std::vector<TensorLifetime> tensors =
        random_lifetimes(rng, count, steps, 1 + static_cast<int64_t>(rng() % 8000), 1 + static_cast<int>(rng() % 12));
    require_same_plan(tensors, Placement::SplitAligned);
    require_same_plan(tensors, Placement::Compact);
  }
}

// A chain of inverted-residual-like blocks: expand (6x), depthwise, project,
// with a residual input living across each block, over 400 tensors.
TEST_CASE("memory plan: the planner's offsets are the oracle's on a long synthetic network", "[memory_plan]") {
  std::vector<TensorLifetime> tensors;
  int step = 0;
  int64_t pixels = 112 * 112;
  int64_t channels = 16;
  auto add = [&](int first, int last, int64_t bytes) {
    TensorLifetime t;
    t.id = static_cast<int>(tensors.size());
    t.first_use = first;
    t.last_use = last;
    t.bytes = bytes;
    t.alignment = 64;
    tensors.push_back(t);
  };
  add(-1, 0, pixels * 3 * 4);
  for (int block = 0; block < 100; ++block) {
    if (block % 25 == 24) pixels /= 4;
    if (block % 10 == 9) channels += 8;
    const int input_step = step;
    add(step, step + 1, pixels * channels * 6 * 4);       // expansion
    add(step + 1, step + 2, pixels * channels * 6 * 4);   // depthwise
    add(step + 2, step + 3, pixels * channels * 4);       // projection
    add(input_step, step + 3, pixels * channels * 4);     // residual input, read by the add
    step += 3;
  }
  require_same_plan(tensors, Placement::SplitAligned);
  require_same_plan(tensors, Placement::Compact);
}

TEST_CASE("memory plan: the planner's offsets are the oracle's on MobileNetV2's compiled plan",
          "[memory_plan][mobilenetv2]") {
  const std::string path = test_data::generated("mobilenetv2_folded.onnx");
  test_data::require_exists(path);
  const std::vector<uint8_t> bytes = test_data::read_bytes(path);
  Graph graph = import_onnx(bytes.data(), bytes.size());
  Value& input = graph.value(graph.inputs[0]);
  for (int64_t& d : input.shape) d = d < 0 ? 1 : d;
  const std::unique_ptr<CompiledPlan> compiled = compile_plan(std::move(graph));
  std::vector<TensorLifetime> tensors = compiled->memory.tensors;
  REQUIRE(tensors.size() > 50);
  for (TensorLifetime& t : tensors) t.offset = -1;
  require_same_plan(tensors, Placement::SplitAligned);
  require_same_plan(tensors, Placement::Compact);
}

}  // namespace
