// A small graph builder for op shape tests: graph inputs with static shapes,
// constants, one or more nodes, then infer_shapes(). Nodes are named
// "node_<OpType>" unless given a name, so tests can check error messages.
#pragma once
#include <catch2/catch.hpp>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/tensor.h"
#include "ir/graph.h"
#include "ops/shape_inference.h"
#include "ops/op_registry.h"

namespace nnslim {
namespace test {

class OpGraph {
 public:
  explicit OpGraph(int64_t opset = 13) { graph.opset = opset; }

  // A graph input (no constant data).
  OpGraph& input(const std::string& name, const Shape& shape, DType dtype = DType::Float32) {
    int id = graph.add_value(name);
    Value& v = graph.value(id);
    v.shape = shape;
    v.dtype = dtype;
    v.has_shape = true;
    graph.inputs.push_back(id);
    return *this;
  }
  // A weight with dims only (unmaterialized: never folded).
  OpGraph& weight(const std::string& name, const Shape& shape) {
    auto t = std::make_shared<Tensor>();
    t->dtype = DType::Float32;
    t->dims = shape;
    t->init = WeightInit::Zeros;
    graph.add_constant(name, t, true);
    return *this;
  }
  OpGraph& ints(const std::string& name, const std::vector<int64_t>& values, const Shape& dims) {
    graph.add_constant(name, Tensor::from_int64(values, dims), false);
    return *this;
  }
  OpGraph& ints(const std::string& name, const std::vector<int64_t>& values) {
    return ints(name, values, {static_cast<int64_t>(values.size())});
  }
  OpGraph& floats(const std::string& name, const std::vector<float>& values, const Shape& dims) {
    graph.add_constant(name, Tensor::from_float(values, dims), false);
    return *this;
  }
  OpGraph& floats(const std::string& name, const std::vector<float>& values) {
    return floats(name, values, {static_cast<int64_t>(values.size())});
  }
  OpGraph& tensor(const std::string& name, TensorPtr t) {
    graph.add_constant(name, std::move(t), false);
    return *this;
  }

  // Adds a node; "" in `inputs` is an omitted optional input.
  OpGraph& node(const std::string& op, const std::vector<std::string>& inputs, const std::vector<std::string>& outputs,
                AttributeMap attrs = {}, const std::string& name = "") {
    Node n;
    n.op_type = op;
    n.name = name.empty() ? "node_" + op : name;
    for (const std::string& in : inputs) {
      if (in.empty()) {
        n.inputs.push_back(-1);
        continue;
      }
      const int id = graph.find_value(in);
      REQUIRE(id >= 0);
      n.inputs.push_back(id);
    }
    for (const std::string& out : outputs) n.outputs.push_back(graph.add_value(out));
    n.attrs = std::move(attrs);
    graph.add_node(std::move(n));
    return *this;
  }

  OpGraph& infer() {
    infer_shapes(graph);
    return *this;
  }
  const Value& value(const std::string& name) const {
    const int id = graph.find_value(name);
    REQUIRE(id >= 0);
    return graph.value(id);
  }
  Shape shape(const std::string& name) const { return value(name).shape; }
  DType dtype(const std::string& name) const { return value(name).dtype; }
  // The folded constant's values (fails the test if not folded).
  std::vector<int64_t> folded_ints(const std::string& name) const {
    const Value& v = value(name);
    REQUIRE(v.constant);
    REQUIRE(v.constant->materialized());
    return v.constant->to_int64_vector();
  }
  std::vector<double> folded_floats(const std::string& name) const {
    const Value& v = value(name);
    REQUIRE(v.constant);
    REQUIRE(v.constant->materialized());
    std::vector<double> out;
    for (int64_t i = 0; i < v.constant->numel(); ++i) out.push_back(v.constant->float_at(i));
    return out;
  }
  OpCost cost(size_t node_index = 0) const {
    const Node& n = graph.nodes.at(node_index);
    const OpDef* def = find_op(n.domain, n.op_type);
    REQUIRE(def);
    return def->cost ? def->cost(graph, n) : OpCost{};
  }
  bool has_cost(size_t node_index = 0) const {
    const Node& n = graph.nodes.at(node_index);
    return find_op(n.domain, n.op_type)->cost != nullptr;
  }

  Graph graph;
};

// A tensor of `dtype` and `dims` holding `values` (as many bytes as the
// shape needs: checked).
template <typename T>
TensorPtr typed_tensor(DType dtype, const Shape& dims, const std::vector<T>& values) {
  auto t = std::make_shared<Tensor>();
  t->dtype = dtype;
  t->dims = dims;
  t->bytes.resize(t->byte_size());
  REQUIRE(values.size() * sizeof(T) == t->bytes.size());
  std::memcpy(t->bytes.data(), values.data(), t->bytes.size());
  return t;
}

inline Attribute ints_attr(std::vector<int64_t> v) { return Attribute::make_ints(std::move(v)); }
inline Attribute int_attr(int64_t v) { return Attribute::make_int(v); }
inline Attribute float_attr(float v) { return Attribute::make_float(v); }
inline Attribute floats_attr(std::vector<float> v) { return Attribute::make_floats(std::move(v)); }
inline Attribute string_attr(std::string v) { return Attribute::make_string(std::move(v)); }

// Runs `g.infer()` and checks it throws nnslim::Error whose message names the
// node and contains `fragment`.
#define REQUIRE_INFER_FAILS(g, node_name, fragment)                                       \
  do {                                                                                    \
    try {                                                                                 \
      (g).infer();                                                                        \
      FAIL("expected nnslim::Error containing '" << (fragment) << "'");                   \
    } catch (const ::nnslim::Error& e) {                                                  \
      const std::string message = e.what();                                               \
      INFO(message);                                                                      \
      CHECK(message.find(std::string("'") + (node_name) + "'") != std::string::npos);     \
      CHECK(message.find(fragment) != std::string::npos);                                 \
    }                                                                                     \
  } while (0)

}  // namespace test
}  // namespace nnslim
