// The layer spec (docs/builder-spec.md) -> ir::Graph.
#include "builder/builder.h"

#include <set>
#include <unordered_map>

#include "builder/build_context.h"
#include "builder/layers.h"
#include "builder/parse_json.h"
#include "passes/symbolic_shapes.h"

namespace nnslim {
namespace {

constexpr int64_t kBuildBatch = 1;  // batch used while building; symbolic afterwards

WeightsMode parse_weights_mode(const Json& spec) {
  const std::string mode = spec.string_or("weights", "he");
  if (mode == "he") return WeightsMode::He;
  if (mode == "none") return WeightsMode::None;
  fail("layer spec: weights must be 'none' or 'he', got '", mode, "'");
}

uint64_t parse_seed(const Json& spec) {
  if (!spec.contains("seed") || spec["seed"].is_null()) return 0;
  const Json& s = spec["seed"];
  if (!s.is_integer()) fail("layer spec: seed must be an integer, got ", s.dump());
  return s.is_unsigned() ? s.as_uint() : static_cast<uint64_t>(s.as_int());
}

// Adds graph input `entry`; returns the value layers see (NCHW for images).
int add_input(BuildContext& ctx, const Json& entry) {
  if (!entry.is_object()) fail("layer spec: each input must be an object, got ", entry.dump());
  const std::string name = entry.string_or("name", "");
  if (name.empty()) fail("layer spec: an input has no name");
  const std::string where = str("input '", name, "': ");
  if (!entry.contains("shape") || !entry["shape"].is_array())
    fail(where, "'shape' (without the batch dim) must be an array of positive integers");
  // A fixed batch size if given, else symbolic (built with kBuildBatch).
  int64_t batch = kBuildBatch;
  const bool fixed_batch = entry.contains("batchSize") && !entry["batchSize"].is_null();
  if (fixed_batch) {
    if (!entry["batchSize"].is_integer() || entry["batchSize"].as_int() <= 0)
      fail(where, "batchSize must be a positive integer, got ", entry["batchSize"].dump());
    batch = entry["batchSize"].as_int();
  }
  Shape shape{batch};
  for (const Json& d : entry["shape"]) {
    if (!d.is_integer() || d.as_int() <= 0)
      fail(where, "shape entries must be positive integers, got ", entry["shape"].dump());
    shape.push_back(d.as_int());
  }
  if (shape.size() > 5) fail(where, "rank ", shape.size() - 1, " inputs are not supported");
  const std::string dtype = entry.string_or("dtype", "float32");
  if (dtype != "float32") fail(where, "dtype must be 'float32', got '", dtype, "'");

  Graph& g = ctx.graph;
  if (g.find_value(name) >= 0) fail(where, "the name is used twice");
  const int id = g.add_value(name);
  Value& v = g.value(id);
  v.dtype = DType::Float32;
  v.shape = shape;
  v.has_shape = true;
  v.dim_params.assign(shape.size(), "");
  if (!fixed_batch) v.dim_params[0] = "batch";
  g.inputs.push_back(id);
  if (shape.size() != 4) return id;
  // Keras images are NHWC; the graph computes in NCHW (ONNX's layout).
  return ctx.emit_hidden("Transpose", {id}, {{"perm", Attribute::make_ints({0, 3, 1, 2})}}, name + "/nchw");
}

void add_layer(BuildContext& ctx, const Json& entry, std::unordered_map<std::string, int>& outputs_by_name) {
  if (!entry.is_object()) fail("layer spec: each layer must be an object, got ", entry.dump());
  const std::string name = entry.string_or("name", "");
  const std::string type = entry.string_or("type", "");
  if (name.empty()) fail("layer spec: a layer of type '", type, "' has no name");
  if (name == kHiddenLayer) fail("layer spec: '", name, "' is a reserved layer name");
  if (outputs_by_name.count(name)) fail("layer '", name, "': the name is used twice");
  const LayerType* lt = find_layer_type(type);
  if (!lt) fail("layer '", name, "': unknown type '", type, "' (known: ", layer_type_list(), ")");
  const bool trainable = entry.bool_or("trainable", true);
  ctx.begin_layer(name, lt->keras_type, type, trainable);

  const Json inbound = entry.value_or("inbound", Json::array());
  if (!inbound.is_array()) ctx.fail("'inbound' must be an array of layer names");
  std::vector<int> inputs;
  for (const Json& ref : inbound) {
    if (!ref.is_string()) ctx.fail("'inbound' entries must be layer names, got ", ref.dump());
    auto it = outputs_by_name.find(ref.as_string());
    if (it == outputs_by_name.end())
      ctx.fail("inbound '", ref.as_string(), "' is not an input or an earlier layer");
    inputs.push_back(it->second);
  }
  const int count = static_cast<int>(inputs.size());
  if (count < lt->min_inputs || (lt->max_inputs >= 0 && count > lt->max_inputs))
    ctx.fail("takes ", lt->min_inputs, lt->max_inputs < 0 ? " or more" : "", " inbound layer(s), got ", count);
  const Json config = entry.value_or("config", Json::object());
  outputs_by_name[name] = lt->emit(ctx, inputs, config);
}

}  // namespace

Graph build_graph_from_spec(const std::string& spec_json) {
  const Json spec = parse_json(spec_json, "layer spec");
  if (!spec.is_object()) fail(ErrorCode::InvalidArgument, "layer spec must be a JSON object");

  std::string current = "the spec header";
  try {
    BuildContext ctx(parse_weights_mode(spec), parse_seed(spec));
    Graph& g = ctx.graph;
    g.name = spec.string_or("name", "model");
    g.producer_name = "nnslim builder";
    g.display_channels_last = true;

    std::unordered_map<std::string, int> outputs_by_name;
    const Json inputs = spec.value_or("inputs", Json::array());
    if (!inputs.is_array() || inputs.empty()) fail("layer spec: 'inputs' must list at least one input");
    for (const Json& entry : inputs) {
      current = str("input ", entry.is_object() ? entry.string_or("name", "") : std::string());
      const int id = add_input(ctx, entry);
      outputs_by_name[g.value(g.inputs.back()).name] = id;
    }

    const Json layers = spec.value_or("layers", Json::array());
    if (!layers.is_array()) fail("layer spec: 'layers' must be an array");
    std::string last_layer;
    for (const Json& entry : layers) {
      current = str("layer '", entry.is_object() ? entry.string_or("name", "") : std::string(), "'");
      add_layer(ctx, entry, outputs_by_name);
      last_layer = entry.string_or("name", "");
    }

    current = "the outputs";
    Json outputs = spec.value_or("outputs", Json::array());
    if (!outputs.is_array()) fail("layer spec: 'outputs' must be an array of layer names");
    if (outputs.empty()) {
      if (last_layer.empty()) fail("layer spec: a model needs at least one layer");
      outputs.push_back(last_layer);
    }
    std::set<int> seen;
    for (const Json& ref : outputs) {
      if (!ref.is_string()) fail("layer spec: outputs must be layer names, got ", ref.dump());
      auto it = outputs_by_name.find(ref.as_string());
      if (it == outputs_by_name.end()) fail("layer spec: output '", ref.as_string(), "' is not a layer");
      if (!seen.insert(it->second).second) fail("layer spec: output '", ref.as_string(), "' is listed twice");
      int out = it->second;
      // Hand images back in Keras' NHWC layout.
      if (g.value(out).shape.size() == 4)
        out = ctx.emit_hidden("Transpose", {out}, {{"perm", Attribute::make_ints({0, 2, 3, 1})}},
                              ref.as_string() + "/nhwc");
      g.outputs.push_back(out);
    }

    // The batch becomes symbolic; shapes that depend on it are marked -1.
    for (int in : g.inputs)
      if (g.value(in).dim_params[0] == "batch") g.value(in).shape[0] = kSymbolicDim;
    apply_symbolic_shapes(g);
    g.verify();
    return std::move(ctx.graph);
  } catch (const JsonTypeError& e) {
    fail(ErrorCode::InvalidArgument, current, ": ", e.what());
  } catch (Error& e) {
    e.classify_as(ErrorCode::InvalidArgument);  // a spec the builder cannot build is a bad layer config
    throw;
  }
}

}  // namespace nnslim
