// model.summary(): Keras 2's table. A chain of layers prints Keras'
// Sequential layout (layer (type), output shape, param #); a builder model
// with branches or merges prints Keras' functional layout, with its
// InputLayer rows and a "Connected to" column.
#include <algorithm>
#include <cstdio>

#include "report/profile.h"
#include "passes/symbolic_shapes.h"

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

// Keras 2's column ends: Sequential 65 wide at .45/.85/1, functional 98 wide
// at .33/.55/.67/1. Rows start with one space; an overlong cell pushes the
// next one right (Keras would wrap it).
struct Layout {
  size_t width;
  std::vector<size_t> ends;
};
const Layout kSequentialLayout{65, {29, 55, 65}};
const Layout kFunctionalLayout{98, {32, 53, 65, 98}};

std::string table_row(const Layout& layout, const std::vector<std::string>& fields) {
  std::string line;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (!line.empty() && line.back() != ' ') line += ' ';
    line += (i == 0 ? " " : "") + fields[i];
    if (line.size() < layout.ends[i]) line.append(layout.ends[i] - line.size(), ' ');
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line + "\n";
}

// The user-facing source of a value: its layer, or the graph input behind the
// builder's hidden layout Transpose. Empty for constants.
std::string source_of(const Graph& graph, int value) {
  for (int depth = 0; depth < 8; ++depth) {
    const Value& v = graph.value(value);
    if (v.constant) return "";
    if (v.producer < 0) return v.name;
    const Node& node = graph.nodes[static_cast<size_t>(v.producer)];
    if (node.layer != kHiddenLayer) return node.layer.empty() ? node.name : node.layer;
    if (node.inputs.empty() || node.inputs[0] < 0) return "";
    value = node.inputs[0];
  }
  return "";
}

// Layer name -> the layers (or graph inputs) it reads, in first-use order.
std::vector<std::pair<std::string, std::vector<std::string>>> inbound_layers(const Graph& graph) {
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  for (const Node& node : graph.nodes) {
    if (node.layer.empty() || node.layer == kHiddenLayer) continue;
    auto it = std::find_if(out.begin(), out.end(), [&](const auto& e) { return e.first == node.layer; });
    if (it == out.end()) it = out.insert(out.end(), {node.layer, {}});
    std::vector<std::string>& sources = it->second;
    for (int in : node.inputs) {
      if (in < 0) continue;
      const std::string source = source_of(graph, in);
      if (source.empty() || source == node.layer) continue;
      if (std::find(sources.begin(), sources.end(), source) == sources.end()) sources.push_back(source);
    }
  }
  return out;
}

// A chain: one input, every layer reads one other layer and is read by at most one.
bool is_chain(const Graph& graph, const std::vector<std::pair<std::string, std::vector<std::string>>>& inbound) {
  if (graph.inputs.size() != 1 || graph.outputs.size() != 1) return false;
  std::vector<std::string> read;
  for (const auto& entry : inbound) {
    if (entry.second.size() > 1) return false;
    for (const std::string& s : entry.second) {
      if (std::find(read.begin(), read.end(), s) != read.end()) return false;
      read.push_back(s);
    }
  }
  return true;
}

// 0.2712 -> "0.27" (digits after the point).
std::string format_fixed(double value, int digits) {
  char text[48];
  std::snprintf(text, sizeof text, "%.*f", digits, value);
  return text;
}

// A model's sparsity and FLOPs ratio, as the lecture's table of MobileNetV2
// results shows them ("Unstructured  75%  0.27x"): FLOPs counted with zero
// weights skipped, over the dense FLOPs. Sparsity % is over every kernel
// weight (skipped layers included); closed by a rule `width` wide. The row is
// "This model", not "Pruned": trained models hold a few exact zeros of their
// own (PP-OCRv4's detector 0.1%) without ever having been pruned.
std::string sparsity_table(const ModelProfile& p, size_t width) {
  const double ratio = p.flops ? static_cast<double>(p.effective_flops) / static_cast<double>(p.flops) : 1.0;
  const Layout layout{65, {20, 34, 44, 65}};
  std::string out = table_row(layout, {"Sparsity", "Sparsity %", "FLOPs", "Effective / dense FLOPs"});
  out += table_row(layout, {"Dense (baseline)", "0%", "1x", with_thousands(p.flops)});
  out += table_row(layout, {"This model", format_fixed(100 * p.sparsity, 1) + "%", format_fixed(ratio, 2) + "x",
                            with_thousands(p.effective_flops) + " / " + with_thousands(p.flops)});
  out += "Nonzero params: " + with_thousands(p.nonzero_params) + "\n";
  out += std::string(width, '_') + "\n";
  return out;
}

}  // namespace

std::string format_summary(const Graph& graph, const std::map<std::string, Shape>& input_shapes, bool qdq_nodes) {
  const ModelProfile p = profile_graph(graph, 1, input_shapes, !qdq_nodes);
  bool builder_model = false;
  for (const Node& node : graph.nodes) builder_model = builder_model || !node.layer_type.empty();
  const auto inbound = inbound_layers(graph);
  const bool functional = builder_model && !is_chain(graph, inbound);
  const Layout& layout = functional ? kFunctionalLayout : kSequentialLayout;

  const std::string rule(layout.width, '_');
  const std::string double_rule(layout.width, '=');
  std::string out = "Model: \"" + (graph.name.empty() ? std::string("model") : graph.name) + "\"\n";
  out += rule + "\n";
  if (functional) out += table_row(layout, {"Layer (type)", "Output Shape", "Param #", "Connected to"});
  else out += table_row(layout, {"Layer (type)", "Output Shape", "Param #"});
  out += double_rule + "\n";

  bool first_row = true;
  auto row = [&](const std::vector<std::string>& fields) {
    if (!first_row) out += "\n";  // Keras 2 separates rows with an empty line
    first_row = false;
    out += table_row(layout, fields);
  };
  if (functional) {
    // Keras lists a functional model's InputLayers: [(None, 224, 224, 3)].
    const std::vector<SymbolicShape> shapes = infer_symbolic_shapes(graph);
    for (int in : graph.inputs)
      row({graph.value(in).name + " (InputLayer)", "[" + keras_shape(shapes[static_cast<size_t>(in)].shape) + "]", "0", "[]"});
  }
  for (const LayerProfile& l : p.layers) {
    // A layer with int8 weights (a quantized file's Conv, Gemm, MatMul) says so.
    const std::string type = l.weight_dtype == "int8" ? l.type + " int8" : l.type;
    std::vector<std::string> fields{l.name + " (" + type + ")", keras_shape(l.output_shape), std::to_string(l.params)};
    if (functional) {
      std::string connected = "[";
      for (const auto& entry : inbound)
        if (entry.first == l.name)
          for (const std::string& source : entry.second)
            connected += (connected.size() > 1 ? ", '" : "'") + source + "[0][0]'";
      fields.push_back(connected + "]");
    }
    row(fields);
  }
  out += double_rule + "\n";
  out += "Total params: " + with_thousands(p.params) + "\n";
  out += "Trainable params: " + with_thousands(p.trainable_params) + "\n";
  out += "Non-trainable params: " + with_thousands(p.non_trainable_params) + "\n";
  out += rule + "\n";
  if (p.sparsity > 0) out += sparsity_table(p, layout.width);
  return out;
}

}  // namespace nnslim
