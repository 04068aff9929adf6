// plan_memory (over value_lifetimes of a graph's nodes) against a brute-force
// oracle: the live bytes at every step by direct simulation, and a pairwise
// check that no two tensors alive at the same time share arena bytes.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <random>

#include "runtime/memory_plan.h"

using namespace nnslim;

namespace {

// A value with a static float32 shape of `floats` elements.
int add_activation(Graph& g, const std::string& name, int64_t floats) {
  int id = g.add_value(name);
  Value& v = g.value(id);
  v.dtype = DType::Float32;
  v.shape = {floats};
  v.has_shape = true;
  return id;
}

void add_op(Graph& g, const std::vector<int>& inputs, int output) {
  Node n;
  n.name = "n" + std::to_string(g.nodes.size());
  n.op_type = "Opaque";  // the planner only reads edges and shapes
  n.inputs = inputs;
  n.outputs = {output};
  g.add_node(std::move(n));
}

// The graph's nodes as the steps, every tensor aligned to `alignment`.
MemoryPlan plan_graph(const Graph& g, int64_t alignment = 16) {
  return plan_memory(value_lifetimes(g, node_steps(g), alignment));
}

int64_t bytes_of(const Graph& g, int id) { return g.value(id).shape[0] * 4; }

// Oracle: at each step t (-1 = before the first node, N = after the last),
// the bytes of every tensor produced at or before t and still needed at or after t.
int64_t simulate_peak(const Graph& g) {
  const int n = static_cast<int>(g.nodes.size());
  int64_t peak = 0;
  for (int t = -1; t <= n; ++t) {
    int64_t live = 0;
    for (size_t v = 0; v < g.values.size(); ++v) {
      const int id = static_cast<int>(v);
      const bool is_input = std::count(g.inputs.begin(), g.inputs.end(), id) > 0;
      const bool is_output = std::count(g.outputs.begin(), g.outputs.end(), id) > 0;
      int born = is_input ? -1 : g.values[v].producer;
      if (!is_input && born < 0) continue;
      int last = born;
      for (int k = 0; k < n; ++k)
        for (int in : g.nodes[static_cast<size_t>(k)].inputs)
          if (in == id) last = std::max(last, k);
      if (is_output) last = n;
      if (born <= t && t <= last) live += bytes_of(g, id);
    }
    peak = std::max(peak, live);
  }
  return peak;
}

void check_plan(const Graph& g, const MemoryPlan& plan, int64_t alignment) {
  REQUIRE(plan.peak_live_bytes == simulate_peak(g));
  REQUIRE(plan.arena_bytes >= plan.peak_live_bytes);
  for (const TensorLifetime& t : plan.tensors) {
    REQUIRE(t.offset >= 0);
    REQUIRE(t.offset % alignment == 0);
    REQUIRE(t.offset + t.bytes <= plan.arena_bytes);
    REQUIRE(t.bytes == bytes_of(g, t.id));
  }
  for (size_t a = 0; a < plan.tensors.size(); ++a)
    for (size_t b = a + 1; b < plan.tensors.size(); ++b) {
      const TensorLifetime &x = plan.tensors[a], &y = plan.tensors[b];
      const bool live_together = x.first_use <= y.last_use && y.first_use <= x.last_use;
      const bool share_bytes = x.offset < y.offset + y.bytes && y.offset < x.offset + x.bytes;
      INFO("values " << x.id << " and " << y.id);
      REQUIRE_FALSE((live_together && share_bytes));
    }
}

}  // namespace

TEST_CASE("memory plan: a chain reuses memory and reaches the live-bytes bound", "[memory_plan]") {
  // x0 -> n0 -> x1 -> n1 -> x2 -> n2 -> x3; at node i its input and output are live.
  Graph g;
  const int x0 = add_activation(g, "x0", 16);   // 64 B
  const int x1 = add_activation(g, "x1", 32);   // 128 B
  const int x2 = add_activation(g, "x2", 8);    // 32 B
  const int x3 = add_activation(g, "x3", 4);    // 16 B
  g.inputs = {x0};
  add_op(g, {x0}, x1);
  add_op(g, {x1}, x2);
  add_op(g, {x2}, x3);
  g.outputs = {x3};
  const MemoryPlan plan = plan_graph(g, 16);
  // By hand: max(64 + 128, 128 + 32, 32 + 16) = 192, and a chain needs no more.
  REQUIRE(plan.peak_live_bytes == 192);
  REQUIRE(plan.arena_bytes == 192);
  check_plan(g, plan, 16);
  // Sum of all tensors would be 240: the plan shares bytes.
  REQUIRE(plan.arena_bytes < 64 + 128 + 32 + 16);
}

TEST_CASE("memory plan: graph inputs live from the start, outputs to the end", "[memory_plan]") {
  // in -> a -> b -> out, and `in` is also read by the last node (a skip connection).
  Graph g;
  const int in = add_activation(g, "in", 100);
  const int a = add_activation(g, "a", 10);
  const int b = add_activation(g, "b", 10);
  const int out = add_activation(g, "out", 100);
  const int early = add_activation(g, "early", 50);  // an output produced first
  g.inputs = {in};
  add_op(g, {in}, early);
  add_op(g, {in}, a);
  add_op(g, {a}, b);
  add_op(g, {b, in}, out);
  g.outputs = {early, out};
  const MemoryPlan plan = plan_graph(g, 16);
  for (const TensorLifetime& t : plan.tensors) {
    if (t.id == in) REQUIRE((t.first_use == -1 && t.last_use == 3));
    if (t.id == early) REQUIRE((t.first_use == 0 && t.last_use == 4));
    if (t.id == out) REQUIRE((t.first_use == 3 && t.last_use == 4));
  }
  // At node 3: in + b + out + early.
  REQUIRE(plan.peak_live_bytes == (100 + 10 + 100 + 50) * 4);
  check_plan(g, plan, 16);
}

TEST_CASE("memory plan: constants are not planned", "[memory_plan]") {
  Graph g;
  const int x = add_activation(g, "x", 8);
  const int w = g.add_constant("w", Tensor::from_float(std::vector<float>(64, 1.f), {64}), true);
  const int y = add_activation(g, "y", 8);
  g.inputs = {x};
  add_op(g, {x, w}, y);
  g.outputs = {y};
  const MemoryPlan plan = plan_graph(g, 16);
  REQUIRE(plan.tensors.size() == 2);
  REQUIRE(plan.arena_bytes == 64);
  check_plan(g, plan, 16);
}

TEST_CASE("memory plan: random DAGs against the brute-force oracle", "[memory_plan]") {
  std::mt19937 rng(1234);
  for (int trial = 0; trial < 200; ++trial) {
    Graph g;
    const int input_count = 1 + static_cast<int>(rng() % 2);
    std::vector<int> available;
    for (int i = 0; i < input_count; ++i) {
      available.push_back(add_activation(g, "in" + std::to_string(i), 1 + rng() % 97));
      g.inputs.push_back(available.back());
    }
    const int node_count = 1 + static_cast<int>(rng() % 25);
    for (int n = 0; n < node_count; ++n) {
      std::vector<int> inputs;
      const int fan_in = 1 + static_cast<int>(rng() % 3);
      for (int k = 0; k < fan_in; ++k) inputs.push_back(available[rng() % available.size()]);
      const int out = add_activation(g, "v" + std::to_string(n), 1 + rng() % 211);
      add_op(g, inputs, out);
      available.push_back(out);
    }
    g.outputs = {available.back()};
    if (rng() % 2) g.outputs.push_back(available[available.size() / 2]);
    std::sort(g.outputs.begin(), g.outputs.end());
    g.outputs.erase(std::unique(g.outputs.begin(), g.outputs.end()), g.outputs.end());
    const int64_t alignment = trial % 3 == 0 ? 64 : 16;
    INFO("trial " << trial);
    check_plan(g, plan_graph(g, alignment), alignment);
  }
}

TEST_CASE("memory plan: a value without a shape is an error", "[memory_plan]") {
  Graph g;
  const int x = add_activation(g, "x", 8);
  const int y = g.add_value("y");
  g.inputs = {x};
  add_op(g, {x}, y);
  g.outputs = {y};
  REQUIRE_THROWS_WITH(plan_graph(g), Catch::Contains("'y'") && Catch::Contains("no shape"));
}

TEST_CASE("memory plan: lifetimes alone, each with its own alignment", "[memory_plan]") {
  // No graph: three tensors over steps 0..2. a [0,1] and b [1,2] overlap; c
  // [2,2] may reuse a's bytes. b wants 64-byte alignment, the others 4.
  std::vector<TensorLifetime> tensors(3);
  tensors[0] = {0, 0, 1, 10, 4};
  tensors[1] = {1, 1, 2, 100, 64};
  tensors[2] = {2, 2, 2, 8, 4};
  const MemoryPlan plan = plan_memory(tensors);
  REQUIRE(plan.peak_live_bytes == 110);  // step 1: a + b; step 2: b + c = 108
  const TensorLifetime &a = plan.tensors[0], &b = plan.tensors[1], &c = plan.tensors[2];
  // Largest first: b at 0; a above it (4-aligned); c, alive only with b, in a's bytes.
  REQUIRE(b.offset == 0);
  REQUIRE(a.offset == 100);
  REQUIRE(c.offset == 100);
  REQUIRE(plan.arena_bytes == 128);  // 110 rounded up to the largest alignment
}

TEST_CASE("memory plan: malformed lifetimes are errors", "[memory_plan]") {
  REQUIRE_THROWS_WITH(plan_memory({{7, 0, 1, 16, 3}}), Catch::Contains("tensor 7") && Catch::Contains("power of two"));
  REQUIRE_THROWS_WITH(plan_memory({{7, 2, 1, 16, 16}}), Catch::Contains("tensor 7") && Catch::Contains("before it is written"));
  REQUIRE_THROWS_WITH(plan_memory({{7, 0, 1, -1, 16}}), Catch::Contains("negative size"));
}
