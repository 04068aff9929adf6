// The arena planner (runtime/memory_plan.h) on large synthetic lifetime sets,
// against the exhaustive planner it replaced (tests/cpp/memory_plan_oracle.h:
// every candidate offset checked against every live neighbour and scored
// against every placed tensor), in the same run, same inputs; the offsets
// must agree (checked). Native or wasm:
//   node build-wasm/bench/nnslim_bench_memory_plan.cjs [--tensors N] [--reps R]
//   (native: build-native/nnslim_bench_memory_plan, same flags)
// Workloads:
//   chain   inverted-residual blocks (expand 6x, depthwise, project, a
//           residual input across each block): the lifetimes of a CNN
//   wide    random lifetimes, up to 400 steps long over N / 2 steps: hundreds
//           of tensors live at once (a graph with many long skip connections)
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <random>
#include <string>
#include <vector>

#include "memory_plan_oracle.h"
#include "runtime/memory_plan.h"

using namespace nnslim;

namespace {

std::vector<TensorLifetime> chain(int tensors) {
  std::vector<TensorLifetime> out;
  int step = 0;
  auto add = [&](int first, int last, int64_t bytes) {
    TensorLifetime t;
    t.id = static_cast<int>(out.size());
    t.first_use = first;
    t.last_use = last;
    t.bytes = bytes;
    t.alignment = 64;
    out.push_back(t);
  };
  add(-1, 0, 224 * 224 * 3 * 4);
  std::mt19937 rng(3);
  while (static_cast<int>(out.size()) + 4 <= tensors) {
    const int64_t pixels = int64_t{1} << (4 + rng() % 10);
    const int64_t channels = 8 * (1 + static_cast<int64_t>(rng() % 40));
    add(step, step + 1, pixels * channels * 6 * 4);
    add(step + 1, step + 2, pixels * channels * 6 * 4);
    add(step + 2, step + 3, pixels * channels * 4);
    add(step, step + 3, pixels * channels * 4);
    step += 3;
  }
  return out;
}

std::vector<TensorLifetime> wide(int tensors) {
  std::vector<TensorLifetime> out;
  std::mt19937 rng(5);
  const int steps = std::max(1, tensors / 2);
  for (int i = 0; i < tensors; ++i) {
    TensorLifetime t;
    t.id = i;
    t.first_use = static_cast<int>(rng() % static_cast<unsigned>(steps));
    t.last_use = std::min(steps, t.first_use + 1 + static_cast<int>(rng() % 400));
    t.bytes = 64 * (1 + static_cast<int64_t>(rng() % 20000));
    t.alignment = 64;
    out.push_back(t);
  }
  return out;
}

// CPU seconds of this process (std::clock): the machine may be shared, and
// a descheduled planner is not a slower one.
double seconds_of(const std::vector<TensorLifetime>& tensors, Placement placement, bool oracle, MemoryPlan* plan) {
  const std::clock_t start = std::clock();
  *plan = oracle ? memory_plan_oracle::plan_memory(tensors, placement) : plan_memory(tensors, placement);
  return static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  int tensors = 5000, reps = 3;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--tensors") == 0 && i + 1 < argc) tensors = std::atoi(argv[++i]);
    if (std::strcmp(argv[i], "--reps") == 0 && i + 1 < argc) reps = std::atoi(argv[++i]);
  }
  std::printf("%-6s %-14s %8s %12s %12s %8s %s\n", "set", "placement", "tensors", "before cpu s", "after cpu s", "ratio",
              "offsets");
  const struct {
    const char* name;
    std::vector<TensorLifetime> tensors;
  } sets[] = {{"chain", chain(tensors)}, {"wide", wide(tensors)}};
  for (const auto& set : sets)
    for (const Placement placement : {Placement::SplitAligned, Placement::Compact}) {
      std::vector<double> before, after;
      bool same = true;
      for (int r = 0; r < reps; ++r) {  // alternating, so neither always runs second
        MemoryPlan old_plan, new_plan;
        if (r % 2 == 0) {
          before.push_back(seconds_of(set.tensors, placement, true, &old_plan));
          after.push_back(seconds_of(set.tensors, placement, false, &new_plan));
        } else {
          after.push_back(seconds_of(set.tensors, placement, false, &new_plan));
          before.push_back(seconds_of(set.tensors, placement, true, &old_plan));
        }
        same = same && old_plan.arena_bytes == new_plan.arena_bytes;
        for (size_t i = 0; i < old_plan.tensors.size(); ++i)
          same = same && old_plan.tensors[i].offset == new_plan.tensors[i].offset;
      }
      std::printf("%-6s %-14s %8zu %12.4f %12.4f %8.2f %s\n", set.name,
                  placement == Placement::SplitAligned ? "split-aligned" : "compact", set.tensors.size(),
                  median(before), median(after), median(before) / median(after), same ? "same" : "DIFFERENT");
      if (!same) return 1;
    }
  return 0;
}
