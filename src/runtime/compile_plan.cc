// compile_plan: graph with concrete input shapes -> steps + arena.
#include <cstring>

#include "core/error.h"
#include "core/thread_pool.h"
#include "ops/shape_inference.h"
#include "passes/fold_batch_norm.h"
#include "passes/fuse_pad_into_conv.h"
#include "runtime/compiled_plan.h"
#include "runtime/joined_rows.h"
#include "runtime/lowering.h"

namespace nnslim {

namespace {

// Memory planning runs over the *steps*, not the original nodes: a value that
// a fused step never materializes gets no bytes. 64-byte offsets: a cache line.
// Steps already read aliases (Identity & co.) through the value they share; a
// graph output that is an alias keeps that value alive to the end.
MemoryPlan plan_step_memory(const Graph& graph, const std::vector<std::unique_ptr<Step>>& steps,
                            const std::vector<int>& alias_of) {
  std::vector<StepUses> uses;
  for (const auto& step : steps) uses.push_back({&step->inputs, &step->outputs});
  std::vector<TensorLifetime> lifetimes = value_lifetimes(graph, uses, 64);
  const int step_count = static_cast<int>(steps.size());
  for (int out : graph.outputs) {
    const int shared = alias_of[static_cast<size_t>(out)];
    if (shared < 0) continue;
    for (TensorLifetime& t : lifetimes)
      if (t.id == shared) t.last_use = step_count;
  }
  return plan_memory(std::move(lifetimes), NNSLIM_THREADS ? Placement::SplitAligned : Placement::Compact);
}

}  // namespace

std::unique_ptr<CompiledPlan> compile_plan(Graph graph, const std::vector<std::string>& observed) {
  // Observe-only outputs, appended before anything reads the outputs: shape
  // inference, the passes and the lowerings then see the graph a session with
  // these outputs would see (a value without a producer, an input or an
  // initializer, is read where it is).
  const size_t real_outputs = graph.outputs.size();
  for (const std::string& name : observed) {
    const int id = graph.find_value(name);
    NNSLIM_CHECK(id >= 0, ErrorCode::Internal, "observed value '", name, "' is not in the graph");
    bool in_place = graph.value(id).producer < 0;
    for (int out : graph.outputs) in_place = in_place || out == id;
    if (!in_place) graph.outputs.push_back(id);
  }
  infer_shapes(graph);
  // Refuse, with an Error naming the tensor, what cannot be allocated, before
  // any size_t arithmetic (32-bit in wasm) can overflow.
  int64_t total = 0;
  for (const Value& v : graph.values) {
    if (!v.has_shape) continue;
    const int64_t bytes = shape_numel(v.shape) * static_cast<int64_t>(dtype_size(v.dtype));
    checked_allocation_bytes(bytes, str("tensor '", v.name, "' ", dtype_name(v.dtype), " ", shape_to_string(v.shape)));
    total += bytes;
    checked_allocation_bytes(total, "the model's tensors together");
  }
  for (Value& v : graph.values)
    if (v.constant && !v.constant->materialized()) {
      // Copy-on-write: the session's graph keeps its unmaterialized tensors.
      auto copy = std::make_shared<Tensor>(*v.constant);
      copy->materialize();
      v.constant = std::move(copy);
    }
  fold_batch_norm(graph);
  fuse_pad_into_conv(graph);
  graph.remove_dead_nodes();

  auto plan = std::make_unique<CompiledPlan>();
  plan->graph = std::move(graph);
  // Ids after the passes (remove_dead_nodes renumbers values).
  std::vector<int> observed_ids;
  for (const std::string& name : observed) {
    observed_ids.push_back(plan->graph.find_value(name));
    NNSLIM_CHECK(observed_ids.back() >= 0, ErrorCode::Internal, "observed value '", name, "' is not in the graph");
  }
  lower_graph(*plan, observed_ids, real_outputs);  // fills steps; may add values (layout copies)

  Graph& g = plan->graph;
  // Joined steps (runtime/joined_rows.h): a pair's second output is born
  // with the first step's job.
  join_row_steps(*plan);
  plan->memory = plan_step_memory(g, plan->steps, plan->alias_of);
  const size_t arena_bytes = checked_allocation_bytes(plan->memory.arena_bytes + 64, "the activation arena") - 64;
  plan->arena.reset(new uint8_t[arena_bytes + 64]);
  plan->arena_base = reinterpret_cast<uint8_t*>((reinterpret_cast<uintptr_t>(plan->arena.get()) + 63) & ~uintptr_t{63});
  plan->slots.assign(g.values.size(), nullptr);
  for (size_t v = 0; v < g.values.size(); ++v)
    if (g.values[v].constant) plan->slots[v] = g.values[v].constant->bytes.data();
  for (const TensorLifetime& t : plan->memory.tensors)
    if (!g.value(t.id).constant) plan->slots[static_cast<size_t>(t.id)] = plan->arena_base + t.offset;
  for (size_t v = 0; v < g.values.size(); ++v)
    if (plan->alias_of[v] >= 0) plan->slots[v] = plan->slots[static_cast<size_t>(plan->alias_of[v])];
  return plan;
}

}  // namespace nnslim
