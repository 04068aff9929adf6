#include "runtime/session.h"

#include <chrono>
#include <cstring>

#include "core/error.h"
#include "ir/shape_inference.h"
#include "runtime/compiled_plan.h"

namespace nnslim {

Session::Session(const Graph& graph) : graph_(graph) {
  shape_deciding_.assign(graph_.inputs.size(), false);
  for (int deciding : shape_deciding_graph_inputs(graph_))
    for (size_t i = 0; i < graph_.inputs.size(); ++i)
      if (graph_.inputs[i] == deciding) shape_deciding_[i] = true;
}
Session::~Session() = default;

std::vector<std::string> Session::input_names() const {
  std::vector<std::string> names;
  for (int in : graph_.inputs) names.push_back(graph_.value(in).name);
  return names;
}

std::vector<std::string> Session::output_names() const {
  std::vector<std::string> names;
  for (int out : graph_.outputs) names.push_back(graph_.value(out).name);
  return names;
}

namespace {
}  // namespace

std::vector<TensorPtr> match_inputs(const Graph& graph, const std::vector<NamedTensor>& inputs) {
  std::vector<TensorPtr> ordered(graph.inputs.size());
  for (const NamedTensor& given : inputs) {
    size_t slot = graph.inputs.size();
    for (size_t i = 0; i < graph.inputs.size(); ++i)
      if (graph.value(graph.inputs[i]).name == given.name) slot = i;
    if (slot == graph.inputs.size()) {
      std::string expected;
      for (int in : graph.inputs) expected += str(expected.empty() ? "" : ", ", "'", graph.value(in).name, "'");
      fail("unknown input '", given.name, "': the model's inputs are ", expected);
    }
    const Value& v = graph.value(graph.inputs[slot]);
    NNSLIM_CHECK(given.tensor, "input '", given.name, "' has no data");
    const Tensor& t = *given.tensor;
    NNSLIM_CHECK(t.dtype == v.dtype || v.dtype == DType::Undefined, "input '", v.name, "' has dtype ",
                 dtype_name(t.dtype), ", expected ", describe_type(v));
    bool shape_ok = !v.has_shape || t.dims.size() == v.shape.size();
    for (size_t d = 0; shape_ok && v.has_shape && d < t.dims.size(); ++d)
      shape_ok = (v.shape[d] < 0 ? t.dims[d] > 0 : t.dims[d] == v.shape[d]);
    NNSLIM_CHECK(shape_ok, "input '", v.name, "' has shape ", shape_to_string(t.dims), ", expected ",
                 describe_type(v));
    NNSLIM_CHECK(t.bytes.size() == t.byte_size(), "input '", v.name, "' holds ", t.bytes.size(),
                 " bytes, its shape needs ", t.byte_size());
    NNSLIM_CHECK(!ordered[slot], "input '", v.name, "' is given twice");
    ordered[slot] = given.tensor;
  }
  for (size_t i = 0; i < ordered.size(); ++i)
    NNSLIM_CHECK(ordered[i], "missing input '", graph.value(graph.inputs[i]).name, "' (",
                 describe_type(graph.value(graph.inputs[i])), ")");
  return ordered;
}

CompiledPlan& Session::plan_for(const std::vector<NamedTensor>& inputs) {
  std::vector<TensorPtr> ordered = match_inputs(graph_, inputs);
  std::string key;
  for (size_t i = 0; i < ordered.size(); ++i) {
    const Tensor& t = *ordered[i];
    key += str(shape_to_string(t.dims), dtype_name(t.dtype), ";");
    if (shape_deciding_[i]) key.append(reinterpret_cast<const char*>(t.bytes.data()), t.bytes.size());
  }
  auto it = plans_.find(key);
  if (it == plans_.end()) {
    // Each plan holds packed weights and an arena: a caller cycling through
    // many input shapes must not grow memory without bound.
    constexpr size_t kMaxCachedPlans = 8;
    if (plans_.size() >= kMaxCachedPlans) {
      plans_.clear();
      last_plan_ = nullptr;
    }
    Graph bound = graph_;
    for (size_t i = 0; i < ordered.size(); ++i) {
      Value& v = bound.value(bound.inputs[i]);
      v.shape = ordered[i]->dims;
      v.dtype = ordered[i]->dtype;
      v.has_shape = true;
      if (shape_deciding_[i]) v.constant = std::make_shared<Tensor>(*ordered[i]);  // the plan keeps its own copy
    }
    it = plans_.emplace(key, compile_plan(std::move(bound))).first;
  }
  CompiledPlan& plan = *it->second;
  for (size_t i = 0; i < ordered.size(); ++i)
    plan.slots[static_cast<size_t>(plan.graph.inputs[i])] = ordered[i]->bytes.data();
  last_plan_ = &plan;
  return plan;
}

namespace {
std::vector<NamedTensor> collect_outputs(const CompiledPlan& plan) {
  std::vector<NamedTensor> outputs;
  for (int out : plan.graph.outputs) {
    const Value& v = plan.graph.value(out);
    auto t = std::make_shared<Tensor>();
    t->dtype = v.dtype;
    t->dims = v.shape;
    t->bytes.resize(t->byte_size());
    if (!t->bytes.empty()) std::memcpy(t->bytes.data(), plan.slots[static_cast<size_t>(out)], t->bytes.size());
    outputs.push_back({v.name, std::move(t)});
  }
  return outputs;
}
}  // namespace

std::vector<NamedTensor> Session::run(const std::vector<NamedTensor>& inputs) {
  CompiledPlan& plan = plan_for(inputs);
  for (auto& step : plan.steps) step->run(plan);
  return collect_outputs(plan);
}

std::vector<NamedTensor> Session::run_timed(const std::vector<NamedTensor>& inputs,
                                            std::vector<StepTiming>& timings) {
  CompiledPlan& plan = plan_for(inputs);
  timings.clear();
  for (auto& step : plan.steps) {
    auto start = std::chrono::steady_clock::now();
    step->run(plan);
    auto end = std::chrono::steady_clock::now();
    timings.push_back({step->layer, step->describe(), std::chrono::duration<double, std::milli>(end - start).count()});
  }
  return collect_outputs(plan);
}

std::vector<std::string> Session::describe_plan() const {
  std::vector<std::string> lines;
  if (last_plan_)
    for (const auto& step : last_plan_->steps) lines.push_back(step->describe());
  return lines;
}

int64_t Session::arena_bytes() const { return last_plan_ ? last_plan_->memory.arena_bytes : 0; }

}  // namespace nnslim
