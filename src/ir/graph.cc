#include "ir/graph.h"

#include <algorithm>

#include "core/error.h"

namespace nnslim {

std::string shape_to_string(const Shape& shape) {
  std::string out = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i) out += ", ";
    out += shape[i] < 0 ? std::string("?") : std::to_string(shape[i]);
  }
  return out + "]";
}

std::string describe_type(const Value& v) {
  std::string dims = "[";
  for (size_t d = 0; d < v.shape.size(); ++d) {
    if (d) dims += ", ";
    if (v.shape[d] >= 0)
      dims += std::to_string(v.shape[d]);
    else
      dims += d < v.dim_params.size() && !v.dim_params[d].empty() ? v.dim_params[d] : "?";
  }
  return str(dtype_name(v.dtype), " ", v.has_shape ? dims + "]" : std::string("(any shape)"));
}

int64_t shape_numel(const Shape& shape) {
  int64_t n = 1;
  for (int64_t d : shape) {
    NNSLIM_CHECK(d >= 0, "shape ", shape_to_string(shape), " is not static");
    n *= d;
  }
  return n;
}

// ---- Node attribute accessors: a wrong kind is bad input, not a crash.
// Attributes come from the model, so a wrong kind is the model's fault even
// when a kernel first reads the attribute during run().
namespace {
const Attribute* find_attr(const Node& node, const std::string& key, Attribute::Kind kind) {
  auto it = node.attrs.find(key);
  if (it == node.attrs.end()) return nullptr;
  NNSLIM_CHECK(it->second.kind == kind, ErrorCode::InvalidModel, node.describe(), ": attribute '", key, "' is ",
               attribute_kind_name(it->second.kind), ", expected ", attribute_kind_name(kind));
  return &it->second;
}
}  // namespace

int64_t Node::attr_int(const std::string& key, int64_t fallback) const {
  const Attribute* a = find_attr(*this, key, Attribute::Kind::Int);
  return a ? a->i : fallback;
}
float Node::attr_float(const std::string& key, float fallback) const {
  const Attribute* a = find_attr(*this, key, Attribute::Kind::Float);
  return a ? a->f : fallback;
}
std::string Node::attr_string(const std::string& key, const std::string& fallback) const {
  const Attribute* a = find_attr(*this, key, Attribute::Kind::String);
  return a ? a->s : fallback;
}
std::vector<int64_t> Node::attr_ints(const std::string& key, const std::vector<int64_t>& fallback) const {
  const Attribute* a = find_attr(*this, key, Attribute::Kind::Ints);
  return a ? a->ints : fallback;
}
std::vector<float> Node::attr_floats(const std::string& key, const std::vector<float>& fallback) const {
  const Attribute* a = find_attr(*this, key, Attribute::Kind::Floats);
  return a ? a->floats : fallback;
}
std::string Node::describe() const {
  return str("node '", name, "' (", op_type, ")");
}

// ---- Graph
int Graph::add_value(const std::string& value_name) {
  NNSLIM_CHECK(value_index_.count(value_name) == 0 || value_name.empty(),
               "value '", value_name, "' is defined twice");
  Value v;
  v.name = value_name;
  values.push_back(std::move(v));
  int id = static_cast<int>(values.size()) - 1;
  if (!value_name.empty()) value_index_[value_name] = id;
  return id;
}

int Graph::find_value(const std::string& value_name) const {
  auto it = value_index_.find(value_name);
  return it == value_index_.end() ? -1 : it->second;
}

int Graph::get_or_add_value(const std::string& value_name) {
  int id = find_value(value_name);
  return id >= 0 ? id : add_value(value_name);
}

int Graph::add_constant(const std::string& value_name, TensorPtr tensor, bool is_param) {
  int id = add_value(value_name);
  Value& v = value(id);
  v.dtype = tensor->dtype;
  v.shape = tensor->dims;
  v.has_shape = true;
  v.constant = std::move(tensor);
  v.is_param = is_param;
  return id;
}

int Graph::add_node(Node node) {
  int index = static_cast<int>(nodes.size());
  for (int out : node.outputs) value(out).producer = index;
  nodes.push_back(std::move(node));
  return index;
}

std::string Graph::unique_value_name(const std::string& base) {
  if (find_value(base) < 0) return base;
  for (int i = 1;; ++i) {
    std::string candidate = base + "_" + std::to_string(i);
    if (find_value(candidate) < 0) return candidate;
  }
}

void Graph::rebuild_producers() {
  for (Value& v : values) v.producer = -1;
  for (size_t n = 0; n < nodes.size(); ++n)
    for (int out : nodes[n].outputs) values[static_cast<size_t>(out)].producer = static_cast<int>(n);
}

void Graph::remove_dead_nodes() {
  std::vector<bool> live_value(values.size(), false);
  for (int out : outputs) live_value[static_cast<size_t>(out)] = true;
  std::vector<bool> live_node(nodes.size(), false);
  for (size_t n = nodes.size(); n-- > 0;) {
    bool used = false;
    for (int out : nodes[n].outputs) used = used || live_value[static_cast<size_t>(out)];
    if (!used) continue;
    live_node[n] = true;
    for (int in : nodes[n].inputs)
      if (in >= 0) live_value[static_cast<size_t>(in)] = true;
  }
  for (int in : inputs) live_value[static_cast<size_t>(in)] = true;

  // Renumber values.
  std::vector<int> remap(values.size(), -1);
  std::vector<Value> kept_values;
  for (size_t v = 0; v < values.size(); ++v) {
    if (!live_value[v]) continue;
    remap[v] = static_cast<int>(kept_values.size());
    kept_values.push_back(std::move(values[v]));
  }
  std::vector<Node> kept_nodes;
  for (size_t n = 0; n < nodes.size(); ++n) {
    if (!live_node[n]) continue;
    Node node = std::move(nodes[n]);
    for (int& in : node.inputs)
      if (in >= 0) in = remap[static_cast<size_t>(in)];
    for (int& out : node.outputs) out = remap[static_cast<size_t>(out)];  // dead outputs become -1
    kept_nodes.push_back(std::move(node));
  }
  for (int& in : inputs) in = remap[static_cast<size_t>(in)];
  for (int& out : outputs) out = remap[static_cast<size_t>(out)];
  values = std::move(kept_values);
  nodes = std::move(kept_nodes);
  // Unused optional outputs of live nodes were dropped: give them fresh anonymous values.
  for (Node& node : nodes)
    for (int& out : node.outputs)
      if (out < 0) {
        values.emplace_back();
        out = static_cast<int>(values.size()) - 1;
      }
  value_index_.clear();
  for (size_t v = 0; v < values.size(); ++v)
    if (!values[v].name.empty()) value_index_[values[v].name] = static_cast<int>(v);
  rebuild_producers();
}

void Graph::bind_symbolic_dims(int64_t size) {
  for (int in : inputs)
    for (int64_t& d : value(in).shape)
      if (d < 0) d = size;
}

void Graph::bind_input_shape(const std::string& input, const Shape& dims) {
  for (int in : inputs) {
    Value& v = value(in);
    if (v.name != input) continue;
    NNSLIM_CHECK(dims.size() == v.shape.size(), ErrorCode::InvalidArgument, "input shape for '", input, "': ",
                 describe_type(v), " has rank ", v.shape.size(), ", got ", shape_to_string(dims));
    for (size_t d = 0; d < dims.size(); ++d) {
      NNSLIM_CHECK(dims[d] >= 1, ErrorCode::InvalidArgument, "input shape for '", input, "': dim ", d,
                   " must be >= 1, got ", shape_to_string(dims));
      NNSLIM_CHECK(v.shape[d] < 0 || v.shape[d] == dims[d], ErrorCode::InvalidArgument, "input shape for '", input,
                   "': dim ", d, " is ", v.shape[d], " in the model (", describe_type(v), "), got ",
                   shape_to_string(dims));
    }
    v.shape = dims;
    return;
  }
  std::string names;
  for (int in : inputs) names += (names.empty() ? "'" : ", '") + value(in).name + "'";
  fail(ErrorCode::InvalidArgument, "input shape for '", input, "': the model has no such input (its inputs: ", names,
       ")");
}

bool Graph::has_symbolic_dims() const {
  for (int in : inputs)
    for (int64_t d : value(in).shape)
      if (d < 0) return true;
  return false;
}

void Graph::verify() const {
  const int value_count = static_cast<int>(values.size());
  // The first node writing `value`, for the message about an input read too early.
  auto producer_of = [this](int value) -> const Node* {
    for (const Node& node : nodes)
      for (int out : node.outputs)
        if (out == value) return &node;
    return nullptr;
  };
  std::vector<bool> available(values.size(), false);
  for (int in : inputs) {
    NNSLIM_CHECK(in >= 0 && in < value_count, "graph input id ", in, " out of range");
    available[static_cast<size_t>(in)] = true;
  }
  for (size_t v = 0; v < values.size(); ++v)
    if (values[v].constant) available[v] = true;
  for (const Node& node : nodes) {
    for (size_t i = 0; i < node.inputs.size(); ++i) {
      int in = node.inputs[i];
      if (in < 0) continue;
      NNSLIM_CHECK(in < value_count, node.describe(), ": input ", i, " id out of range");
      if (available[static_cast<size_t>(in)]) continue;
      const Node* later = producer_of(in);
      if (later)  // ONNX requires nodes in topological order; a cycle has none
        fail(node.describe(), ": input '", values[static_cast<size_t>(in)].name, "' is produced by the later ",
             later->describe(), " (the graph has a cycle or is not topologically sorted)");
      fail(node.describe(), ": input '", values[static_cast<size_t>(in)].name,
           "' is not a graph input, an initializer or the output of any node");
    }
    for (int out : node.outputs) {
      NNSLIM_CHECK(out >= 0 && out < value_count, node.describe(), ": output id out of range");
      NNSLIM_CHECK(!available[static_cast<size_t>(out)], node.describe(), ": output '",
                   values[static_cast<size_t>(out)].name, "' is already defined");
      available[static_cast<size_t>(out)] = true;
    }
  }
  for (int out : outputs) {
    NNSLIM_CHECK(out >= 0 && out < value_count, "graph output id out of range");
    NNSLIM_CHECK(available[static_cast<size_t>(out)], "graph output '",
                 values[static_cast<size_t>(out)].name, "' is never produced");
  }
}

}  // namespace nnslim
