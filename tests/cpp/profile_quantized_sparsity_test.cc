// The profile's sparsity, nonzero params and effective MACs of quantized
// (QDQ) layers: a quantized weight q stands for (q - zero_point) * scale, so
// its zeros are the elements equal to their zero point. Figures by hand on
// small graphs; then pruned-then-quantized models against their float twins.
#include <catch2/catch.hpp>

#include <cstring>

#include "api/model.h"
#include "ops_test_util.h"
#include "report/profile.h"

namespace nnslim {
namespace {

using test::typed_tensor;

// x [1,2,4,4] -> Conv(DQ(Wq int8 [3,2,1,1], per output channel, zero points
// 0, 2, -1)) -> y; u [1,4] -> MatMul(DQ(Bq uint8 [4,3], zero point 128)) -> v;
// s [1,4] -> MatMul(DQ(Cq int8 [4,2], no zero point: 0)) -> t.
Graph quantized_graph() {
  test::OpGraph g;
  g.input("x", {1, 2, 4, 4}).input("u", {1, 4}).input("s", {1, 4});
  // Channel 0: {0, 5} (zero point 0: one zero); channel 1: {2, 2} (zero
  // point 2: both); channel 2: {-1, 7} (zero point -1: one). Raw zeros: 1.
  g.graph.add_constant("wq", typed_tensor<int8_t>(DType::Int8, {3, 2, 1, 1}, {0, 5, 2, 2, -1, 7}), true);
  g.floats("ws", {0.5f, 0.25f, 1.f}, {3});
  g.tensor("wz", typed_tensor<int8_t>(DType::Int8, {3}, {0, 2, -1}));
  g.node("DequantizeLinear", {"wq", "ws", "wz"}, {"w"}, {{"axis", Attribute::make_int(0)}}, "conv_w_dq");
  g.node("Conv", {"x", "w"}, {"y"}, {{"kernel_shape", Attribute::make_ints({1, 1})}}, "conv");
  // Six of twelve equal 128; the raw 0 is a nonzero weight (-128 * scale).
  g.graph.add_constant("bq", typed_tensor<uint8_t>(DType::Uint8, {4, 3}, {128, 1, 128, 3, 128, 128, 0, 128, 128, 1, 2, 3}), true);
  g.floats("bs", {0.1f}, {});
  g.tensor("bz", typed_tensor<uint8_t>(DType::Uint8, {}, {128}));
  g.node("DequantizeLinear", {"bq", "bs", "bz"}, {"b"}, {}, "matmul_b_dq");
  g.node("MatMul", {"u", "b"}, {"v"}, {}, "matmul");
  // No zero point input: 0. Three of eight are zero.
  g.graph.add_constant("cq", typed_tensor<int8_t>(DType::Int8, {4, 2}, {0, 1, -2, 0, 3, 4, 0, 5}), true);
  g.floats("cs", {0.2f}, {});
  g.node("DequantizeLinear", {"cq", "cs"}, {"c"}, {}, "matmul2_c_dq");
  g.node("MatMul", {"s", "c"}, {"t"}, {}, "matmul2");
  g.graph.outputs = {g.graph.find_value("y"), g.graph.find_value("v"), g.graph.find_value("t")};
  return g.graph;
}

const LayerProfile& layer(const ModelProfile& p, const std::string& name) {
  for (const LayerProfile& l : p.layers)
    if (l.name == name) return l;
  FAIL("no layer " << name);
  return p.layers.front();
}

}  // namespace

TEST_CASE("profile: quantized weights count their zero-point elements as zeros", "[profile][quantize]") {
  const ModelProfile p = profile_graph(quantized_graph(), 1);
  // Conv: 3 outputs x 2 inputs x 16 pixels = 96 MACs, 4 of 6 weights zero.
  const LayerProfile& conv = layer(p, "conv");
  REQUIRE(conv.macs == 96);
  REQUIRE(conv.effective_macs == 32);
  // MatMul [1,4] x [4,3]: 12 MACs, 6 of 12 zero; [1,4] x [4,2]: 8 MACs, 3 of 8 zero.
  REQUIRE(layer(p, "matmul").macs == 12);
  REQUIRE(layer(p, "matmul").effective_macs == 6);
  REQUIRE(layer(p, "matmul2").effective_macs == 5);
  // Without layer names (an ONNX QDQ file) a weight's DequantizeLinear is
  // shown in the layer of the node reading it: the Conv's row holds its
  // int8 weight as a float Conv's row holds its float one.
  REQUIRE(layer(p, "conv").sparsity == Approx(4.0 / 6));
  REQUIRE(layer(p, "matmul").sparsity == Approx(6.0 / 12));
  REQUIRE(layer(p, "matmul2").sparsity == Approx(3.0 / 8));
  REQUIRE(layer(p, "conv").params == 6);
  REQUIRE(layer(p, "conv").nonzero_params == 2);
  REQUIRE(layer(p, "conv").weight_dtype == "int8");
  REQUIRE(p.layers.size() == 3);
  // Totals: the int8/uint8 weights are the params (scales, zero points are not).
  REQUIRE(p.params == 6 + 12 + 8);
  REQUIRE(p.nonzero_params == 2 + 6 + 5);
  REQUIRE(p.sparsity == Approx(13.0 / 26));
  REQUIRE(p.effective_macs == 32 + 6 + 5);
  REQUIRE(p.effective_flops == 2 * p.effective_macs);
}

TEST_CASE("profile: a pruned then quantized model keeps the float model's sparsity and effective MACs", "[profile][quantize][prune]") {
  const char* spec = R"({
    "name": "small_cnn", "seed": 4,
    "inputs": [{"name": "x", "shape": [8, 8, 4]}],
    "layers": [
      {"name": "c1", "type": "conv2d", "inbound": ["x"], "config": {"filters": 16, "kernelSize": 3, "padding": "same", "activation": "relu"}},
      {"name": "c2", "type": "conv2d", "inbound": ["c1"], "config": {"filters": 24, "kernelSize": 1, "activation": "relu"}},
      {"name": "flat", "type": "flatten", "inbound": ["c2"]},
      {"name": "fc", "type": "dense", "inbound": ["flat"], "config": {"units": 8}}
    ]
  })";
  const std::unique_ptr<Model> model = Model::build(spec);
  std::string report;
  const std::unique_ptr<Model> pruned = model->prune(R"({"sparsity": 0.75, "skip": []})", &report);
  // Weight-only int8: symmetric per-channel weights (zero point 0), so every
  // pruned zero stays exactly zero; no calibration needed.
  QuantizeSettings settings;
  settings.options.weight_only = true;
  const std::unique_ptr<Model> quantized = pruned->quantize(settings);
  const ModelProfile f = profile_graph(pruned->graph(), 1);
  const ModelProfile q = profile_graph(quantized->graph(), 1);
  REQUIRE(f.sparsity > 0.7);
  REQUIRE(q.sparsity == Approx(f.sparsity));
  REQUIRE(q.effective_macs == f.effective_macs);
  for (const char* name : {"c1", "c2", "fc"}) {
    INFO(name);
    REQUIRE(layer(q, name).weight_dtype == "int8");
    REQUIRE(layer(q, name).sparsity == Approx(layer(f, name).sparsity));
    REQUIRE(layer(q, name).effective_macs == layer(f, name).effective_macs);
  }
}

}  // namespace nnslim
