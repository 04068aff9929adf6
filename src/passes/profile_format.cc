// Presenting a profile: the JSON object of model.profile() and the
// Keras-style summary table of model.summary().
#include <nlohmann/json.hpp>

#include "passes/profile.h"

namespace nnslim {
namespace {

// 138357544 -> "138,357,544" (Keras' totals).
std::string with_thousands(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

// [-1, 224, 224, 3] -> "(None, 224, 224, 3)"; a rank-1 shape keeps Python's comma.
std::string keras_shape(const Shape& shape) {
  std::string out = "(";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i) out += ", ";
    out += shape[i] < 0 ? std::string("None") : std::to_string(shape[i]);
  }
  return out + (shape.size() == 1 ? ",)" : ")");
}

nlohmann::ordered_json shape_json(const Shape& shape) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (int64_t d : shape) {
    if (d < 0) out.push_back(nullptr);
    else out.push_back(d);
  }
  return out;
}

// Keras 2's sequential layout: 65 columns, fields starting at 0, 29 and 55,
// each row led by one space.
constexpr size_t kLineLength = 65;
constexpr size_t kColumnEnds[] = {29, 55, 65};

std::string table_row(const std::vector<std::string>& fields) {
  std::string line;
  for (size_t i = 0; i < fields.size(); ++i) {
    std::string cell = (i == 0 ? " " : "") + fields[i];
    if (!line.empty() && line.back() != ' ') line += ' ';  // keep overlong cells apart
    line += cell;
    const size_t end = kColumnEnds[i];
    if (line.size() < end) line.append(end - line.size(), ' ');
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line + "\n";
}

}  // namespace

std::string profile_to_json(const ModelProfile& p) {
  using json = nlohmann::ordered_json;
  json out;
  out["batchSize"] = p.batch_size;
  out["params"] = {{"total", p.params}, {"trainable", p.trainable_params}, {"nonTrainable", p.non_trainable_params}};
  out["macs"] = p.macs;
  out["flops"] = p.flops;
  out["elementwiseOps"] = p.elementwise_ops;
  json by_dtype = json::object();
  for (const auto& [dtype, bytes] : p.weight_bytes_by_dtype) by_dtype[dtype] = bytes;
  out["weightBytes"] = {{"total", p.weight_bytes}, {"byDtype", by_dtype}};
  out["activationBytes"] = p.activation_bytes;
  out["peakMemoryBytes"] = p.peak_memory_bytes;
  json layers = json::array();
  for (const LayerProfile& l : p.layers) {
    json layer;
    layer["name"] = l.name;
    layer["type"] = l.type;
    layer["outputShape"] = shape_json(l.output_shape);
    layer["params"] = l.params;
    layer["trainableParams"] = l.trainable_params;
    layer["nonTrainableParams"] = l.non_trainable_params;
    layer["macs"] = l.macs;
    layer["flops"] = l.flops;
    layer["elementwiseOps"] = l.elementwise_ops;
    layer["activationBytes"] = l.activation_bytes;
    layer["sparsity"] = l.sparsity;
    layers.push_back(std::move(layer));
  }
  out["layers"] = std::move(layers);
  return out.dump();
}

std::string format_summary(const Graph& graph) {
  const ModelProfile p = profile_graph(graph, 1);
  const std::string rule(kLineLength, '_');
  const std::string double_rule(kLineLength, '=');
  std::string out = "Model: \"" + (graph.name.empty() ? std::string("model") : graph.name) + "\"\n";
  out += rule + "\n";
  out += table_row({"Layer (type)", "Output Shape", "Param #"});
  out += double_rule + "\n";
  for (size_t i = 0; i < p.layers.size(); ++i) {
    const LayerProfile& l = p.layers[i];
    if (i) out += "\n";  // Keras 2 separates rows with an empty line
    out += table_row({l.name + " (" + l.type + ")", keras_shape(l.output_shape), std::to_string(l.params)});
  }
  out += double_rule + "\n";
  out += "Total params: " + with_thousands(p.params) + "\n";
  out += "Trainable params: " + with_thousands(p.trainable_params) + "\n";
  out += "Non-trainable params: " + with_thousands(p.non_trainable_params) + "\n";
  out += rule + "\n";
  return out;
}

}  // namespace nnslim
