// ONNX export: a graph built in C++ survives export -> import unchanged
// (values, shapes, symbolic dims, attributes of every kind, initializer bytes),
// and a real model re-exports to the same bytes.
#include <catch2/catch.hpp>

#include "onnx/onnx_export.h"
#include "onnx/onnx_import.h"
#include "onnx/onnx_tensor.h"
#include "onnx_test_models.h"
#include "test_data.h"

namespace nnslim {
namespace {

Graph reimport(const Graph& graph) {
  const std::vector<uint8_t> bytes = export_onnx(graph);
  return import_onnx(bytes.data(), bytes.size());
}

bool same_tensor(const Tensor& a, const Tensor& b) {
  return a.dtype == b.dtype && a.dims == b.dims && a.bytes == b.bytes;
}

bool same_attribute(const Attribute& a, const Attribute& b) {
  if (a.kind != b.kind || a.f != b.f || a.i != b.i || a.s != b.s || a.floats != b.floats || a.ints != b.ints ||
      a.strings != b.strings || a.tensors.size() != b.tensors.size() || bool(a.t) != bool(b.t))
    return false;
  if (a.t && !same_tensor(*a.t, *b.t)) return false;
  for (size_t i = 0; i < a.tensors.size(); ++i)
    if (!same_tensor(*a.tensors[i], *b.tensors[i])) return false;
  return true;
}

// Compares by value names, so that value ids may differ.
void check_same_graph(const Graph& a, const Graph& b) {
  CHECK(a.name == b.name);
  CHECK(a.opset == b.opset);
  REQUIRE(a.nodes.size() == b.nodes.size());
  auto names = [](const Graph& g, const std::vector<int>& ids) {
    std::vector<std::string> out;
    for (int id : ids) out.push_back(id < 0 ? std::string("<none>") : g.value(id).name);
    return out;
  };
  for (size_t n = 0; n < a.nodes.size(); ++n) {
    const Node& x = a.nodes[n];
    const Node& y = b.nodes[n];
    INFO(x.describe());
    CHECK(x.name == y.name);
    CHECK(x.op_type == y.op_type);
    CHECK(x.domain == y.domain);
    CHECK(names(a, x.inputs) == names(b, y.inputs));
    CHECK(names(a, x.outputs) == names(b, y.outputs));
    REQUIRE(x.attrs.size() == y.attrs.size());
    for (const auto& entry : x.attrs) {
      INFO("attribute " << entry.first);
      REQUIRE(y.attrs.count(entry.first) == 1);
      CHECK(same_attribute(entry.second, y.attrs.at(entry.first)));
    }
  }
  CHECK(names(a, a.inputs) == names(b, b.inputs));
  CHECK(names(a, a.outputs) == names(b, b.outputs));
  for (const Value& v : a.values) {
    if (v.name.empty()) continue;
    INFO("value " << v.name);
    const int id = b.find_value(v.name);
    REQUIRE(id >= 0);
    const Value& w = b.value(id);
    CHECK(v.dtype == w.dtype);
    CHECK(v.has_shape == w.has_shape);
    CHECK(v.shape == w.shape);
    CHECK(v.dim_params == w.dim_params);
    CHECK(v.is_param == w.is_param);
    CHECK(v.trainable == w.trainable);
    REQUIRE(bool(v.constant) == bool(w.constant));
    if (v.constant) {
      Tensor expected = *v.constant;
      expected.materialize();
      CHECK(same_tensor(expected, *w.constant));
    }
  }
}

TensorPtr he_weight(std::vector<int64_t> dims, int64_t fan_in, uint64_t seed) {
  auto t = std::make_shared<Tensor>();
  t->dtype = DType::Float32;
  t->dims = std::move(dims);
  t->init = WeightInit::HeNormal;
  t->fan_in = fan_in;
  t->seed = seed;
  return t;
}

Graph small_cnn() {
  Graph g;
  g.name = "small_cnn";
  g.opset = 13;
  const int x = g.add_value("input");
  g.value(x).dtype = DType::Float32;
  g.value(x).shape = {-1, 3, 8, 8};
  g.value(x).has_shape = true;
  g.value(x).dim_params = {"batch", "", "", ""};
  g.inputs.push_back(x);

  const int w = g.add_constant("conv.weight", he_weight({4, 3, 3, 3}, 27, 42), true);  // unmaterialized
  const int b = g.add_constant("conv.bias", Tensor::from_float({0.5f, -0.5f, 1.f, 2.f}, {4}), true);
  Node conv;
  conv.name = "conv";
  conv.op_type = "Conv";
  conv.inputs = {x, w, b};
  conv.outputs = {g.add_value("conv_out")};
  conv.attrs["pads"] = Attribute::make_ints({1, 1, 1, 1});
  conv.attrs["strides"] = Attribute::make_ints({1, 1});
  conv.attrs["auto_pad"] = Attribute::make_string("NOTSET");
  conv.attrs["nnslim_scale"] = Attribute::make_float(0.125f);
  conv.attrs["group"] = Attribute::make_int(1);
  conv.attrs["nnslim_floats"] = Attribute::make_floats({1.f, -2.5f, 3e-8f});
  conv.attrs["nnslim_tensor"] = Attribute::make_tensor(Tensor::from_int64({3, -4}, {2}));
  Attribute strings;
  strings.kind = Attribute::Kind::Strings;
  strings.strings = {"a", "", std::string("b\0c", 3)};
  conv.attrs["nnslim_strings"] = strings;
  Attribute tensors;
  tensors.kind = Attribute::Kind::Tensors;
  tensors.tensors = {Tensor::from_float({1.f}, {}), Tensor::from_int64({}, {0})};
  conv.attrs["nnslim_tensors"] = tensors;
  g.value(conv.outputs[0]).dtype = DType::Float32;
  g.value(conv.outputs[0]).shape = {-1, 4, 8, 8};
  g.value(conv.outputs[0]).has_shape = true;
  g.value(conv.outputs[0]).dim_params = {"batch", "", "", ""};
  g.add_node(conv);

  const int scale = g.add_constant("bn.scale", Tensor::from_float({1, 1, 1, 1}, {4}), true);
  const int shift = g.add_constant("bn.shift", Tensor::from_float({0, 0, 0, 0}, {4}), true);
  const int mean = g.add_constant("bn.mean", Tensor::from_float({0.1f, 0.2f, 0.3f, 0.4f}, {4}), true);
  const int var = g.add_constant("bn.var", Tensor::from_float({1, 2, 3, 4}, {4}), true);
  g.value(mean).trainable = false;
  g.value(var).trainable = false;
  Node bn;
  bn.name = "bn";
  bn.op_type = "BatchNormalization";
  bn.inputs = {conv.outputs[0], scale, shift, mean, var};
  bn.outputs = {g.add_value("output")};
  bn.attrs["epsilon"] = Attribute::make_float(1e-3f);
  g.value(bn.outputs[0]).dtype = DType::Float32;
  g.add_node(bn);
  g.outputs.push_back(bn.outputs[0]);
  g.add_constant("unused_shape", Tensor::from_int64({1, 2, 3}, {3}), false);
  return g;
}

TEST_CASE("export -> import round trip of a graph built in C++", "[onnx][export]") {
  const Graph original = small_cnn();
  const Graph back = reimport(original);
  check_same_graph(original, back);
  // The unmaterialized He weight was written as its materialized values.
  const Tensor& w = *back.value(back.find_value("conv.weight")).constant;
  REQUIRE(w.bytes.size() == 4 * 3 * 3 * 3 * sizeof(float));
  Tensor expected = *original.value(original.find_value("conv.weight")).constant;
  expected.materialize();
  CHECK(w.bytes == expected.bytes);
  CHECK(back.producer_name == "nnslim");
  // Export is deterministic and a fixed point after one round trip.
  CHECK(export_onnx(back) == export_onnx(original));
}

TEST_CASE("export: unnamed values get names, optional outputs stay empty", "[onnx][export]") {
  Graph g;
  g.opset = 13;
  const int x = g.add_value("x");
  g.value(x).dtype = DType::Float32;
  g.value(x).shape = {2, 4};
  g.value(x).has_shape = true;
  g.inputs.push_back(x);
  const int w = g.add_constant("w", Tensor::from_float(std::vector<float>(8, 1.f), {4, 2}), true);
  Node fc;
  fc.op_type = "Gemm";
  fc.name = "fc";
  fc.inputs = {x, w, -1};
  fc.outputs = {g.add_value("")};  // anonymous, consumed below
  g.add_node(fc);
  Node fc2;
  fc2.op_type = "Gemm";
  fc2.name = "fc2";
  fc2.inputs = {fc.outputs[0], g.add_constant("w2", Tensor::from_float({1, 2, 3, 4}, {2, 2}), true)};
  fc2.outputs = {g.add_value("y")};
  g.add_node(fc2);
  g.outputs.push_back(fc2.outputs[0]);
  const Graph back = reimport(g);
  REQUIRE(back.nodes.size() == 2);
  CHECK(back.nodes[0].inputs.size() == 3);
  CHECK(back.nodes[0].inputs[2] == -1);
  const std::string hidden = back.value(back.nodes[0].outputs[0]).name;
  CHECK_FALSE(hidden.empty());
  CHECK(back.value(back.nodes[1].inputs[0]).name == hidden);
}

TEST_CASE("export: a real model re-exports to a fixed point", "[onnx][export]") {
  const std::vector<uint8_t> bytes = test_data::read_bytes(test_data::onnx("pytorch-converted/test_Conv2d/model.onnx"));
  const Graph imported = import_onnx(bytes.data(), bytes.size());
  const Graph back = reimport(imported);
  check_same_graph(imported, back);
  CHECK(export_onnx(back) == export_onnx(imported));
}

TEST_CASE("write_onnx_tensor / read_onnx_tensor round trip", "[onnx][export]") {
  auto t = std::make_shared<Tensor>();
  t->dtype = DType::Int16;
  t->dims = {2, 3};
  const int16_t values[] = {-32768, -1, 0, 1, 2, 32767};
  t->bytes.assign(reinterpret_cast<const uint8_t*>(values), reinterpret_cast<const uint8_t*>(values) + sizeof values);
  const std::vector<uint8_t> bytes = write_onnx_tensor(*t, "t16");
  std::string name;
  TensorPtr back = read_onnx_tensor(bytes.data(), bytes.size(), &name);
  CHECK(name == "t16");
  CHECK(back->dtype == DType::Int16);
  CHECK(back->dims == t->dims);
  CHECK(back->bytes == t->bytes);
}

}  // namespace
}  // namespace nnslim
