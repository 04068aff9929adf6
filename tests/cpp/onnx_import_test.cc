// ONNX import: real models (Debian's libonnx-testdata, cross-checked against
// python onnx in tests/data/make_onnx_oracles.py) and small models written
// field by field (typed-field initializers, Constant nodes, shapes).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <dirent.h>
#include <fstream>
#include <map>
#include <sstream>

#include "core/error.h"
#include "error_matchers.h"
#include "onnx/onnx_import.h"
#include "onnx/onnx_tensor.h"
#include "onnx_test_models.h"
#include "test_data.h"

namespace nnslim {
namespace {

using namespace test_onnx;

const std::string kPytorchConverted = test_data::onnx("pytorch-converted");
const std::string kNode = test_data::onnx("node");
// ONNX 1.12's pytorch-converted suite: every one of its models must import.
constexpr size_t kPytorchConvertedModels = 82;

std::vector<std::string> list_dir(const std::string& path) {
  std::vector<std::string> names;
  if (DIR* dir = opendir(path.c_str())) {
    while (dirent* entry = readdir(dir))
      if (entry->d_name[0] != '.') names.emplace_back(entry->d_name);
    closedir(dir);
  }
  std::sort(names.begin(), names.end());
  return names;
}

size_t count_files_with_prefix(const std::string& dir, const std::string& prefix) {
  size_t n = 0;
  for (const std::string& name : list_dir(dir)) n += name.rfind(prefix, 0) == 0;
  return n;
}

int64_t param_count(const Graph& graph) {
  int64_t n = 0;
  for (const Value& v : graph.values)
    if (v.is_param) n += v.constant->numel();
  return n;
}

struct Oracle {
  int64_t params = 0, float_initializer_elements = 0;
  size_t inputs = 0, outputs = 0;
  std::string input0_dims;
  double input0_sum = 0;
};

std::map<std::string, Oracle> read_oracles() {
  std::map<std::string, Oracle> oracles;
  const std::string path = test_data::generated("pytorch_converted_params.tsv");
  test_data::require_exists(path);
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string name;
    Oracle o;
    if (fields >> name >> o.params >> o.float_initializer_elements >> o.inputs >> o.outputs >> o.input0_dims >>
        o.input0_sum)
      oracles[name] = o;
  }
  return oracles;
}

std::string dims_string(const std::vector<int64_t>& dims) {
  if (dims.empty()) return "-";
  std::string s;
  for (size_t i = 0; i < dims.size(); ++i) s += (i ? "x" : "") + std::to_string(dims[i]);
  return s;
}

TEST_CASE("all 82 pytorch-converted models import, with python onnx's param count", "[onnx][import]") {
  test_data::require_exists(kPytorchConverted);
  const std::vector<std::string> models = list_dir(kPytorchConverted);
  REQUIRE(models.size() == kPytorchConvertedModels);
  const std::map<std::string, Oracle> oracles = read_oracles();
  size_t imported = 0;
  for (const std::string& model : models) {
    const std::string dir = kPytorchConverted + "/" + model;
    const std::vector<uint8_t> bytes = test_data::read_bytes(dir + "/model.onnx");
    INFO(model);
    Graph graph;
    try {
      graph = import_onnx(bytes.data(), bytes.size());
    } catch (const Error& e) {
      FAIL_CHECK("import failed: " << e.what());  // an unsupported op too: the suite is in scope
      continue;
    }
    ++imported;
    // The test data's own files: one input_i.pb per graph input that is not an initializer.
    const std::string data_set = dir + "/test_data_set_0";
    CHECK(graph.inputs.size() == count_files_with_prefix(data_set, "input_"));
    CHECK(graph.outputs.size() == count_files_with_prefix(data_set, "output_"));
    CHECK(graph.opset >= 7);
    auto it = oracles.find(model);
    REQUIRE(it != oracles.end());  // tests/data/make_onnx_oracles.py covers every model
    const Oracle& oracle = it->second;
    CHECK(param_count(graph) == oracle.params);
    CHECK(graph.inputs.size() == oracle.inputs);
    CHECK(graph.outputs.size() == oracle.outputs);
    // The first input's declared shape is the shape of its test data.
    if (!graph.inputs.empty() && oracle.input0_dims != "none")
      CHECK(dims_string(graph.value(graph.inputs[0]).shape) == oracle.input0_dims);
  }
  CHECK(imported == kPytorchConvertedModels);
}

TEST_CASE("import: MobileNetV2 with folded BatchNorm has the published weight count", "[onnx][import]") {
  const std::vector<uint8_t> bytes = test_data::read_bytes(test_data::generated("mobilenetv2_folded.onnx"));
  const Graph g = import_onnx(bytes.data(), bytes.size());
  // Keras' MobileNetV2 (3,538,984) - BatchNorm's 4 x 17,056 + one bias per
  // folded channel (17,056): the ReLU6 bounds (rank-0 Clip inputs) are not weights.
  CHECK(param_count(g) == 3487816);
  size_t convs = 0, clips = 0;
  for (const Node& node : g.nodes) {
    convs += node.op_type == "Conv";
    clips += node.op_type == "Clip";
    CHECK(node.op_type != "BatchNormalization");
  }
  CHECK(convs == 52);
  CHECK(clips == 35);
  for (const char* bound : {"relu6_min", "relu6_max"}) {
    const Value& v = g.value(g.find_value(bound));
    CHECK(v.constant->dims.empty());
    CHECK_FALSE(v.is_param);
  }
  REQUIRE(g.inputs.size() == 1);
  CHECK(g.value(g.inputs[0]).shape == Shape{-1, 3, 224, 224});
  CHECK(g.value(g.inputs[0]).dim_params.at(0) == "batch");
  CHECK(g.value(g.outputs.at(0)).shape == Shape{-1, 1000});
}

TEST_CASE("read_onnx_tensor reads ONNX test-data tensors as python onnx does", "[onnx][import]") {
  const std::map<std::string, Oracle> oracles = read_oracles();
  size_t checked = 0;
  for (const auto& entry : oracles) {
    if (entry.second.input0_dims == "none") continue;
    const std::vector<uint8_t> bytes =
        test_data::read_bytes(kPytorchConverted + "/" + entry.first + "/test_data_set_0/input_0.pb");
    INFO(entry.first);
    std::string name;
    TensorPtr t = read_onnx_tensor(bytes.data(), bytes.size(), &name);
    CHECK(dims_string(t->dims) == entry.second.input0_dims);
    double sum = 0;
    for (int64_t i = 0; i < t->numel(); ++i) sum += t->float_at(i);
    CHECK(sum == Approx(entry.second.input0_sum).margin(1e-9).epsilon(1e-12));
    ++checked;
  }
  CHECK(checked > 50);
}

TEST_CASE("import: initializers in typed fields and raw_data", "[onnx][import]") {
  using protozero::pbf_writer;
  const std::vector<int32_t> small_ints = {-3, 0, 7, 100};
  GraphParts parts;
  auto add = [&](const std::string& name, int32_t dtype, const std::vector<int64_t>& dims, const Fill& data) {
    parts.initializers.push_back(tensor(name, dtype, dims, data));
    parts.outputs.push_back(value_info(name, dtype, dims));
  };
  add("f32", 1, {2, 2}, [](pbf_writer& w) {
    const float v[] = {1.5f, -2.f, 0.25f, 8.f};
    w.add_packed_float(4, std::begin(v), std::end(v));
  });
  add("f32_unpacked", 1, {2}, [](pbf_writer& w) { w.add_float(4, 3.f); w.add_float(4, -1.f); });
  add("i32", 6, {4}, [&](pbf_writer& w) { w.add_packed_int32(5, small_ints.begin(), small_ints.end()); });
  add("i8", 3, {4}, [&](pbf_writer& w) { w.add_packed_int32(5, small_ints.begin(), small_ints.end()); });
  add("u8", 2, {2}, [](pbf_writer& w) { w.add_int32(5, 255); w.add_int32(5, 1); });
  add("i16", 5, {2}, [](pbf_writer& w) { w.add_int32(5, -30000); w.add_int32(5, 12); });
  add("u16", 4, {1}, [](pbf_writer& w) { w.add_int32(5, 65535); });
  add("bool", 9, {3}, [](pbf_writer& w) { w.add_int32(5, 1); w.add_int32(5, 0); w.add_int32(5, 1); });
  // float16 bit patterns: 0x3C00 = 1.0, 0xC000 = -2.0.
  add("f16", 10, {2}, [](pbf_writer& w) { w.add_int32(5, 0x3C00); w.add_int32(5, 0xC000); });
  add("i64", 7, {3}, [](pbf_writer& w) {
    const int64_t v[] = {-1, int64_t{1} << 40, 5};
    w.add_packed_int64(7, std::begin(v), std::end(v));
  });
  add("f64", 11, {2}, [](pbf_writer& w) { w.add_double(10, 0.1); w.add_double(10, -1e300); });
  add("u32", 12, {1}, [](pbf_writer& w) { w.add_uint64(11, 4000000000u); });
  add("u64", 13, {1}, [](pbf_writer& w) { w.add_uint64(11, 18000000000000000000u); });
  add("raw", 1, {3}, [](pbf_writer& w) {
    const float v[] = {9.f, -9.f, 0.5f};
    w.add_bytes(9, reinterpret_cast<const char*>(v), sizeof v);
  });
  add("scalar", 1, {}, [](pbf_writer& w) { w.add_float(4, 6.f); });
  add("empty", 1, {0, 3}, [](pbf_writer&) {});
  const std::string m = model(graph(parts));
  Graph g = import_onnx(reinterpret_cast<const uint8_t*>(m.data()), m.size());

  auto tensor_of = [&](const std::string& name) -> const Tensor& {
    const int id = g.find_value(name);
    REQUIRE(id >= 0);
    REQUIRE(g.value(id).constant);
    return *g.value(id).constant;
  };
  CHECK(tensor_of("f32").dims == std::vector<int64_t>{2, 2});
  CHECK(tensor_of("f32").data<float>()[0] == 1.5f);
  CHECK(tensor_of("f32").data<float>()[3] == 8.f);
  CHECK(tensor_of("f32_unpacked").data<float>()[1] == -1.f);
  CHECK(tensor_of("i32").data<int32_t>()[0] == -3);
  CHECK(tensor_of("i8").data<int8_t>()[3] == 100);
  CHECK(tensor_of("i8").byte_size() == 4);
  CHECK(tensor_of("u8").data<uint8_t>()[0] == 255);
  CHECK(tensor_of("i16").data<int16_t>()[0] == -30000);
  CHECK(tensor_of("u16").data<uint16_t>()[0] == 65535);
  CHECK(tensor_of("bool").data<uint8_t>()[2] == 1);
  CHECK(tensor_of("f16").data<uint16_t>()[0] == 0x3C00);
  CHECK(tensor_of("f16").data<uint16_t>()[1] == 0xC000);
  CHECK(tensor_of("i64").data<int64_t>()[1] == int64_t{1} << 40);
  CHECK(tensor_of("f64").data<double>()[1] == -1e300);
  CHECK(tensor_of("u32").data<uint32_t>()[0] == 4000000000u);
  CHECK(tensor_of("u64").data<uint64_t>()[0] == 18000000000000000000u);
  CHECK(tensor_of("raw").data<float>()[2] == 0.5f);
  CHECK(tensor_of("scalar").numel() == 1);
  CHECK(tensor_of("empty").numel() == 0);

  // The parameter rule: float tensors of rank >= 1; integers and scalars are not weights.
  for (const char* name : {"f32", "f32_unpacked", "f16", "f64", "raw", "empty"})
    CHECK(g.value(g.find_value(name)).is_param);
  for (const char* name : {"i32", "i8", "u8", "i64", "u64", "bool", "scalar"})
    CHECK_FALSE(g.value(g.find_value(name)).is_param);
  CHECK(g.outputs.size() == parts.outputs.size());
  CHECK(g.inputs.empty());
}

TEST_CASE("import: Constant nodes become constant values (weights in Constant nodes count)", "[onnx][import]") {
  using protozero::pbf_writer;
  const std::vector<float> weight(2 * 3 * 3 * 3, 0.5f);
  GraphParts parts;
  parts.nodes.push_back(node("Constant", "w_const", {}, {"W"},
                             {attribute("value", 4, [&](pbf_writer& w) {
                               w.add_message(5, raw_float_tensor("", {2, 3, 3, 3}, weight));
                             })}));
  parts.nodes.push_back(node("Constant", "", {}, {"B"}, {attribute("value_floats", 6, [](pbf_writer& w) {
                               const float v[] = {0.1f, 0.2f};
                               w.add_packed_float(7, std::begin(v), std::end(v));
                             })}));
  parts.nodes.push_back(node("Constant", "", {}, {"eps"}, {attribute("value_float", 1, [](pbf_writer& w) { w.add_float(2, 1e-5f); })}));
  parts.nodes.push_back(node("Constant", "", {}, {"k"}, {attribute("value_int", 2, [](pbf_writer& w) { w.add_int64(3, 7); })}));
  parts.nodes.push_back(node("Constant", "", {}, {"shape"}, {attribute("value_ints", 7, [](pbf_writer& w) {
                               const int64_t v[] = {1, -1};
                               w.add_packed_int64(8, std::begin(v), std::end(v));
                             })}));
  parts.nodes.push_back(node("Conv", "", {"X", "W", "B"}, {"Y"}));
  parts.inputs.push_back(value_info("X", 1, {-1, 3, 8, 8}));
  parts.outputs.push_back(value_info("Y", 1, {-1, 2, 6, 6}));
  const std::string m = model(graph(parts));
  Graph g = import_onnx(reinterpret_cast<const uint8_t*>(m.data()), m.size());

  REQUIRE(g.nodes.size() == 1);  // the Constant nodes are gone
  const Node& conv = g.nodes[0];
  CHECK(conv.op_type == "Conv");
  CHECK(conv.name == "Conv_5");  // unnamed: "<OpType>_<index in the ONNX graph>"
  const Value& w = g.value(conv.inputs[1]);
  REQUIRE(w.constant);
  CHECK(w.is_param);
  CHECK(w.shape == Shape{2, 3, 3, 3});
  CHECK(w.constant->data<float>()[53] == 0.5f);
  CHECK(g.value(conv.inputs[2]).is_param);
  CHECK(g.value(conv.inputs[2]).constant->data<float>()[1] == 0.2f);
  CHECK(param_count(g) == 54 + 2);
  const Value& eps = g.value(g.find_value("eps"));
  CHECK(eps.constant->dims.empty());
  CHECK_FALSE(eps.is_param);  // a rank-0 literal
  CHECK(g.value(g.find_value("k")).constant->int_at(0) == 7);
  CHECK(g.value(g.find_value("shape")).constant->to_int64_vector() == std::vector<int64_t>{1, -1});
  CHECK_FALSE(g.value(g.find_value("shape")).is_param);

  // Graph input: symbolic batch dim with its name; output type from the file.
  const Value& x = g.value(g.inputs.at(0));
  CHECK(x.shape == Shape{-1, 3, 8, 8});
  CHECK(x.dim_params == std::vector<std::string>{"N", "", "", ""});
  CHECK(g.value(g.outputs.at(0)).shape == Shape{-1, 2, 6, 6});
  CHECK(g.value(g.outputs.at(0)).dtype == DType::Float32);
}

TEST_CASE("import: initializers listed among graph inputs are not inputs; value_info types", "[onnx][import]") {
  GraphParts parts;
  parts.initializers.push_back(raw_float_tensor("W", {4, 3}, std::vector<float>(12, 1.f)));
  parts.inputs.push_back(value_info("X", 1, {2, 3}));
  parts.inputs.push_back(value_info("W", 1, {4, 3}));  // IR < 4 style
  parts.nodes.push_back(node("Gemm", "fc", {"X", "W"}, {"H"}, {attribute("transB", 2, [](protozero::pbf_writer& w) { w.add_int64(3, 1); })}));
  parts.nodes.push_back(node("Gemm", "fc2", {"H", "W2"}, {"Y"}));
  parts.initializers.push_back(raw_float_tensor("W2", {4, 5}, std::vector<float>(20, 2.f)));
  parts.value_infos.push_back(value_info("H", 1, {2, 4}));
  parts.outputs.push_back(value_info("Y", 1, {2, 5}));
  const std::string m = model(graph(parts, "mlp"), 9);
  Graph g = import_onnx(reinterpret_cast<const uint8_t*>(m.data()), m.size());
  CHECK(g.name == "mlp");
  CHECK(g.opset == 9);
  REQUIRE(g.inputs.size() == 1);
  CHECK(g.value(g.inputs[0]).name == "X");
  CHECK(g.value(g.find_value("H")).shape == Shape{2, 4});
  CHECK(g.value(g.find_value("H")).has_shape);
  CHECK(g.nodes[0].attr_int("transB", 0) == 1);
  CHECK(param_count(g) == 32);
}

TEST_CASE("import: BatchNorm moving statistics are non-trainable params", "[onnx][import]") {
  const std::vector<uint8_t> bytes = test_data::read_bytes(kPytorchConverted + "/test_BatchNorm2d_eval/model.onnx");
  Graph g = import_onnx(bytes.data(), bytes.size());
  REQUIRE(g.nodes.size() == 1);
  const Node& bn = g.nodes[0];
  CHECK(g.value(bn.inputs[1]).trainable);   // scale
  CHECK(g.value(bn.inputs[2]).trainable);   // bias
  CHECK_FALSE(g.value(bn.inputs[3]).trainable);  // mean
  CHECK_FALSE(g.value(bn.inputs[4]).trainable);  // variance
  CHECK_FALSE(bn.has_attr("is_test"));  // opset 6 -> 7
  CHECK(g.opset == 7);
}

TEST_CASE("import: opset 6 models are rewritten to opset 7 semantics", "[onnx][import]") {
  const std::vector<uint8_t> linear = test_data::read_bytes(kPytorchConverted + "/test_Linear/model.onnx");
  const std::vector<uint8_t> prelu = test_data::read_bytes(kPytorchConverted + "/test_PReLU_2d_multiparam/model.onnx");
  Graph gemm = import_onnx(linear.data(), linear.size());
  CHECK_FALSE(gemm.nodes.at(0).has_attr("broadcast"));
  CHECK(gemm.nodes.at(0).attr_int("transB", 0) == 1);
  Graph g = import_onnx(prelu.data(), prelu.size());
  REQUIRE(g.nodes.at(0).op_type == "PRelu");
  // X is [2, 3, 4, 5]; opset 6's per-channel slope [3] becomes [3, 1, 1].
  CHECK(g.value(g.nodes.at(0).inputs.at(1)).constant->dims == std::vector<int64_t>{3, 1, 1});
  CHECK(g.value(g.nodes.at(0).inputs.at(1)).shape == Shape{3, 1, 1});
}

TEST_CASE("import: opsets 1..5 keep ops whose meaning did not change; others name the node", "[onnx][import]") {
  // ONNX's own opset-1 GlobalMaxPool case, then a Reshape whose opset-1..4
  // form took the shape as an attribute.
  const std::vector<uint8_t> pool = test_data::read_bytes(kNode + "/test_globalmaxpool/model.onnx");
  Graph g = import_onnx(pool.data(), pool.size());
  CHECK(g.opset == 7);
  CHECK(g.nodes.at(0).op_type == "GlobalMaxPool");
  GraphParts parts;
  parts.inputs.push_back(value_info("x", 1, {2, 3}));
  parts.nodes.push_back(node("Reshape", "old_reshape", {"x"}, {"y"}));
  parts.outputs.push_back(value_info("y", 1, {6}));
  const std::string m = model(graph(parts), 4);
  CHECK_THROWS_MATCHES(
      import_onnx(reinterpret_cast<const uint8_t*>(m.data()), m.size()), Error,
      test::IsError(ErrorCode::UnsupportedOp, {"old_reshape", "Reshape at ai.onnx opset 4 is not supported"}));
}

TEST_CASE("import: opset range", "[onnx][import]") {
  GraphParts parts;
  parts.initializers.push_back(raw_float_tensor("c", {1}, {1.f}));
  parts.outputs.push_back(value_info("c", 1, {1}));
  for (int64_t opset : {0, 22}) {
    const std::string m = model(graph(parts), opset);
    CHECK_THROWS_MATCHES(import_onnx(reinterpret_cast<const uint8_t*>(m.data()), m.size()), Error,
                         test::IsError(ErrorCode::UnsupportedOp, {str("opset ", opset, " is not supported")}));
  }
  for (int64_t opset : {1, 5}) {  // upgraded: 1..5 -> 6 -> 7
    const std::string m = model(graph(parts), opset);
    CHECK(import_onnx(reinterpret_cast<const uint8_t*>(m.data()), m.size()).opset == 7);
  }
  for (int64_t opset : {7, 13, 21}) {
    const std::string m = model(graph(parts), opset);
    CHECK(import_onnx(reinterpret_cast<const uint8_t*>(m.data()), m.size()).opset == opset);
  }
}

}  // namespace
}  // namespace nnslim
