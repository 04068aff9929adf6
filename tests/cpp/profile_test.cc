// The profiler's totals and JSON on models whose figures follow by hand from
// the MAC rules of docs/profiling.md.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "builder/builder.h"
#include "error_matchers.h"
#include "report/profile.h"
#include "test_data.h"

using namespace nnslim;

namespace {

// Dense 3 -> 5 -> 8 -> 10 -> 15 -> 4 (the lecture "The art of speed"'s model).
const char* kSeedDenseSpec = R"({
  "name": "sequential",
  "inputs": [{"name": "input_1", "shape": [3]}],
  "layers": [
    {"name": "dense", "type": "dense", "inbound": ["input_1"], "config": {"units": 5, "activation": "relu"}},
    {"name": "dense_1", "type": "dense", "inbound": ["dense"], "config": {"units": 8, "activation": "relu"}, "trainable": false},
    {"name": "dense_2", "type": "dense", "inbound": ["dense_1"], "config": {"units": 10, "activation": "relu"}, "trainable": false},
    {"name": "dense_3", "type": "dense", "inbound": ["dense_2"], "config": {"units": 15, "activation": "relu"}},
    {"name": "dense_4", "type": "dense", "inbound": ["dense_3"], "config": {"units": 4, "activation": "softmax"}}
  ]
})";

}  // namespace

TEST_CASE("profile: Dense MACs, FLOPs, bytes and peak memory by hand", "[profile]") {
  const Graph g = build_graph_from_spec(kSeedDenseSpec);
  const int64_t batch = 4;
  const ModelProfile p = profile_graph(g, batch);
  // MACs per sample = sum of in * out = 15 + 40 + 80 + 150 + 60 = 345.
  REQUIRE(p.macs == batch * 345);
  REQUIRE(p.flops == 2 * p.macs);
  // Elementwise: bias add + activation per output, 2 * (5 + 8 + 10 + 15 + 4) per sample,
  // except that softmax may count more than one op per element: at least that many.
  REQUIRE(p.elementwise_ops >= batch * 2 * 42);
  REQUIRE(p.weight_bytes == 387 * 4);
  REQUIRE(p.weight_bytes_by_dtype.at("float32") == 387 * 4);
  // Activations: every Gemm and activation output, float32: 2 * 42 floats per sample.
  REQUIRE(p.activation_bytes == batch * 2 * 42 * 4);
  // A chain: the live set at a node is its input and its output. The largest
  // pair is dense_3's Gemm and ReLU outputs: 2 * 15 floats * 4 samples * 4 B = 480.
  REQUIRE(p.peak_memory_bytes == 480);
  REQUIRE(p.layers[0].macs == batch * 15);
  REQUIRE(p.layers[4].flops == 2 * batch * 60);
}

TEST_CASE("profile: JSON has the documented camelCase keys", "[profile]") {
  const Graph g = build_graph_from_spec(kSeedDenseSpec);
  const nlohmann::json j = nlohmann::json::parse(profile_to_json(profile_graph(g, 2)));
  REQUIRE(j["batchSize"] == 2);
  REQUIRE(j["params"]["total"] == 387);
  REQUIRE(j["params"]["trainable"] == 249);
  REQUIRE(j["params"]["nonTrainable"] == 138);
  REQUIRE(j["macs"] == 2 * 345);
  REQUIRE(j["flops"] == 4 * 345);
  REQUIRE(j["weightBytes"]["total"] == 387 * 4);
  REQUIRE(j["weightBytes"]["byDtype"]["float32"] == 387 * 4);
  REQUIRE(j.contains("activationBytes"));
  REQUIRE(j.contains("peakMemoryBytes"));
  REQUIRE(j.contains("elementwiseOps"));
  REQUIRE(j["layers"].size() == 5);
  const nlohmann::json& last = j["layers"][4];
  REQUIRE(last["name"] == "dense_4");
  REQUIRE(last["type"] == "Dense");
  REQUIRE(last["outputShape"] == nlohmann::json::parse("[null, 4]"));
  REQUIRE(last["params"] == 64);
  REQUIRE(last["trainableParams"] == 64);
  REQUIRE(j["layers"][1]["nonTrainableParams"] == 48);
  REQUIRE(last["sparsity"] == 0);
}

TEST_CASE("profile: a static batch prints as a number, params count once when shared", "[profile]") {
  // A hand-made graph (like an ONNX import): no layers, one weight read twice.
  Graph g;
  const int x = g.add_value("x");
  g.value(x).dtype = DType::Float32;
  g.value(x).shape = {2, 6};
  g.value(x).has_shape = true;
  g.inputs = {x};
  const int w = g.add_constant("w", Tensor::from_float(std::vector<float>(36, 0.f), {6, 6}), true);
  g.value(w).constant->bytes.assign(36 * 4, 0);
  float* data = g.value(w).constant->data<float>();
  for (int i = 0; i < 36; i += 4) data[i] = 1.f;  // 9 of 36 non-zero
  auto gemm = [&](const std::string& name, int in) {
    Node n;
    n.name = name;
    n.op_type = "Gemm";
    n.inputs = {in, w};
    n.outputs = {g.add_value(name + "_out")};
    g.add_node(n);
    return n.outputs[0];
  };
  g.outputs = {gemm("second", gemm("first", x))};
  const ModelProfile p = profile_graph(g, 7);  // no symbolic dim: batch stays 2
  REQUIRE(p.params == 36);
  REQUIRE(p.layers.size() == 2);
  REQUIRE(p.layers[0].name == "first");
  REQUIRE(p.layers[0].type == "Gemm");
  REQUIRE(p.layers[0].params == 36);
  REQUIRE(p.layers[1].params == 0);
  REQUIRE(p.layers[0].sparsity == Approx(27.0 / 36));
  REQUIRE(p.macs == 2 * (2 * 6 * 6));
  REQUIRE(p.layers[1].output_shape == Shape{2, 6});
  const std::string text = format_summary(g);
  REQUIRE_THAT(text, Catch::Contains("first (Gemm)") && Catch::Contains("(2, 6)") &&
                         Catch::Contains("Total params: 36\n"));
}

TEST_CASE("profile: thousands separators in the summary totals", "[profile][summary]") {
  // Dense 1000 -> 1000: 1,001,000 params.
  const Graph g = build_graph_from_spec(R"({"name": "wide", "weights": "none",
    "inputs": [{"name": "x", "shape": [1000]}],
    "layers": [{"name": "dense", "type": "dense", "inbound": ["x"], "config": {"units": 1000}}]})");
  const std::string text = format_summary(g);
  REQUIRE_THAT(text, Catch::StartsWith("Model: \"wide\"") && Catch::Contains("Total params: 1,001,000\n") &&
                         Catch::Contains("Trainable params: 1,001,000\n") && Catch::Contains("Non-trainable params: 0\n"));
}

TEST_CASE("profile: batch size must be positive", "[profile]") {
  REQUIRE_THROWS_MATCHES(profile_graph(build_graph_from_spec(kSeedDenseSpec), 0), Error,
                         test::IsError(ErrorCode::InvalidArgument, {"batch size"}));
}

#include <vector>

#include "onnx/onnx_import.h"

namespace nnslim {
namespace {

// The BN-folded MobileNetV2 ONNX file (tests/data/gen_mobilenetv2_onnx.py):
// Keras' 3,538,984 params less BN's 68,224 plus 17,056 conv biases, and the
// same 300,774,272 MACs as Keras' MobileNetV2 (folding changes no product).
TEST_CASE("profile: MobileNetV2 as a BN-folded ONNX file: 3,487,816 params, 300,774,272 MACs", "[profile][onnx]") {
  const std::vector<uint8_t> bytes = test_data::read_bytes(test_data::generated("mobilenetv2_folded.onnx"));
  const ModelProfile profile = profile_graph(import_onnx(bytes.data(), bytes.size()), 1);
  CHECK(profile.params == 3487816);
  CHECK(profile.trainable_params == 3487816);
  CHECK(profile.macs == 300774272);
  CHECK(profile.flops == 2 * profile.macs);
  CHECK(profile.weight_bytes == 4 * 3487816);
}

}  // namespace
}  // namespace nnslim
