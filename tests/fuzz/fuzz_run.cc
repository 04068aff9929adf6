#include "fuzz_run.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "fuzz_entries.h"
#include "ops/op_registry.h"

namespace nnslim::fuzz {

void finding(const char* what, const std::string& message) {
  std::fprintf(stderr, "fuzz finding: %s: %s\n", what, message.c_str());
  std::abort();
}

bool make_feeds(const Graph& graph, Feeds& feeds) {
  const size_t count = graph.inputs.size();
  feeds.dims.resize(count);
  feeds.bytes.resize(count);
  feeds.names.resize(count);
  feeds.refs.resize(count);
  for (size_t i = 0; i < count; ++i) {
    const Value& input = graph.value(graph.inputs[i]);
    int64_t elements = 1;
    for (int64_t dim : input.shape) {
      const int64_t bound = dim == kSymbolicDim ? 1 : dim;
      if (bound < 0 || bound > kMaxFeedElements) return false;
      elements *= bound;
      if (elements > kMaxFeedElements) return false;
      feeds.dims[i].push_back(bound);
    }
    const size_t element_bytes = dtype_size(input.dtype);
    if (element_bytes == 0) return false;  // a dtype without a byte size: prepare() would refuse it anyway
    feeds.bytes[i].resize(static_cast<size_t>(elements) * element_bytes);
    // Little-endian 1, 0, 1, 2, 0, 1, 2, 3, ... in the first byte of each
    // element: every dtype reads small non-negative values.
    for (size_t e = 0; e < static_cast<size_t>(elements); ++e) feeds.bytes[i][e * element_bytes] = (e * 7 + 1) % 4;
    feeds.names[i] = input.name;
    InputRef& ref = feeds.refs[i];
    ref.name = feeds.names[i];
    ref.dtype = input.dtype;
    ref.dims = feeds.dims[i].data();
    ref.rank = feeds.dims[i].size();
    ref.byte_length = feeds.bytes[i].size();
    ref.data = feeds.bytes[i].data();
  }
  return true;
}

namespace {

// Whether every value the node reads or writes has a static shape (the cost
// rules' precondition; a plan's unused optional outputs may have none).
bool all_static(const Graph& graph, const Node& node) {
  for (const std::vector<int>* ids : {&node.inputs, &node.outputs})
    for (int id : *ids) {
      if (id < 0) continue;
      const Value& value = graph.value(id);
      if (!value.has_shape || std::any_of(value.shape.begin(), value.shape.end(), [](int64_t d) { return d < 0; }))
        return false;
    }
  return true;
}

// Multiply-adds plus elementwise ops plus elements written, of every node of
// `graph` (shapes known), by the profile's cost rules; in double, as a fuzzed
// shape can make the sum pass int64.
double plan_work(const Graph& graph) {
  double work = 0;
  for (const Node& node : graph.nodes) {
    if (!all_static(graph, node)) continue;
    for (int id : node.outputs) {
      if (id < 0) continue;
      double elements = 1;  // not shape_numel: a zero dim after huge ones would overflow int64 first
      for (int64_t dim : graph.value(id).shape) elements *= static_cast<double>(dim);
      work += elements;
    }
    const OpDef* def = find_op(node.domain, node.op_type);
    if (def == nullptr || def->cost == nullptr) continue;
    const OpCost cost = def->cost(graph, node);
    work += static_cast<double>(cost.macs) + static_cast<double>(cost.elementwise_ops);
  }
  return work;
}

}  // namespace

bool run_once(Model& model, bool timed) {
  Feeds feeds;
  if (!make_feeds(model.graph(), feeds)) return false;
  return run_feeds(model, feeds, timed, nullptr);
}

bool run_feeds(Model& model, const Feeds& feeds, bool timed, std::vector<Output>* outputs, double* work) {
  model.prepare(feeds.refs.data(), feeds.refs.size());
  const double plan_cost = plan_work(model.plan_graph());
  if (work != nullptr) *work = plan_cost;
  if (model.arena_bytes() > kMaxArenaBytes || plan_cost > kMaxRunWork) return false;
  for (size_t i = 0; i < feeds.refs.size(); ++i) {
    uint8_t* buffer = model.input_buffer(i);
    if (buffer == nullptr) continue;  // a shape-deciding input, bound as a constant
    const size_t bytes = model.input_bytes(i);
    if (bytes != feeds.bytes[i].size()) finding("input buffer size", feeds.names[i]);
    std::copy(feeds.bytes[i].begin(), feeds.bytes[i].end(), buffer);
  }
  if (timed) {
    std::vector<StepTiming> timings;
    model.execute_timed(timings);
  } else {
    model.execute();
  }
  // Read every output byte, so an output pointing outside its buffer shows.
  unsigned checksum = 0;
  if (outputs != nullptr) outputs->clear();
  for (size_t i = 0; i < model.output_count(); ++i) {
    const Value& value = model.output_value(i);
    const uint8_t* data = model.output_data(i);
    int64_t elements = 1;
    for (int64_t dim : value.shape) elements *= dim;
    const size_t bytes = static_cast<size_t>(elements) * dtype_size(value.dtype);
    for (size_t b = 0; b < bytes; ++b) checksum += data[b];
    if (outputs != nullptr) outputs->push_back({value.dtype, value.shape, std::vector<uint8_t>(data, data + bytes)});
  }
  volatile unsigned sink = checksum;
  (void)sink;
  return true;
}

}  // namespace nnslim::fuzz
