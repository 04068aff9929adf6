#include "passes/upgrade_to_opset13.h"

#include <limits>
#include <memory>

#include "core/error.h"
#include "ops/shape_inference.h"

namespace nnslim {
namespace {

bool before(const Graph& graph, int64_t opset) { return graph.opset < opset; }

// Ranks of every value: the graph's own shapes where it has them, else
// from shape inference on a copy with its symbolic dims bound (1, or sizes an
// image could have when a window does not fit 1).
class Ranks {
 public:
  explicit Ranks(const Graph& graph) : graph_(graph) {}
  int64_t of(int value) {
    const Value& v = graph_.value(value);
    if (v.has_shape) return static_cast<int64_t>(v.shape.size());
    if (!bound_) {
      for (int64_t size : {1, 64, 224}) {
        auto copy = std::make_unique<Graph>(graph_);
        copy->bind_symbolic_dims(size);
        try {
          infer_shapes(*copy);
          bound_ = std::move(copy);
          break;
        } catch (const Error&) {
        }
      }
      if (!bound_) return -1;
    }
    const Value& b = bound_->value(value);
    return b.has_shape ? static_cast<int64_t>(b.shape.size()) : -1;
  }

 private:
  const Graph& graph_;
  std::unique_ptr<Graph> bound_;
};

bool softmax_on_last_axis(Ranks& ranks, const Node& node) {
  if (node.inputs.empty() || node.inputs[0] < 0) return false;
  const int64_t rank = ranks.of(node.inputs[0]);
  if (rank < 1) return false;
  int64_t axis = node.attr_int("axis", 1);
  if (axis < 0) axis += rank;
  return axis == rank - 1;
}

// Whether the node needs no rewrite or one this pass makes.
bool upgradable(const Graph& graph, Ranks& ranks, const Node& node) {
  const std::string& op = node.op_type;
  if (op == "Softmax" || op == "LogSoftmax" || op == "Hardmax")
    return !before(graph, 13) || softmax_on_last_axis(ranks, node);
  if (op == "Resize") return !before(graph, 11);
  if (op == "Upsample") return false;
  if (op == "TopK") return !before(graph, 10);
  // BatchNormalization-7 and -9 differ only by `spatial` (9 dropped it,
  // keeping spatial=1, the default); spatial=0 has no later form.
  if (op == "BatchNormalization") return !before(graph, 9) || node.attr_int("spatial", 1) == 1;
  return true;
}

int int_input(Graph& graph, const Node& node, const std::string& what, const std::vector<int64_t>& values) {
  return graph.add_constant(graph.unique_value_name(node.name + "_" + what),
                            Tensor::from_int64(values, {static_cast<int64_t>(values.size())}), false);
}

int float_scalar(Graph& graph, const Node& node, const std::string& what, float value) {
  return graph.add_constant(graph.unique_value_name(node.name + "_" + what), Tensor::from_float({value}, {}), false);
}

// Moves attribute `name` (ints) to input `index` (absent attribute: input left out).
void ints_attr_to_input(Graph& graph, Node& node, const std::string& name, size_t index) {
  if (!node.has_attr(name)) return;
  const std::vector<int64_t> values = node.attr_ints(name);
  node.attrs.erase(name);
  if (node.inputs.size() <= index) node.inputs.resize(index + 1, -1);
  node.inputs[index] = int_input(graph, node, name, values);
}

void rewrite(Graph& graph, Node& node) {
  const std::string& op = node.op_type;
  if ((op == "Squeeze" || op == "Unsqueeze" || op == "ReduceSum") && before(graph, 13)) {
    ints_attr_to_input(graph, node, "axes", 1);
  } else if (op == "Split" && before(graph, 13)) {
    ints_attr_to_input(graph, node, "split", 1);
  } else if (op == "Clip" && before(graph, 11)) {
    const float lo = node.attr_float("min", -std::numeric_limits<float>::infinity());
    const float hi = node.attr_float("max", std::numeric_limits<float>::infinity());
    node.attrs.erase("min");
    node.attrs.erase("max");
    node.inputs.resize(1);
    node.inputs.push_back(float_scalar(graph, node, "min", lo));
    node.inputs.push_back(float_scalar(graph, node, "max", hi));
  } else if (op == "Slice" && before(graph, 10)) {
    const std::vector<int64_t> starts = node.attr_ints("starts"), ends = node.attr_ints("ends");
    const bool has_axes = node.has_attr("axes");
    const std::vector<int64_t> axes = node.attr_ints("axes");
    node.attrs.erase("starts");
    node.attrs.erase("ends");
    node.attrs.erase("axes");
    node.inputs.resize(1);
    node.inputs.push_back(int_input(graph, node, "starts", starts));
    node.inputs.push_back(int_input(graph, node, "ends", ends));
    if (has_axes) node.inputs.push_back(int_input(graph, node, "axes", axes));
  } else if (op == "Pad" && before(graph, 11)) {
    const std::vector<int64_t> pads = node.attr_ints("pads");
    const float value = node.attr_float("value", 0.f);
    node.attrs.erase("pads");
    node.attrs.erase("value");
    node.inputs.resize(1);
    node.inputs.push_back(int_input(graph, node, "pads", pads));
    node.inputs.push_back(float_scalar(graph, node, "value", value));
  } else if (op == "BatchNormalization" && before(graph, 9)) {
    node.attrs.erase("spatial");
  } else if ((op == "Softmax" || op == "LogSoftmax" || op == "Hardmax") && before(graph, 13)) {
    node.attrs["axis"] = Attribute::make_int(-1);
  }
}

}  // namespace

bool upgrade_to_opset13(Graph& graph) {
  if (graph.opset >= 13) return true;
  Ranks ranks(graph);
  for (const Node& node : graph.nodes)
    if (!upgradable(graph, ranks, node)) return false;
  for (size_t n = 0; n < graph.nodes.size(); ++n) {
    Node node = graph.nodes[n];  // add_constant may grow values, not nodes; a copy keeps it simple
    rewrite(graph, node);
    graph.nodes[n] = std::move(node);
  }
  graph.opset = 13;
  return true;
}

}  // namespace nnslim
