#include "fuzz_oracles.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <set>

#include "core/error.h"
#include "core/format.h"
#include "ops/op_registry.h"
#include "ops/reference/reference.h"

namespace nnslim::fuzz {
namespace {

// How often each oracle compared and why it did not: printed at exit when
// NNSLIM_FUZZ_ORACLE_STATS is set, so a campaign shows the oracles were not
// skipped into vacuity.
struct Stats {
  long round_trip_compared = 0, round_trip_over_caps = 0, round_trip_no_feeds = 0, round_trip_below_opset = 0;
  long reference_compared = 0, reference_compared_sparse = 0, reference_discontinuous = 0,
       reference_nonfinite = 0, reference_over_work = 0, reference_no_feeds = 0;
  ~Stats() {
    if (std::getenv("NNSLIM_FUZZ_ORACLE_STATS") == nullptr) return;
    std::fprintf(stderr,
                 "oracle export_round_trip: %ld compared bit for bit; skipped: %ld over the run caps, %ld without "
                 "feeds, %ld with an op newer than the graph's opset\noracle matches_reference: %ld compared (%ld with a sparse step); skipped: %ld with a "
                 "discontinuous op, %ld with a non-finite or huge value, %ld over the reference work, "
                 "%ld without feeds or over the run caps\n",
                 round_trip_compared, round_trip_over_caps, round_trip_no_feeds, round_trip_below_opset, reference_compared,
                 reference_compared_sparse, reference_discontinuous, reference_nonfinite, reference_over_work,
                 reference_no_feeds);
  }
};
Stats stats;

uint32_t xorshift(uint32_t& state) {
  state ^= state << 13;
  state ^= state >> 17;
  state ^= state << 5;
  return state;
}

// Element i of a float output as double (float32 or float64 only).
double float_element(const Output& output, size_t i) {
  if (output.dtype == DType::Float64) {
    double value;
    std::memcpy(&value, output.bytes.data() + i * sizeof(double), sizeof(double));
    return value;
  }
  float value;
  std::memcpy(&value, output.bytes.data() + i * sizeof(float), sizeof(float));
  return value;
}

bool is_float(DType dtype) { return dtype == DType::Float32 || dtype == DType::Float64; }

size_t element_count(const Output& output) {
  const size_t size = dtype_size(output.dtype);
  return size == 0 ? 0 : output.bytes.size() / size;
}

// Same count, dtypes and dims; else what differs.
std::string layout_mismatch(const std::vector<Output>& a, const std::vector<Output>& b) {
  if (a.size() != b.size()) return str(a.size(), " outputs, expected ", b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].dtype != b[i].dtype)
      return str("output ", i, ": dtype ", dtype_name(a[i].dtype), ", expected ", dtype_name(b[i].dtype));
    if (a[i].dims != b[i].dims)
      return str("output ", i, ": dims ", shape_to_string(a[i].dims), ", expected ", shape_to_string(b[i].dims));
    if (a[i].bytes.size() != b[i].bytes.size())
      return str("output ", i, ": ", a[i].bytes.size(), " bytes, expected ", b[i].bytes.size());
  }
  return "";
}

std::string hex_bits(const uint8_t* bytes, size_t size) {
  std::string text = "0x";
  char digits[3];
  for (size_t b = size; b-- > 0;) {  // little-endian: most significant byte last
    std::snprintf(digits, sizeof digits, "%02x", bytes[b]);
    text += digits;
  }
  return text;
}

std::vector<TensorPtr> reference_inputs(const Feeds& feeds, const Graph& graph) {
  std::vector<TensorPtr> inputs;
  for (size_t i = 0; i < feeds.names.size(); ++i) {
    auto tensor = std::make_shared<Tensor>();
    tensor->dtype = graph.value(graph.inputs[i]).dtype;
    tensor->dims = feeds.dims[i];
    tensor->bytes = feeds.bytes[i];
    inputs.push_back(std::move(tensor));
  }
  return inputs;
}

// A coded error where the other side ran is a disagreement too; bad_alloc
// (OUT_OF_MEMORY) is not: the capped allocator may refuse either side.
template <typename Body>
void or_finding(const char* what, Body&& body) {
  try {
    body();
  } catch (const Error& error) {
    finding(what, str(error_code_name(error.code()), ": ", error.what()));
  }
}

}  // namespace

bool make_value_feeds(const Graph& graph, uint32_t seed, Feeds& feeds) {
  if (!make_feeds(graph, feeds)) return false;
  uint32_t state = seed * 2654435761u + 0x9e3779b9u;
  if (state == 0) state = 1;
  for (size_t i = 0; i < feeds.bytes.size(); ++i) {
    if (graph.value(graph.inputs[i]).dtype != DType::Float32) continue;
    for (size_t e = 0; e < feeds.bytes[i].size() / sizeof(float); ++e) {
      const float value = static_cast<float>(xorshift(state) >> 8) / static_cast<float>(1 << 23) - 1.f;
      std::memcpy(feeds.bytes[i].data() + e * sizeof(float), &value, sizeof(float));
    }
  }
  return true;
}

std::string bit_mismatches(const std::vector<Output>& a, const std::vector<Output>& b) {
  const std::string layout = layout_mismatch(a, b);
  if (!layout.empty()) return layout;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].bytes == b[i].bytes) continue;
    const size_t size = dtype_size(a[i].dtype);
    size_t e = 0;
    while (std::memcmp(a[i].bytes.data() + e * size, b[i].bytes.data() + e * size, size) == 0) ++e;
    std::string text = str("output ", i, " (", dtype_name(a[i].dtype), "): element ", e, " is ",
                           hex_bits(a[i].bytes.data() + e * size, size), ", expected ",
                           hex_bits(b[i].bytes.data() + e * size, size));
    if (is_float(a[i].dtype)) text += str(" (", float_element(a[i], e), " vs ", float_element(b[i], e), ")");
    return text;
  }
  return "";
}

// The tolerance. docs/conformance.md's rule, |got - expected| <= atol +
// rtol * |expected| with rtol 1e-3, atol 1e-7, or the session-vs-reference
// tests' bound for cancellation, 1e-5 * max(1, the output's largest
// |expected|) (tests/cpp/session_test_util.h): the runtime sums in float in
// its own order, the reference in double, so an element that cancels to
// near 0 carries the sum's rounding error, not its own.
std::string reference_mismatches(const std::vector<Output>& got, const std::vector<Output>& expected) {
  const std::string layout = layout_mismatch(got, expected);
  if (!layout.empty()) return layout;
  for (size_t i = 0; i < got.size(); ++i) {
    if (!is_float(got[i].dtype)) {
      if (got[i].bytes != expected[i].bytes) return bit_mismatches({got[i]}, {expected[i]});
      continue;
    }
    const size_t n = element_count(got[i]);
    double largest = 1;
    for (size_t e = 0; e < n; ++e) largest = std::fmax(largest, std::fabs(float_element(expected[i], e)));
    for (size_t e = 0; e < n; ++e) {
      const double g = float_element(got[i], e), x = float_element(expected[i], e);
      const double error = std::fabs(g - x);  // NaN when either is: fails both bounds
      if (error <= 1e-7 + 1e-3 * std::fabs(x) || error <= 1e-5 * largest) continue;
      return str("output ", i, ": element ", e, " is ", g, ", the reference's ", x, " (of ", n,
                 " elements, largest |reference| ", largest, ")");
    }
  }
  return "";
}

const char* nonfinite_reason(const std::vector<Output>& values) {
  for (const Output& output : values) {
    if (!is_float(output.dtype)) continue;
    for (size_t e = 0; e < element_count(output); ++e) {
      const double x = float_element(output, e);
      if (!std::isfinite(x)) return "a non-finite value";
      if (std::fabs(x) > kMaxOracleMagnitude) return "a value beyond 2^50";
    }
  }
  return nullptr;
}

const char* discontinuous_op(const Graph& graph) {
  // Rounding, comparisons, quantization, a threshold, an index of the
  // largest value, a float Range's length, a float Mod's wrap: each maps
  // values a last bit apart to results a step apart.
  static const std::set<std::string> kJumps = {
      "ArgMax", "Ceil",          "Equal", "Floor",          "Greater", "GreaterOrEqual", "Less",
      "LessOrEqual", "Mod",      "QuantizeLinear", "Range", "Round", "Sign", "ThresholdedRelu"};
  for (const Node& node : graph.nodes) {
    if (!node.domain.empty() || kJumps.count(node.op_type) != 0) return node.op_type.c_str();
    // A Cast to an integer or bool truncates (to float16 rounds to 11 bits,
    // within the rtol of 1e-3).
    if (node.op_type == "Cast") {
      const auto to = static_cast<DType>(node.attr_int("to", 0));
      if (to != DType::Float32 && to != DType::Float64 && to != DType::Float16) return "Cast";
    }
    // MaxPool's optional second output is the argmax's index.
    if (node.op_type == "MaxPool" && node.outputs.size() > 1 && node.outputs[1] >= 0) return "MaxPool indices";
  }
  return nullptr;
}

const char* op_newer_than_opset(const Graph& graph) {
  for (const Node& node : graph.nodes) {
    const OpDef* def = find_op(node.domain, node.op_type);
    if (def != nullptr && def->since_opset > graph.opset) return def->op_type;
  }
  return nullptr;
}

void check_export_round_trip(Model& model, const char* what, uint32_t seed) {
  if (op_newer_than_opset(model.graph()) != nullptr) {
    ++stats.round_trip_below_opset;
    return;
  }
  Feeds feeds;
  if (!make_value_feeds(model.graph(), seed, feeds)) {
    ++stats.round_trip_no_feeds;
    return;
  }
  std::vector<Output> in_memory;
  if (!run_feeds(model, feeds, false, &in_memory)) {
    ++stats.round_trip_over_caps;
    return;
  }
  const std::vector<uint8_t> onnx = model.to_onnx();
  std::unique_ptr<Model> reimported;
  or_finding(str(what, ": its export does not re-import").c_str(),
             [&] { reimported = Model::load_onnx(onnx.data(), onnx.size()); });
  const Graph& a = model.graph();
  const Graph& b = reimported->graph();
  if (a.inputs.size() != b.inputs.size()) finding(what, "its export has another number of graph inputs");
  for (size_t i = 0; i < a.inputs.size(); ++i)
    if (a.value(a.inputs[i]).name != b.value(b.inputs[i]).name ||
        a.value(a.inputs[i]).dtype != b.value(b.inputs[i]).dtype)
      finding(what, str("its export changed graph input ", i, " '", a.value(a.inputs[i]).name, "'"));
  std::vector<Output> round_trip;
  bool ran = false;
  or_finding(str(what, ": its re-imported export does not run").c_str(),
             [&] { ran = run_feeds(*reimported, feeds, false, &round_trip); });
  if (!ran) {
    ++stats.round_trip_over_caps;
    return;
  }
  const std::string mismatch = bit_mismatches(round_trip, in_memory);
  if (!mismatch.empty()) finding(str(what, ": its re-imported export computes other bits").c_str(), mismatch);
  ++stats.round_trip_compared;
}

void check_matches_reference(Model& pruned, uint32_t seed) {
  if (discontinuous_op(pruned.graph()) != nullptr) {
    ++stats.reference_discontinuous;
    return;
  }
  Feeds feeds;
  std::vector<Output> got;
  double work = 0;
  if (!make_value_feeds(pruned.graph(), seed, feeds) || !run_feeds(pruned, feeds, false, &got, &work)) {
    ++stats.reference_no_feeds;
    return;
  }
  if (work > kMaxReferenceWork) {
    ++stats.reference_over_work;
    return;
  }
  // The reference runs a copy whose outputs are every value the graph
  // computes (its own outputs first), so that the skip rule sees them all.
  const Graph& graph = pruned.graph();
  Graph observed = graph;
  for (const Node& node : graph.nodes)
    for (int id : node.outputs)
      if (id >= 0 && std::find(observed.outputs.begin(), observed.outputs.end(), id) == observed.outputs.end())
        observed.outputs.push_back(id);
  std::vector<TensorPtr> values;
  or_finding("pruned model: the reference executor refuses what the runtime ran",
             [&] { values = run_reference(observed, reference_inputs(feeds, graph)); });
  std::vector<Output> expected, everything;
  for (size_t i = 0; i < values.size(); ++i) {
    Output value{values[i]->dtype, values[i]->dims, values[i]->bytes};
    if (i < graph.outputs.size()) expected.push_back(value);
    everything.push_back(std::move(value));
  }
  for (const Value& value : graph.values)
    if (value.constant && value.constant->dtype == DType::Float32 && value.constant->materialized())
      everything.push_back({DType::Float32, value.constant->dims, value.constant->bytes});
  if (nonfinite_reason(everything) != nullptr) {
    ++stats.reference_nonfinite;
    return;
  }
  const std::string mismatch = reference_mismatches(got, expected);
  if (!mismatch.empty()) finding("pruned model: the runtime disagrees with the reference executor", mismatch);
  ++stats.reference_compared;
  if (pruned.explain_plan_json().find("\"sparseKernel\":true") != std::string::npos) ++stats.reference_compared_sparse;
}

}  // namespace nnslim::fuzz
