// The builder: layer spec -> graph. Oracles are Keras' own figures (the Dense
// model of the lecture "The art of speed") and closed-form layer arithmetic.
#include <catch2/catch.hpp>

#include <cmath>

#include "builder/builder.h"
#include "error_matchers.h"
#include "report/profile.h"

using namespace nnslim;

namespace {

// The model of the lecture "The art of speed": keras.Sequential of Dense 5, 8, 10, 15, 4 on a
// 3-feature input, layers 2 and 3 trainable=False.
const char* kSeedDenseSpec = R"({
  "name": "sequential", "weights": "none",
  "inputs": [{"name": "input_1", "shape": [3]}],
  "layers": [
    {"name": "dense", "type": "dense", "inbound": ["input_1"], "config": {"units": 5, "activation": "relu"}},
    {"name": "dense_1", "type": "dense", "inbound": ["dense"], "config": {"units": 8, "activation": "relu"}, "trainable": false},
    {"name": "dense_2", "type": "dense", "inbound": ["dense_1"], "config": {"units": 10, "activation": "relu"}, "trainable": false},
    {"name": "dense_3", "type": "dense", "inbound": ["dense_2"], "config": {"units": 15, "activation": "relu"}},
    {"name": "dense_4", "type": "dense", "inbound": ["dense_3"], "config": {"units": 4, "activation": "softmax"}}
  ],
  "outputs": ["dense_4"]
})";

std::string image_spec(const std::string& layers, const std::string& outputs, const std::string& shape = "[32, 32, 3]") {
  return R"({"weights": "he", "seed": 7, "inputs": [{"name": "image", "shape": )" + shape +
         R"(}], "layers": [)" + layers + R"(], "outputs": )" + outputs + "}";
}

const LayerProfile& layer_named(const ModelProfile& p, const std::string& name) {
  for (const LayerProfile& l : p.layers)
    if (l.name == name) return l;
  FAIL("no layer " << name);
  return p.layers.front();
}

}  // namespace

TEST_CASE("builder: the seed's Dense model has Keras' parameter counts", "[builder]") {
  const Graph g = build_graph_from_spec(kSeedDenseSpec);
  const ModelProfile p = profile_graph(g, 1);
  REQUIRE(p.layers.size() == 5);
  const int64_t expected[] = {20, 48, 90, 165, 64};  // (in + 1) * units
  for (size_t i = 0; i < 5; ++i) {
    INFO("layer " << p.layers[i].name);
    REQUIRE(p.layers[i].type == "Dense");
    REQUIRE(p.layers[i].params == expected[i]);
  }
  REQUIRE(p.params == 387);
  REQUIRE(p.trainable_params == 249);
  REQUIRE(p.non_trainable_params == 138);
  REQUIRE(layer_named(p, "dense_1").non_trainable_params == 48);
  REQUIRE(layer_named(p, "dense_2").trainable_params == 0);
  REQUIRE(layer_named(p, "dense_4").output_shape == Shape{-1, 4});
}

TEST_CASE("builder: the seed's Dense summary has Keras' rows and totals", "[builder][summary]") {
  const std::string text = format_summary(build_graph_from_spec(kSeedDenseSpec));
  INFO(text);
  CHECK_THAT(text, Catch::Contains("Layer (type)") && Catch::Contains("Output Shape") && Catch::Contains("Param #"));
  const char* rows[] = {"dense (Dense)", "(None, 5)", "20", "dense_1 (Dense)", "(None, 8)", "48",
                        "dense_2 (Dense)", "(None, 10)", "90", "dense_3 (Dense)", "(None, 15)", "165",
                        "dense_4 (Dense)", "(None, 4)", "64"};
  // Each row, in order, with its shape and count on the same line.
  size_t pos = 0;
  for (size_t r = 0; r < 5; ++r) {
    const size_t at = text.find(std::string(" ") + rows[3 * r] + " ", pos);
    REQUIRE(at != std::string::npos);
    const std::string line = text.substr(at, text.find('\n', at) - at);
    CHECK_THAT(line, Catch::Contains(rows[3 * r + 1]) && Catch::EndsWith(rows[3 * r + 2]));
    pos = at + 1;
  }
  CHECK_THAT(text, Catch::Contains("Total params: 387\nTrainable params: 249\nNon-trainable params: 138\n"));
  CHECK_THAT(text, !Catch::Contains("Transpose"));
}

TEST_CASE("builder: weights stay unmaterialized until asked for", "[builder]") {
  const Graph g = build_graph_from_spec(
      image_spec(R"({"name": "c", "type": "conv2d", "inbound": ["image"], "config": {"filters": 64, "kernelSize": 3}})",
                 R"(["c"])"));
  int params = 0;
  for (const Value& v : g.values) {
    if (!v.is_param) continue;
    ++params;
    REQUIRE(v.constant);
    REQUIRE_FALSE(v.constant->materialized());
    REQUIRE(v.constant->bytes.capacity() == 0);
  }
  REQUIRE(params == 2);
  // He init: N(0, 2 / fan_in) with fan_in = 3 * 3 * 3, truncated at 2 sigma.
  const Value& kernel = g.value(g.find_value("c/kernel"));
  REQUIRE(kernel.shape == Shape{64, 3, 3, 3});
  Tensor copy = *kernel.constant;
  copy.materialize();
  double sum = 0, sum_sq = 0, max_abs = 0;
  const float* w = copy.data<float>();
  for (int64_t i = 0; i < copy.numel(); ++i) {
    sum += w[i];
    sum_sq += double(w[i]) * w[i];
    max_abs = std::max(max_abs, std::fabs(double(w[i])));
  }
  const double n = double(copy.numel()), sigma = std::sqrt(2.0 / 27);
  CHECK(std::fabs(sum / n) < 0.1 * sigma);
  // A normal truncated at +-2 sigma has variance 0.774 sigma^2.
  CHECK(std::sqrt(sum_sq / n) == Approx(0.88 * sigma).epsilon(0.08));
  CHECK(max_abs <= 2 * sigma + 1e-6);
  Tensor bias = *g.value(g.find_value("c/bias")).constant;
  bias.materialize();
  for (int64_t i = 0; i < bias.numel(); ++i) REQUIRE(bias.data<float>()[i] == 0.f);
}

TEST_CASE("builder: the same seed gives the same weights, another seed others", "[builder]") {
  auto first_weight = [](const std::string& seed) {
    Graph g = build_graph_from_spec(R"({"seed": )" + seed +
                                    R"(, "inputs": [{"name": "x", "shape": [4]}], "layers": [{"name": "d", "type": "dense", "inbound": ["x"], "config": {"units": 3}}]})");
    Tensor t = *g.value(g.find_value("d/kernel")).constant;
    t.materialize();
    return std::vector<float>(t.data<float>(), t.data<float>() + t.numel());
  };
  REQUIRE(first_weight("1") == first_weight("1"));
  REQUIRE(first_weight("1") != first_weight("2"));
}

TEST_CASE("builder: images are NHWC outside, NCHW inside", "[builder]") {
  const Graph g = build_graph_from_spec(image_spec(
      R"({"name": "conv", "type": "conv2d", "inbound": ["image"], "config": {"filters": 8, "kernelSize": 3, "strides": 2, "padding": "same", "activation": "relu6"}},
         {"name": "pool", "type": "maxPooling2d", "inbound": ["conv"], "config": {"poolSize": 2}},
         {"name": "flat", "type": "flatten", "inbound": ["pool"]})",
      R"(["flat"])"));
  REQUIRE(g.display_channels_last);
  REQUIRE(g.value(g.inputs[0]).shape == Shape{-1, 32, 32, 3});
  REQUIRE(g.value(g.inputs[0]).dim_params[0] == "batch");
  REQUIRE(g.nodes[0].op_type == "Transpose");
  REQUIRE(g.nodes[0].layer == kHiddenLayer);
  const ModelProfile p = profile_graph(g, 2);
  REQUIRE(p.layers.size() == 3);
  // 'same' with stride 2: ceil(32 / 2) = 16; the pool halves again.
  REQUIRE(layer_named(p, "conv").output_shape == Shape{-1, 16, 16, 8});
  REQUIRE(layer_named(p, "pool").output_shape == Shape{-1, 8, 8, 8});
  REQUIRE(layer_named(p, "flat").output_shape == Shape{-1, 512});
  // MACs = N * Hout * Wout * Cout * Cin * kh * kw = 2 * 16 * 16 * 8 * 3 * 9.
  REQUIRE(layer_named(p, "conv").macs == 2 * 16 * 16 * 8 * 3 * 9);
  REQUIRE(layer_named(p, "conv").params == 8 * 3 * 9 + 8);
  REQUIRE(layer_named(p, "pool").macs == 0);
  // relu6 is Clip with constant (non-parameter) bounds.
  bool saw_clip = false;
  for (const Node& n : g.nodes)
    if (n.op_type == "Clip") {
      saw_clip = true;
      REQUIRE(n.layer == "conv");
      REQUIRE(n.layer_type == "Conv2D");
      REQUIRE_FALSE(g.value(n.inputs[1]).is_param);
      REQUIRE_FALSE(g.value(n.inputs[2]).is_param);
    }
  REQUIRE(saw_clip);
  // Flatten follows Keras' (H, W, C) order: a Transpose back to NHWC first.
  bool saw_nhwc = false;
  for (const Node& n : g.nodes)
    if (n.layer == "flat" && n.op_type == "Transpose") saw_nhwc = n.attrs.at("perm").ints == std::vector<int64_t>{0, 2, 3, 1};
  REQUIRE(saw_nhwc);
}

TEST_CASE("builder: depthwise, batch norm, padding, add and concatenate", "[builder]") {
  const Graph g = build_graph_from_spec(image_spec(
      R"({"name": "pad", "type": "zeroPadding2d", "inbound": ["image"], "config": {"padding": [[0, 1], [0, 1]]}},
         {"name": "dw", "type": "depthwiseConv2d", "inbound": ["pad"], "config": {"kernelSize": 3, "strides": 2, "depthMultiplier": 2, "useBias": false}},
         {"name": "bn", "type": "batchNormalization", "inbound": ["dw"], "trainable": false},
         {"name": "a", "type": "conv2d", "inbound": ["bn"], "config": {"filters": 4, "kernelSize": 1}},
         {"name": "b", "type": "conv2d", "inbound": ["bn"], "config": {"filters": 6, "kernelSize": 1}},
         {"name": "cat", "type": "concatenate", "inbound": ["a", "b"]},
         {"name": "sum", "type": "add", "inbound": ["cat", "cat", "cat"]},
         {"name": "gap", "type": "globalAveragePooling2d", "inbound": ["sum"]},
         {"name": "drop", "type": "dropout", "inbound": ["gap"], "config": {"rate": 0.2}},
         {"name": "act", "type": "activation", "inbound": ["drop"], "config": {"activation": "hardSwish"}})",
      R"(["act", "bn"])", "[15, 15, 3]"));
  const ModelProfile p = profile_graph(g, 1);
  // Padded to 16x16, 'valid' 3x3 stride 2: floor((16 - 3) / 2) + 1 = 7.
  REQUIRE(layer_named(p, "pad").output_shape == Shape{-1, 16, 16, 3});
  REQUIRE(layer_named(p, "dw").output_shape == Shape{-1, 7, 7, 6});
  REQUIRE(layer_named(p, "dw").params == 6 * 9);
  // Depthwise MACs = N * Hout * Wout * Cout * (Cin / group) * kh * kw, group = Cin.
  REQUIRE(layer_named(p, "dw").macs == 7 * 7 * 6 * 1 * 9);
  // BatchNorm: gamma/beta trainable unless frozen; moving stats never.
  REQUIRE(layer_named(p, "bn").params == 4 * 6);
  REQUIRE(layer_named(p, "bn").non_trainable_params == 4 * 6);
  REQUIRE(layer_named(p, "cat").output_shape == Shape{-1, 7, 7, 10});
  REQUIRE(layer_named(p, "sum").output_shape == Shape{-1, 7, 7, 10});
  REQUIRE(layer_named(p, "gap").output_shape == Shape{-1, 10});
  REQUIRE(layer_named(p, "act").output_shape == Shape{-1, 10});
  REQUIRE(layer_named(p, "drop").type == "Dropout");
  REQUIRE(g.opset >= 14);  // HardSwish
  // The image output comes back NHWC.
  REQUIRE(g.value(g.outputs[1]).shape == Shape{-1, 7, 7, 6});
}

TEST_CASE("builder: bad specs name the layer and the problem", "[builder][errors]") {
  auto spec_with = [](const std::string& layer) { return image_spec(layer, R"([])"); };
  REQUIRE_THROWS_MATCHES(build_graph_from_spec("{not json"), Error,
                         test::IsError(ErrorCode::InvalidArgument, {"not valid JSON"}));
  REQUIRE_THROWS_MATCHES(build_graph_from_spec(spec_with(R"({"name": "x9", "type": "conv3d", "inbound": ["image"]})")),
                         Error, test::IsError(ErrorCode::InvalidArgument, {"'x9'", "unknown type 'conv3d'"}));
  REQUIRE_THROWS_MATCHES(
      build_graph_from_spec(spec_with(
          R"({"name": "c", "type": "conv2d", "inbound": ["image"], "config": {"filters": 3, "kernel_size": 3}})")),
      Error, test::IsError(ErrorCode::InvalidArgument, {"layer 'c'", "kernelSize"}));
  REQUIRE_THROWS_MATCHES(
      build_graph_from_spec(spec_with(
          R"({"name": "c", "type": "conv2d", "inbound": ["image"], "config": {"filters": 3, "kernelSize": 3, "bogus": 1}})")),
      Error, test::IsError(ErrorCode::InvalidArgument, {"layer 'c'", "unknown config key 'bogus'"}));
  REQUIRE_THROWS_MATCHES(build_graph_from_spec(spec_with(
                             R"({"name": "d", "type": "dense", "inbound": ["image"], "config": {"units": 3}})")),
                         Error, test::IsError(ErrorCode::InvalidArgument, {"layer 'd'", "flatten"}));
  REQUIRE_THROWS_MATCHES(
      build_graph_from_spec(spec_with(R"({"name": "p", "type": "maxPooling2d", "inbound": ["nowhere"]})")), Error,
      test::IsError(ErrorCode::InvalidArgument, {"layer 'p'", "'nowhere'"}));
  REQUIRE_THROWS_MATCHES(
      build_graph_from_spec(spec_with(
          R"({"name": "big", "type": "conv2d", "inbound": ["image"], "config": {"filters": 3, "kernelSize": 64}})")),
      Error, test::IsError(ErrorCode::InvalidArgument, {"layer 'big'", "larger than"}));
  REQUIRE_THROWS_MATCHES(build_graph_from_spec(spec_with(
                             R"({"name": "t", "type": "dense", "inbound": ["image"], "config": {"units": "five"}})")),
                         Error, test::IsError(ErrorCode::InvalidArgument, {"layer 't'", "units"}));
  REQUIRE_THROWS_MATCHES(
      build_graph_from_spec(spec_with(R"({"name": "t", "type": "dense", "inbound": ["image"], "trainable": "no"})")),
      Error, test::IsError(ErrorCode::InvalidArgument, {"layer 't'"}));
  REQUIRE_THROWS_MATCHES(
      build_graph_from_spec(
          spec_with(R"({"name": "a", "type": "activation", "inbound": ["image"], "config": {"activation": "gelu"}})")),
      Error, test::IsError(ErrorCode::InvalidArgument, {"layer 'a'", "unknown activation 'gelu'"}));
  REQUIRE_THROWS_MATCHES(build_graph_from_spec(R"({"inputs": [{"name": "x", "shape": [0, 3]}], "layers": []})"), Error,
                         test::IsError(ErrorCode::InvalidArgument, {"input 'x'", "positive"}));
}
