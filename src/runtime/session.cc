#include "runtime/session.h"

#include <algorithm>
#include <chrono>
#include <cstring>

#include "core/error.h"
#include "core/thread_pool.h"
#include "ops/shape_inference.h"
#include "runtime/compiled_plan.h"
#include "runtime/joined_rows.h"

namespace nnslim {

Session::Session(const Graph& graph) : graph_(graph) {
  shape_deciding_.assign(graph_.inputs.size(), false);
  for (int deciding : shape_deciding_graph_inputs(graph_))
    for (size_t i = 0; i < graph_.inputs.size(); ++i)
      if (graph_.inputs[i] == deciding) shape_deciding_[i] = true;
}
Session::Session(const Graph& graph, std::vector<std::string> observed) : Session(graph) {
  observed_ = std::move(observed);
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

void match_inputs(const Graph& graph, const InputRef* inputs, size_t count, std::vector<const InputRef*>& ordered,
                  std::vector<size_t>& caller_to_graph) {
  ordered.assign(graph.inputs.size(), nullptr);
  caller_to_graph.resize(count);
  for (size_t c = 0; c < count; ++c) {
    const InputRef& given = inputs[c];
    size_t slot = graph.inputs.size();
    for (size_t i = 0; i < graph.inputs.size(); ++i)
      if (graph.value(graph.inputs[i]).name == given.name) slot = i;
    if (slot == graph.inputs.size()) {
      std::string expected;
      for (int in : graph.inputs) expected += str(expected.empty() ? "" : ", ", "'", graph.value(in).name, "'");
      fail(ErrorCode::InvalidInput, "unknown input '", given.name, "': the model's inputs are ", expected);
    }
    const Value& v = graph.value(graph.inputs[slot]);
    NNSLIM_CHECK(given.dtype == v.dtype || v.dtype == DType::Undefined, ErrorCode::InvalidInput, "input '", v.name,
                 "' has dtype ", dtype_name(given.dtype), ", expected ", describe_type(v));
    bool shape_ok = !v.has_shape || given.rank == v.shape.size();
    for (size_t d = 0; shape_ok && v.has_shape && d < given.rank; ++d)
      shape_ok = (v.shape[d] < 0 ? given.dims[d] > 0 : given.dims[d] == v.shape[d]);
    if (!shape_ok) {
      const Shape dims(given.dims, given.dims + given.rank);
      fail(ErrorCode::InvalidInput, "input '", v.name, "' has shape ", shape_to_string(dims), ", expected ",
           describe_type(v));
    }
    int64_t numel = 1;
    for (size_t d = 0; d < given.rank; ++d) numel *= given.dims[d];
    const size_t needed = static_cast<size_t>(numel) * dtype_size(given.dtype);
    NNSLIM_CHECK(given.byte_length == needed, ErrorCode::InvalidInput, "input '", v.name, "' holds ", given.byte_length,
                 " bytes, its shape needs ", needed);
    NNSLIM_CHECK(!ordered[slot], ErrorCode::InvalidInput, "input '", v.name, "' is given twice");
    ordered[slot] = &given;
    caller_to_graph[c] = slot;
  }
  for (size_t i = 0; i < ordered.size(); ++i)
    NNSLIM_CHECK(ordered[i], ErrorCode::InvalidInput, "missing input '", graph.value(graph.inputs[i]).name, "' (",
                 describe_type(graph.value(graph.inputs[i])), ")");
}

bool Session::signature_is_shapes_only() const {
  for (bool deciding : shape_deciding_)
    if (deciding) return false;
  return true;
}

bool Session::decides_shapes(std::string_view name) const {
  for (size_t i = 0; i < graph_.inputs.size(); ++i)
    if (shape_deciding_[i] && graph_.value(graph_.inputs[i]).name == name) return true;
  return false;
}

// Does the current plan serve ordered_ as it is? (The common case: the same
// shapes as the last call; checked without building the cache key.)
bool Session::current_plan_matches() const {
  if (!last_plan_) return false;
  const CompiledPlan& plan = *last_plan_;
  for (size_t i = 0; i < ordered_.size(); ++i) {
    const InputRef& in = *ordered_[i];
    const std::vector<int64_t>& dims = plan.signature_dims[i];
    if (in.dtype != plan.signature_dtypes[i] || in.rank != dims.size()) return false;
    for (size_t d = 0; d < in.rank; ++d)
      if (in.dims[d] != dims[d]) return false;
    if (shape_deciding_[i]) {
      const std::vector<uint8_t>& values = plan.signature_values[i];
      if (in.byte_length != values.size() || (in.byte_length && std::memcmp(in.data, values.data(), in.byte_length)))
        return false;
    }
  }
  return true;
}

void Session::prepare(const InputRef* inputs, size_t count) {
  ++generation_;
  match_inputs(graph_, inputs, count, ordered_, caller_to_graph_);
  for (size_t i = 0; i < ordered_.size(); ++i)
    NNSLIM_CHECK(!shape_deciding_[i] || ordered_[i]->byte_length == 0 || ordered_[i]->data, ErrorCode::InvalidInput,
                 "input '", graph_.value(graph_.inputs[i]).name, "' decides shapes: its values are needed");
  if (current_plan_matches()) return;

  std::string key;
  for (size_t i = 0; i < ordered_.size(); ++i) {
    const InputRef& in = *ordered_[i];
    key += str(shape_to_string(Shape(in.dims, in.dims + in.rank)), dtype_name(in.dtype), ";");
    if (shape_deciding_[i]) key.append(reinterpret_cast<const char*>(in.data), in.byte_length);
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
    std::vector<std::vector<int64_t>> dims(ordered_.size());
    std::vector<DType> dtypes(ordered_.size());
    std::vector<std::vector<uint8_t>> values(ordered_.size());
    for (size_t i = 0; i < ordered_.size(); ++i) {
      const InputRef& in = *ordered_[i];
      dims[i].assign(in.dims, in.dims + in.rank);
      dtypes[i] = in.dtype;
      Value& v = bound.value(bound.inputs[i]);
      v.shape = dims[i];
      v.dtype = in.dtype;
      v.has_shape = true;
      if (shape_deciding_[i]) {
        values[i].assign(in.data, in.data + in.byte_length);
        auto constant = std::make_shared<Tensor>();  // the plan keeps its own copy
        constant->dtype = in.dtype;
        constant->dims = dims[i];
        constant->bytes = values[i];
        v.constant = std::move(constant);
      }
    }
    std::unique_ptr<CompiledPlan> plan;
    try {
      plan = compile_plan(std::move(bound), observed_);
    } catch (Error& e) {
      // The feeds passed match_inputs: blame them only when the model
      // compiles on its own shapes.
      e.classify_as(fails_on_its_own_shapes() ? ErrorCode::InvalidModel : ErrorCode::InvalidInput);
      throw;
    }
    plan->signature_dims = std::move(dims);
    plan->signature_dtypes = std::move(dtypes);
    plan->signature_values = std::move(values);
    it = plans_.emplace(key, std::move(plan)).first;
  }
  last_plan_ = it->second.get();
}

bool Session::fails_on_its_own_shapes() const {
  for (size_t i = 0; i < graph_.inputs.size(); ++i)
    if (shape_deciding_[i] || !graph_.value(graph_.inputs[i]).has_shape) return false;  // the feeds decide
  Graph own = graph_;
  own.bind_symbolic_dims(1);
  try {
    infer_shapes(own);
    return false;
  } catch (const Error&) {
    return true;
  }
}

CompiledPlan& Session::current() const {
  NNSLIM_CHECK(last_plan_, "no prepared plan: call prepare() (or run()) first");
  return *last_plan_;
}

uint8_t* Session::input_buffer(size_t index) const {
  const CompiledPlan& plan = current();
  const int value = plan.graph.inputs[caller_to_graph_.at(index)];
  if (plan.graph.value(value).constant) return nullptr;  // bound as a constant at compile time
  return static_cast<uint8_t*>(plan.slots[static_cast<size_t>(value)]);
}

size_t Session::input_bytes(size_t index) const {
  const CompiledPlan& plan = current();
  const Value& v = plan.graph.value(plan.graph.inputs[caller_to_graph_.at(index)]);
  return static_cast<size_t>(shape_numel(v.shape)) * dtype_size(v.dtype);
}

void Session::set_threads(size_t threads) {
  threads_ = std::max<size_t>(1, std::min(threads, ThreadPool::shared().max_threads()));
}

template <class F>
void Session::with_pool_awake(size_t threads, F&& run_steps) {
  if (threads <= 1) {  // a run on the calling thread leaves the pool asleep
    run_steps();
    return;
  }
  ThreadPool& pool = ThreadPool::shared();
  const size_t jobs_before = pool.jobs_dispatched();
  {
    ThreadPool::RunScope awake(last_run_split_ ? threads : 1);
    run_steps();
  }
  // (Other sessions' jobs on other threads count too: at worst a run that
  // does not split keeps the pool awake once more.)
  last_run_split_ = pool.jobs_dispatched() != jobs_before;
}

// Each run on the session's threads or on the calling thread alone, as the
// plan's measured run times after a like pause say is faster
// (runtime/thread_choice.h): the same bits either way.
void Session::execute() {
  using Clock = std::chrono::steady_clock;
  CompiledPlan& plan = current();
  const int64_t start = Clock::now().time_since_epoch().count();
  const bool choose = ThreadChoice::enabled() && threads_ > 1;
  const double gap_us = plan.last_run_end == 0
                            ? 1e12  // a first run: the pool's state is unknown, count it as a long pause
                            : std::chrono::duration<double, std::micro>(Clock::duration(start - plan.last_run_end)).count();
  plan.threads = choose ? plan.thread_choice.choose(threads_, gap_us) : threads_;
  with_pool_awake(plan.threads, [&] {
    for (auto& step : plan.steps) run_step(plan, *step);
  });
  plan.last_run_end = Clock::now().time_since_epoch().count();
  if (choose)
    plan.thread_choice.record(plan.threads, gap_us,
                              std::chrono::duration<double, std::micro>(Clock::duration(plan.last_run_end - start)).count());
}

void Session::run_observed(const std::vector<NamedTensor>& inputs, ValueObserver& observer) {
  prepare_tensors(inputs);
  copy_tensors_in(inputs);
  CompiledPlan& plan = current();
  plan.threads = threads_;
  const std::vector<ObservationPoint>& points = plan.observations;
  size_t next = 0;
  // Hands over every value observed at or before step `step` (sorted).
  auto observe_through = [&](int step) {
    for (; next < points.size() && points[next].after_step <= step; ++next) {
      const ObservationPoint& p = points[next];
      const void* data = plan.slots[static_cast<size_t>(p.slot)];
      observer.observe_value(ObservedValue{p.index, &plan.graph.value(p.value), data, p.nhwc});
    }
  };
  with_pool_awake(threads_, [&] {
    observe_through(-1);
    for (size_t s = 0; s < plan.steps.size(); ++s) {
      run_step(plan, *plan.steps[s]);
      observe_through(static_cast<int>(s));
    }
  });
}

namespace {
// A step's description reads "OPS -> KERNEL" (e.g. "Conv+Clip -> f32 igemm
// 4x8"); one without the arrow ("reference", "layout NCHW->NHWC") is all kernel
// and its op is the op type of the node it runs.
StepTiming timing_of(const Step& step, double ms) {
  const std::string description = step.describe();
  const size_t arrow = description.find(" -> ");
  if (arrow == std::string::npos) return {step.layer, step.op_type, description, step.runs_reference(), ms};
  return {step.layer, description.substr(0, arrow), description.substr(arrow + 4), step.runs_reference(), ms};
}
}  // namespace

void Session::execute_timed(std::vector<StepTiming>& timings) {
  CompiledPlan& plan = current();
  plan.threads = threads_;
  timings.clear();
  with_pool_awake(threads_, [&] {
    // Each step alone, joined pairs too (runtime/joined_rows.h): a per-layer
    // profile times every layer, at the price of one pool job more per pair
    // (~3 us on 2 threads). The memory plan of a joined pair holds for its
    // steps run apart (the second output only lives longer).
    for (auto& step : plan.steps) {
      auto start = std::chrono::steady_clock::now();
      step->run(plan);
      auto end = std::chrono::steady_clock::now();
      timings.push_back(timing_of(*step, std::chrono::duration<double, std::milli>(end - start).count()));
    }
  });
}

const uint8_t* Session::output_data(size_t i) const {
  const CompiledPlan& plan = current();
  return static_cast<const uint8_t*>(plan.slots[static_cast<size_t>(plan.graph.outputs.at(i))]);
}

const Value& Session::output_value(size_t i) const {
  const CompiledPlan& plan = current();
  return plan.graph.value(plan.graph.outputs.at(i));
}

void Session::prepare_tensors(const std::vector<NamedTensor>& inputs) {
  refs_.clear();
  for (const NamedTensor& given : inputs) {
    NNSLIM_CHECK(given.tensor, ErrorCode::InvalidInput, "input '", given.name, "' has no data");
    const Tensor& t = *given.tensor;
    refs_.push_back(InputRef{given.name, t.dtype, t.dims.data(), t.dims.size(), t.bytes.size(), t.bytes.data()});
  }
  prepare(refs_.data(), refs_.size());
}

void Session::copy_tensors_in(const std::vector<NamedTensor>& inputs) {
  for (size_t i = 0; i < inputs.size(); ++i) {
    uint8_t* buffer = input_buffer(i);
    const std::vector<uint8_t>& bytes = inputs[i].tensor->bytes;
    if (buffer && !bytes.empty()) std::memcpy(buffer, bytes.data(), bytes.size());
  }
}

std::vector<NamedTensor> Session::collect_outputs() const {
  const CompiledPlan& plan = current();
  std::vector<NamedTensor> outputs;
  for (size_t i = 0; i < plan.graph.outputs.size(); ++i) {
    const Value& v = output_value(i);
    auto t = std::make_shared<Tensor>();
    t->dtype = v.dtype;
    t->dims = v.shape;
    t->bytes.resize(t->byte_size());
    if (!t->bytes.empty()) std::memcpy(t->bytes.data(), output_data(i), t->bytes.size());
    outputs.push_back({v.name, std::move(t)});
  }
  return outputs;
}

std::vector<NamedTensor> Session::run(const std::vector<NamedTensor>& inputs) {
  prepare_tensors(inputs);
  copy_tensors_in(inputs);
  execute();
  return collect_outputs();
}

std::vector<NamedTensor> Session::run_timed(const std::vector<NamedTensor>& inputs,
                                            std::vector<StepTiming>& timings) {
  prepare_tensors(inputs);
  copy_tensors_in(inputs);
  execute_timed(timings);
  return collect_outputs();
}

std::vector<std::string> Session::describe_plan() const {
  std::vector<std::string> lines;
  if (last_plan_)
    for (const auto& step : last_plan_->steps) lines.push_back(step->describe());
  return lines;
}

std::vector<Session::StepReport> Session::explain_plan() const {
  std::vector<StepReport> reports;
  if (last_plan_)
    for (const auto& step : last_plan_->steps) reports.push_back({step->layer, step->describe(), step->weight_info});
  return reports;
}

int64_t Session::packed_weight_bytes() const {
  int64_t bytes = 0;
  if (last_plan_)
    for (const auto& step : last_plan_->steps) bytes += step->weight_info.packed_bytes;
  return bytes;
}

int64_t Session::arena_bytes() const { return last_plan_ ? last_plan_->memory.arena_bytes : 0; }

const Graph& Session::plan_graph() const { return current().graph; }

}  // namespace nnslim
