// Pruning passes (passes/prune.h) checked against oracles written here from
// the definitions: sorted magnitudes, block norms, N:M groups, and for channel
// pruning the original model with the removed channels zeroed by hand (which
// must compute the same outputs), MACs counted by hand.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "api/model.h"
#include "api/prune_json.h"
#include "builder/builder.h"
#include "error_matchers.h"
#include "ops_test_util.h"
#include "report/profile.h"
#include "session_test_util.h"

using namespace nnslim;
using nnslim::test::IsError;

namespace {

// conv c1 (first conv, default-skipped) -> c2 -> c3 -> GAP -> fc (classifier).
const char* kCnnSpec = R"({
  "name": "cnn", "seed": 7,
  "inputs": [{"name": "x", "shape": [8, 8, 3]}],
  "layers": [
    {"name": "c1", "type": "conv2d", "inbound": ["x"], "config": {"filters": 8, "kernelSize": 3, "padding": "same", "activation": "relu"}},
    {"name": "c2", "type": "conv2d", "inbound": ["c1"], "config": {"filters": 16, "kernelSize": 3, "padding": "same", "activation": "relu"}},
    {"name": "c3", "type": "conv2d", "inbound": ["c2"], "config": {"filters": 12, "kernelSize": 1, "activation": "relu"}},
    {"name": "gap", "type": "globalAveragePooling2d", "inbound": ["c3"]},
    {"name": "fc", "type": "dense", "inbound": ["gap"], "config": {"units": 8}}
  ]
})";

// A ResNet-style residual block: a -> bn -> b, then x + b; c after the add.
const char* kResidualSpec = R"({
  "name": "residual", "seed": 11,
  "inputs": [{"name": "x", "shape": [8, 8, 4]}],
  "layers": [
    {"name": "a", "type": "conv2d", "inbound": ["x"], "config": {"filters": 8, "kernelSize": 3, "padding": "same"}},
    {"name": "a_bn", "type": "batchNormalization", "inbound": ["a"]},
    {"name": "a_relu", "type": "activation", "inbound": ["a_bn"], "config": {"activation": "relu"}},
    {"name": "b", "type": "conv2d", "inbound": ["a_relu"], "config": {"filters": 4, "kernelSize": 1}},
    {"name": "add", "type": "add", "inbound": ["x", "b"]},
    {"name": "c", "type": "conv2d", "inbound": ["add"], "config": {"filters": 6, "kernelSize": 3, "padding": "same", "activation": "relu"}},
    {"name": "gap", "type": "globalAveragePooling2d", "inbound": ["c"]},
    {"name": "fc", "type": "dense", "inbound": ["gap"], "config": {"units": 10}}
  ]
})";

// MobileNetV2's inverted residual (stride 2, no add): expand, pad, depthwise, project.
const char* kInvertedResidualSpec = R"({
  "name": "inverted", "seed": 5,
  "inputs": [{"name": "x", "shape": [8, 8, 8]}],
  "layers": [
    {"name": "expand", "type": "conv2d", "inbound": ["x"], "config": {"filters": 24, "kernelSize": 1, "useBias": false}},
    {"name": "expand_bn", "type": "batchNormalization", "inbound": ["expand"]},
    {"name": "expand_relu", "type": "activation", "inbound": ["expand_bn"], "config": {"activation": "relu6"}},
    {"name": "pad", "type": "zeroPadding2d", "inbound": ["expand_relu"], "config": {"padding": [[0, 1], [0, 1]]}},
    {"name": "dw", "type": "depthwiseConv2d", "inbound": ["pad"], "config": {"kernelSize": 3, "strides": 2, "useBias": false}},
    {"name": "dw_bn", "type": "batchNormalization", "inbound": ["dw"]},
    {"name": "dw_relu", "type": "activation", "inbound": ["dw_bn"], "config": {"activation": "relu6"}},
    {"name": "project", "type": "conv2d", "inbound": ["dw_relu"], "config": {"filters": 8, "kernelSize": 1, "useBias": false}},
    {"name": "project_bn", "type": "batchNormalization", "inbound": ["project"]},
    {"name": "gap", "type": "globalAveragePooling2d", "inbound": ["project_bn"]},
    {"name": "fc", "type": "dense", "inbound": ["gap"], "config": {"units": 5}}
  ]
})";

// The weight (input 1) of layer `name`'s Conv/Gemm node, materialized.
Tensor layer_weight(const Graph& g, const std::string& name) {
  for (const Node& node : g.nodes)
    if (node.layer == name && (node.op_type == "Conv" || node.op_type == "Gemm")) {
      Tensor t = *g.value(node.inputs[1]).constant;
      t.materialize();
      return t;
    }
  FAIL("no layer " << name);
  return {};
}

int64_t zeros_of(const Tensor& t) {
  int64_t z = 0;
  for (int64_t i = 0; i < t.numel(); ++i) z += t.data<float>()[i] == 0.f;
  return z;
}

PruneReport prune(Graph& g, const std::string& options_json) {
  return prune_graph(g, parse_prune_options(options_json));
}

// Every pruned element was a smallest-|w| one: max |zeroed| <= min |kept|,
// and the kept ones are unchanged.
void check_magnitude_order(const std::vector<const Tensor*>& before, const std::vector<const Tensor*>& after) {
  float max_zeroed = 0, min_kept = INFINITY;
  for (size_t t = 0; t < before.size(); ++t)
    for (int64_t i = 0; i < before[t]->numel(); ++i) {
      const float b = before[t]->data<float>()[i], a = after[t]->data<float>()[i];
      if (a == 0.f) {
        max_zeroed = std::max(max_zeroed, std::fabs(b));
      } else {
        REQUIRE(a == b);
        min_kept = std::min(min_kept, std::fabs(b));
      }
    }
  REQUIRE(max_zeroed <= min_kept);
}

std::vector<TensorPtr> run_graph(const Graph& g, const TensorPtr& input) {
  Session session(g);
  std::vector<TensorPtr> out;
  for (NamedTensor& t : session.run({{g.value(g.inputs[0]).name, input}})) out.push_back(t.tensor);
  return out;
}

}  // namespace

TEST_CASE("prune magnitude, scope layer: exact zeros per layer, the smallest |w|, default skip list", "[prune]") {
  Graph g = build_graph_from_spec(kCnnSpec);
  const Graph original = g;
  const PruneReport report = prune(g, R"({"method": "magnitude", "sparsity": 0.7})");
  for (const char* name : {"c2", "c3"}) {
    INFO(name);
    const Tensor before = layer_weight(original, name), after = layer_weight(g, name);
    REQUIRE(zeros_of(after) == std::llround(0.7 * static_cast<double>(before.numel())));
    check_magnitude_order({&before}, {&after});
  }
  // The first conv and the classifier are skipped by default: unchanged.
  for (const char* name : {"c1", "fc"}) {
    INFO(name);
    REQUIRE(layer_weight(g, name).bytes == layer_weight(original, name).bytes);
  }
  REQUIRE(report.layers.size() == 2);
  REQUIRE(report.skipped.size() == 2);
  // The original's weights are untouched (the pass replaced, not edited, them).
  REQUIRE(zeros_of(layer_weight(original, "c2")) == 0);
}

TEST_CASE("prune magnitude, scope global: one threshold, exact total; overrides and skip", "[prune]") {
  Graph g = build_graph_from_spec(kCnnSpec);
  const Graph original = g;
  prune(g, R"({"sparsity": 0.6, "scope": "global", "skip": ["c1"], "layers": {"c3": 0.25}})");
  const Tensor c2b = layer_weight(original, "c2"), fcb = layer_weight(original, "fc");
  const Tensor c2a = layer_weight(g, "c2"), fca = layer_weight(g, "fc");
  // c2 and fc share the pool (fc is pruned: the skip list was replaced).
  REQUIRE(zeros_of(c2a) + zeros_of(fca) == std::llround(0.6 * static_cast<double>(c2b.numel() + fcb.numel())));
  check_magnitude_order({&c2b, &fcb}, {&c2a, &fca});
  const Tensor c3b = layer_weight(original, "c3"), c3a = layer_weight(g, "c3");
  REQUIRE(zeros_of(c3a) == std::llround(0.25 * static_cast<double>(c3b.numel())));
  REQUIRE(zeros_of(layer_weight(g, "c1")) == 0);
}

TEST_CASE("prune block: whole blocks zeroed, the weakest by L2, exact count", "[prune]") {
  // ("": no block option, the default 8x1: the block-sparse kernels' fastest shape.)
  for (const auto& [shape, rows, cols] : {std::tuple<const char*, int64_t, int64_t>{"2x2", 2, 2}, {"4x1", 4, 1}, {"1x4", 1, 4}, {"8x1", 8, 1}, {"", 8, 1}}) {
    INFO(shape);
    Graph g = build_graph_from_spec(kCnnSpec);
    const Graph original = g;
    const std::string block = *shape ? str(R"("block": ")", shape, R"(", )") : std::string();
    prune(g, str(R"({"method": "block", )", block, R"("sparsity": 0.5, "layers": {"c2": 0.5}, "skip": ["c1", "c3", "fc"]})"));
    // c2's kernel is [O=16, I=8, 3, 3]: a block is rows x cols of (o, i) at one tap.
    const Tensor before = layer_weight(original, "c2"), after = layer_weight(g, "c2");
    auto at = [](int64_t o, int64_t i, int64_t t) { return (o * 8 + i) * 9 + t; };
    int64_t zero_blocks = 0, blocks = 0;
    float max_zeroed = 0, min_kept = INFINITY;
    for (int64_t t = 0; t < 9; ++t)
      for (int64_t o0 = 0; o0 < 16; o0 += rows)
        for (int64_t i0 = 0; i0 < 8; i0 += cols) {
          int64_t zeros = 0;
          double norm = 0;
          for (int64_t o = o0; o < o0 + rows; ++o)
            for (int64_t i = i0; i < i0 + cols; ++i) {
              zeros += after.data<float>()[at(o, i, t)] == 0.f;
              norm += std::pow(before.data<float>()[at(o, i, t)], 2);
            }
          REQUIRE((zeros == 0 || zeros == rows * cols));
          ++blocks;
          if (zeros) {
            ++zero_blocks;
            max_zeroed = std::max(max_zeroed, static_cast<float>(std::sqrt(norm)));
          } else {
            min_kept = std::min(min_kept, static_cast<float>(std::sqrt(norm)));
          }
        }
    REQUIRE(zero_blocks == blocks / 2);
    REQUIRE(max_zeroed <= min_kept);
  }
}

TEST_CASE("prune block on a Dense kernel [in, units]: 4x1 blocks span 4 units of one input", "[prune]") {
  Graph g = build_graph_from_spec(kCnnSpec);
  const Graph original = g;
  prune(g, R"({"method": "block", "block": [4, 1], "layers": {"fc": 0.75}, "skip": ["c1", "c2", "c3"]})");
  const Tensor after = layer_weight(g, "fc");  // [12, 8]
  int64_t zero_blocks = 0;
  for (int64_t i = 0; i < 12; ++i)
    for (int64_t o0 = 0; o0 < 8; o0 += 4) {
      int64_t zeros = 0;
      for (int64_t o = o0; o < o0 + 4; ++o) zeros += after.data<float>()[i * 8 + o] == 0.f;
      REQUIRE((zeros == 0 || zeros == 4));
      zero_blocks += zeros == 4;
    }
  REQUIRE(zero_blocks == 18);  // round(0.75 * 24)
}

TEST_CASE("prune N:M 2:4: two zeros in every 4 consecutive input channels", "[prune]") {
  Graph g = build_graph_from_spec(kCnnSpec);
  const Graph original = g;
  prune(g, R"({"method": "block", "nm": "2:4"})");
  const Tensor before = layer_weight(original, "c2"), after = layer_weight(g, "c2");  // [16, 8, 3, 3]
  for (int64_t o = 0; o < 16; ++o)
    for (int64_t t = 0; t < 9; ++t)
      for (int64_t i0 = 0; i0 < 8; i0 += 4) {
        std::vector<float> kept, zeroed;
        for (int64_t i = i0; i < i0 + 4; ++i) {
          const int64_t k = (o * 8 + i) * 9 + t;
          (after.data<float>()[k] == 0.f ? zeroed : kept).push_back(std::fabs(before.data<float>()[k]));
        }
        REQUIRE(zeroed.size() == 2);
        REQUIRE(*std::max_element(zeroed.begin(), zeroed.end()) <= *std::min_element(kept.begin(), kept.end()));
      }
  REQUIRE(zeros_of(layer_weight(g, "c3")) == layer_weight(g, "c3").numel() / 2);
}

TEST_CASE("prune: bad options are INVALID_ARGUMENT naming the option; the graph is unchanged", "[prune]") {
  Graph g = build_graph_from_spec(kCnnSpec);
  const Graph original = g;
  auto fails = [&](const std::string& options, std::vector<std::string> fragments) {
    INFO(options);
    CHECK_THROWS_MATCHES(prune(g, options), Error, IsError(ErrorCode::InvalidArgument, fragments));
    REQUIRE(g.nodes.size() == original.nodes.size());
    REQUIRE(g.values.size() == original.values.size());
  };
  fails(R"({"sparsity": 1})", {"sparsity", "[0, 1)"});
  fails(R"({"sparsity": -0.1})", {"sparsity"});
  fails(R"({"sparsity": "half"})", {"sparsity"});
  fails(R"({"method": "random"})", {"method", "random"});
  fails(R"({"layers": {"nope": 0.5}})", {"layers", "'nope'"});
  fails(R"({"layers": {"gap": 0.5}})", {"layers", "'gap'", "no prunable weight"});
  fails(R"({"layers": {"c2": 1.5}})", {"layers['c2']"});
  fails(R"({"skip": ["nope"]})", {"skip", "'nope'"});
  fails(R"({"method": "block", "block": "3x3", "layers": {"c2": 0.5}})", {"c2", "block 3x3", "does not divide"});
  fails(R"({"method": "block", "block": "16x16"})", {"block 16x16", "divides no prunable layer"});
  fails(R"({"method": "block", "block": "1x"})", {"block"});
  fails(R"({"nm": "4:2"})", {"nm"});
  fails(R"({"method": "magnitude", "block": "1x4"})", {"block"});
  fails(R"({"scope": "model"})", {"scope"});
  fails(R"({"criterion": "l3"})", {"criterion"});
  fails(R"({"sparsity": 0.5, "blocks": "1x4"})", {"unknown option 'blocks'"});
  fails(R"({"method": "channel", "layers": {"fc": 0.5}})", {"'fc'", "Conv layers"});
}

TEST_CASE("prune channel: residual block verifies and runs, MACs halve exactly, zeroed-channel oracle", "[prune]") {
  Graph g = build_graph_from_spec(kResidualSpec);
  const Graph original = g;
  const PruneReport report = prune(g, R"({"method": "channel", "sparsity": 0.5, "skip": []})");
  // b's output joins the residual Add: left alone and reported.
  REQUIRE(std::any_of(report.skipped.begin(), report.skipped.end(),
                      [](const std::string& s) { return s.rfind("b: ", 0) == 0 && s.find("Add") != std::string::npos; }));
  REQUIRE(layer_weight(g, "a").dims == std::vector<int64_t>{4, 4, 3, 3});
  REQUIRE(layer_weight(g, "b").dims == std::vector<int64_t>{4, 4, 1, 1});
  REQUIRE(layer_weight(g, "c").dims == std::vector<int64_t>{3, 4, 3, 3});
  REQUIRE(layer_weight(g, "fc").dims == std::vector<int64_t>{3, 10});
  g.verify();

  // MACs by hand, 8x8 output maps: a 8*8*8*4*9 + b 8*8*4*8 + c 8*8*6*4*9 + fc 6*10
  // = 18432 + 2048 + 13824 + 60 = 34364; pruned: a 9216 + b 1024 + c 6912 + fc 30 = 17182.
  REQUIRE(profile_graph(original, 1).macs == 34364);
  REQUIRE(profile_graph(g, 1).macs == 17182);

  // Oracle: the original with the removed channels' weights zeroed (their
  // outputs are then 0 after the zero-init bias and the default BN: mean 0,
  // beta 0) computes the same outputs.
  auto zero_weakest_rows = [](Graph& model, const std::string& layer, int64_t removed) {
    for (Node& node : model.nodes) {
      if (node.layer != layer || node.op_type != "Conv") continue;
      Tensor w = *model.value(node.inputs[1]).constant;
      w.materialize();
      const int64_t rows = w.dims[0], row = w.numel() / rows;
      std::vector<std::pair<double, int64_t>> norms;
      for (int64_t o = 0; o < rows; ++o) {
        double l1 = 0;
        for (int64_t i = 0; i < row; ++i) l1 += std::fabs(w.data<float>()[o * row + i]);
        norms.emplace_back(l1, o);
      }
      std::sort(norms.begin(), norms.end());
      for (int64_t r = 0; r < removed; ++r)
        std::fill_n(w.data<float>() + norms[static_cast<size_t>(r)].second * row, row, 0.f);
      node.inputs[1] = model.add_constant(layer + "_zeroed", std::make_shared<Tensor>(w), true);
    }
  };
  Graph zeroed = original;
  zero_weakest_rows(zeroed, "a", 4);
  zero_weakest_rows(zeroed, "c", 3);
  const TensorPtr x = test::random_tensor({2, 8, 8, 4}, 3);
  const std::vector<TensorPtr> got = run_graph(g, x), want = run_graph(zeroed, x);
  REQUIRE(got[0]->dims == std::vector<int64_t>{2, 10});
  CHECK(test::session_mismatches(*got[0], *want[0]) == "");
}

TEST_CASE("prune channel: MobileNetV2 inverted residual, depthwise channels follow the expand conv", "[prune]") {
  Graph g = build_graph_from_spec(kInvertedResidualSpec);
  const Graph original = g;
  prune(g, R"({"method": "channel", "sparsity": 0.5, "skip": [], "criterion": "l2"})");
  REQUIRE(layer_weight(g, "expand").dims == std::vector<int64_t>{12, 8, 1, 1});
  REQUIRE(layer_weight(g, "dw").dims == std::vector<int64_t>{12, 1, 3, 3});
  REQUIRE(layer_weight(g, "project").dims == std::vector<int64_t>{4, 12, 1, 1});
  REQUIRE(layer_weight(g, "fc").dims == std::vector<int64_t>{4, 5});
  for (const Node& node : g.nodes)
    if (node.layer == "dw" && node.op_type == "Conv") REQUIRE(node.attr_int("group", 0) == 12);
  g.verify();
  // MACs by hand: expand 8*8*24*8, dw 4*4*24*9, project 4*4*8*24, fc 8*5;
  // pruned: expand 8*8*12*8, dw 4*4*12*9, project 4*4*4*12, fc 4*5.
  REQUIRE(profile_graph(original, 1).macs == 12288 + 3456 + 3072 + 40);
  REQUIRE(profile_graph(g, 1).macs == 6144 + 1728 + 768 + 20);
  const TensorPtr x = test::random_tensor({1, 8, 8, 8}, 9);
  const std::vector<TensorPtr> out = run_graph(g, x);
  REQUIRE(out[0]->dims == std::vector<int64_t>{1, 5});
  for (int64_t i = 0; i < 5; ++i) REQUIRE(std::isfinite(out[0]->data<float>()[i]));
}

TEST_CASE("prune: a pruned model exports to ONNX and loads back with identical outputs", "[prune]") {
  for (const char* options : {R"({"sparsity": 0.8})", R"({"method": "channel", "sparsity": 0.5, "skip": []})"}) {
    INFO(options);
    const std::unique_ptr<Model> model = Model::build(kInvertedResidualSpec);
    std::string report;
    const std::unique_ptr<Model> pruned = model->prune(options, &report);
    REQUIRE(nlohmann::json::parse(report)["layers"].size() >= 2);
    const std::vector<uint8_t> bytes = pruned->to_onnx();
    const std::unique_ptr<Model> reloaded = Model::load_onnx(bytes.data(), bytes.size());
    const TensorPtr x = test::random_tensor({1, 8, 8, 8}, 4);
    const std::vector<NamedTensor> a = pruned->run({{"x", x}}), b = reloaded->run({{"x", x}});
    REQUIRE(a[0].tensor->bytes == b[0].tensor->bytes);
  }
}

TEST_CASE("profile: sparsity, nonzero params and effective MACs of a pruned model", "[prune][profile]") {
  Graph g = build_graph_from_spec(kCnnSpec);
  const ModelProfile dense = profile_graph(g, 1);
  REQUIRE(dense.effective_macs == dense.macs);
  // The builder's biases start at zero: 8 + 16 + 12 + 8 of them.
  REQUIRE(dense.nonzero_params == dense.params - 44);
  prune(g, R"({"sparsity": 0.75, "skip": []})");
  const ModelProfile p = profile_graph(g, 1);
  // Every kernel 75% zeros (biases stay): kernels 3*9*8 + 8*9*16 + 16*12 + 12*8 = 1656.
  const int64_t kernel_zeros = std::llround(0.75 * 216) + std::llround(0.75 * 1152) + 144 + 72;
  REQUIRE(p.nonzero_params == p.params - kernel_zeros - 44);
  REQUIRE(p.sparsity == Approx(static_cast<double>(kernel_zeros) / 1656));
  int64_t effective = 0;
  for (const LayerProfile& l : p.layers) {
    INFO(l.name);
    if (l.macs == 0) continue;
    const double density = 1 - l.sparsity;
    REQUIRE(l.effective_macs == std::llround(static_cast<double>(l.macs) * density));
    effective += l.effective_macs;
  }
  REQUIRE(p.effective_macs == effective);
  REQUIRE(p.effective_flops == 2 * effective);
  const std::string summary = format_summary(g);
  REQUIRE(summary.find("Sparsity %") != std::string::npos);
  REQUIRE(summary.find("0.25x") != std::string::npos);
}

TEST_CASE("prune channel: a join of two branches of the same channels is followed; a residual Add is not", "[prune]") {
  // a -> relu and a -> sigmoid meet again in an Add (as x * hardsigmoid(x) does): a can lose channels.
  const char* spec = R"({
    "name": "join", "seed": 2,
    "inputs": [{"name": "x", "shape": [6, 6, 4]}],
    "layers": [
      {"name": "a", "type": "conv2d", "inbound": ["x"], "config": {"filters": 8, "kernelSize": 3, "padding": "same"}},
      {"name": "r", "type": "activation", "inbound": ["a"], "config": {"activation": "relu"}},
      {"name": "s", "type": "activation", "inbound": ["a"], "config": {"activation": "sigmoid"}},
      {"name": "join", "type": "add", "inbound": ["r", "s"]},
      {"name": "b", "type": "conv2d", "inbound": ["join"], "config": {"filters": 4, "kernelSize": 1}},
      {"name": "res", "type": "add", "inbound": ["x", "b"]}
    ]
  })";
  Graph g = build_graph_from_spec(spec);
  const PruneReport report = prune(g, R"({"method": "channel", "sparsity": 0.25, "skip": []})");
  REQUIRE(layer_weight(g, "a").dims == std::vector<int64_t>{6, 4, 3, 3});
  REQUIRE(layer_weight(g, "b").dims == std::vector<int64_t>{4, 6, 1, 1});
  REQUIRE(report.skipped.size() == 1);
  REQUIRE(report.skipped[0].rfind("b: ", 0) == 0);
  g.verify();
  // 6x6 maps: a 36*6*4*9 + b 36*4*6.
  REQUIRE(profile_graph(g, 1).macs == 7776 + 864);
  const std::vector<TensorPtr> out = run_graph(g, test::random_tensor({1, 6, 6, 4}, 1));
  REQUIRE(out[0]->dims == std::vector<int64_t>{1, 6, 6, 4});
}

TEST_CASE("prune channel: per-channel and scalar constants of Add/Mul are sliced (converter-style graph)", "[prune]") {
  // x [1,3,5,5] -> Conv c1 (6) -> Add [1,6,1,1] -> Mul scalar -> Relu -> Conv c2 (2, 1x1).
  auto build = [](const TensorPtr& w2) {
    Graph g;
    const int x = g.add_value("x");
    g.value(x).dtype = DType::Float32;
    g.value(x).shape = {1, 3, 5, 5};
    g.value(x).has_shape = true;
    g.inputs.push_back(x);
    const int w1 = g.add_constant("w1", test::random_tensor({6, 3, 3, 3}, 21), true);
    const int shift = g.add_constant("shift", test::random_tensor({1, 6, 1, 1}, 22), true);
    const int scale = g.add_constant("scale", Tensor::from_float({1.5f}, {}), false);
    const int w2_id = g.add_constant("w2", w2, true);
    std::vector<std::string> names{"h1", "h2", "h3", "h4", "y"};
    for (const std::string& n : names) g.add_value(n);
    auto node = [&](const char* name, const char* op, std::vector<int> in, int out, AttributeMap attrs = {}) {
      Node n;
      n.name = name;
      n.op_type = op;
      n.inputs = std::move(in);
      n.outputs = {out};
      n.attrs = std::move(attrs);
      g.add_node(std::move(n));
    };
    AttributeMap pads;
    pads["pads"] = Attribute::make_ints({1, 1, 1, 1});
    node("c1", "Conv", {x, w1}, g.find_value("h1"), pads);
    node("bias", "Add", {g.find_value("h1"), shift}, g.find_value("h2"));
    node("scale", "Mul", {scale, g.find_value("h2")}, g.find_value("h3"));
    node("relu", "Relu", {g.find_value("h3")}, g.find_value("h4"));
    node("c2", "Conv", {g.find_value("h4"), w2_id}, g.find_value("y"));
    g.outputs.push_back(g.find_value("y"));
    return g;
  };
  const TensorPtr w2 = test::random_tensor({2, 6, 1, 1}, 23);
  Graph g = build(w2);
  prune(g, R"({"method": "channel", "sparsity": 0.5, "skip": [], "layers": {"c1": 0.5}})");
  g.verify();
  for (const Node& node : g.nodes) {
    if (node.name == "c1") REQUIRE(g.value(node.inputs[1]).constant->dims == std::vector<int64_t>{3, 3, 3, 3});
    if (node.name == "bias") REQUIRE(g.value(node.inputs[1]).constant->dims == std::vector<int64_t>{1, 3, 1, 1});
    if (node.name == "scale") REQUIRE(g.value(node.inputs[0]).constant->numel() == 1);
    if (node.name == "c2") REQUIRE(g.value(node.inputs[1]).constant->dims == std::vector<int64_t>{2, 3, 1, 1});
  }
  // Oracle: the original with c2's weights on the removed channels zeroed
  // ignores those channels whatever they hold (here: a nonzero shift).
  const TensorPtr w1_data = test::random_tensor({6, 3, 3, 3}, 21);
  const Tensor& w1 = *w1_data;
  std::vector<std::pair<double, int64_t>> norms;
  for (int64_t o = 0; o < 6; ++o) {
    double l1 = 0;
    for (int64_t i = 0; i < 27; ++i) l1 += std::fabs(w1.data<float>()[o * 27 + i]);
    norms.emplace_back(l1, o);
  }
  std::sort(norms.begin(), norms.end());
  auto w2_zeroed = std::make_shared<Tensor>(*w2);
  for (size_t r = 0; r < 3; ++r)
    for (int64_t o = 0; o < 2; ++o) w2_zeroed->data<float>()[o * 6 + norms[r].second] = 0.f;
  const TensorPtr x = test::random_tensor({1, 3, 5, 5}, 24);
  const std::vector<TensorPtr> got = run_graph(g, x), want = run_graph(build(w2_zeroed), x);
  const std::vector<TensorPtr> got_ref = run_reference(g, {x}), want_ref = run_reference(build(w2_zeroed), {x});
  CHECK(test::session_mismatches(*got[0], *got_ref[0]) == "");
  CHECK(test::session_mismatches(*want[0], *want_ref[0]) == "");
  CHECK(test::session_mismatches(*got_ref[0], *want_ref[0]) == "");
  CHECK(test::session_mismatches(*got[0], *want[0]) == "");
}

TEST_CASE("prune block on Gemm transB = 1: B is [N, K], blocks span outputs (rows) x inputs (columns)", "[prune]") {
  Graph g;
  const int x = g.add_value("x");
  g.value(x).dtype = DType::Float32;
  g.value(x).shape = {1, 8};
  g.value(x).has_shape = true;
  g.inputs.push_back(x);
  const int b = g.add_constant("B", test::random_tensor({6, 8}, 31), true);
  const int y = g.add_value("y");
  Node gemm;
  gemm.name = "fc";
  gemm.op_type = "Gemm";
  gemm.inputs = {x, b};
  gemm.outputs = {y};
  gemm.attrs["transB"] = Attribute::make_int(1);
  g.add_node(std::move(gemm));
  g.outputs.push_back(y);
  prune(g, R"({"method": "block", "block": "2x4", "sparsity": 0.5, "skip": []})");
  const Tensor& w = *g.value(g.nodes[0].inputs[1]).constant;
  int64_t zero_blocks = 0;
  for (int64_t o0 = 0; o0 < 6; o0 += 2)
    for (int64_t i0 = 0; i0 < 8; i0 += 4) {
      int64_t zeros = 0;
      for (int64_t o = o0; o < o0 + 2; ++o)
        for (int64_t i = i0; i < i0 + 4; ++i) zeros += w.data<float>()[o * 8 + i] == 0.f;
      REQUIRE((zeros == 0 || zeros == 8));
      zero_blocks += zeros == 8;
    }
  REQUIRE(zero_blocks == 3);
}

TEST_CASE("prune channel, scope global: the pool's exact count, at least one channel per layer", "[prune]") {
  Graph g = build_graph_from_spec(kCnnSpec);
  const PruneReport report = prune(g, R"({"method": "channel", "scope": "global", "sparsity": 0.5, "skip": []})");
  // c1 (8), c2 (16), c3 (12) are prunable: 36 channels, 18 removed in all.
  int64_t before = 0, after = 0;
  for (const PrunedLayer& l : report.layers) {
    before += l.channels_before;
    after += l.channels_after;
    REQUIRE(l.channels_after >= 1);
  }
  REQUIRE(before == 36);
  REQUIRE(after == 18);
  g.verify();
  const std::vector<TensorPtr> out = run_graph(g, test::random_tensor({1, 8, 8, 3}, 5));
  REQUIRE(out[0]->dims == std::vector<int64_t>{1, 8});
}

TEST_CASE("prune channel: convs feeding a Concat are left alone and reported; the graph still runs", "[prune]") {
  const char* spec = R"({
    "name": "concat", "seed": 3,
    "inputs": [{"name": "x", "shape": [6, 6, 4]}],
    "layers": [
      {"name": "a", "type": "conv2d", "inbound": ["x"], "config": {"filters": 8, "kernelSize": 3, "padding": "same"}},
      {"name": "b", "type": "conv2d", "inbound": ["x"], "config": {"filters": 4, "kernelSize": 1}},
      {"name": "cat", "type": "concatenate", "inbound": ["a", "b"]},
      {"name": "c", "type": "conv2d", "inbound": ["cat"], "config": {"filters": 6, "kernelSize": 1}}
    ]
  })";
  Graph g = build_graph_from_spec(spec);
  const Graph original = g;
  const PruneReport report = prune(g, R"({"method": "channel", "sparsity": 0.5, "skip": []})");
  REQUIRE(report.layers.empty());  // c's channels reach the graph output
  REQUIRE(report.skipped.size() == 3);
  for (const char* name : {"a: ", "b: "})
    REQUIRE(std::any_of(report.skipped.begin(), report.skipped.end(), [&](const std::string& s) {
      return s.rfind(name, 0) == 0 && s.find("Concat") != std::string::npos;
    }));
  REQUIRE(layer_weight(g, "a").dims == layer_weight(original, "a").dims);
  const TensorPtr x = test::random_tensor({1, 6, 6, 4}, 8);
  CHECK(test::session_mismatches(*run_graph(g, x)[0], *run_graph(original, x)[0]) == "");
}

// A QDQ graph whose nodes have no names (as some exporters write them): the
// error names them as profile() does, "<OpType>_<index>", not ''.
TEST_CASE("prune of a quantized graph with unnamed nodes names them by op and index", "[prune]") {
  auto codes = std::make_shared<Tensor>();
  codes->dtype = DType::Int8;
  codes->dims = {4, 3};
  codes->bytes = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  test::OpGraph op_graph;
  op_graph.input("x", {1, 4})
      .tensor("w_q", codes)
      .floats("scale", {0.5f}, {})
      .node("DequantizeLinear", {"w_q", "scale"}, {"w"})
      .node("MatMul", {"x", "w"}, {"y"});
  Graph& g = op_graph.graph;
  g.outputs = {g.find_value("y")};
  for (Node& node : g.nodes) node.name.clear();
  CHECK_THROWS_MATCHES(prune(g, R"({"sparsity": 0.5})"), Error,
                       IsError(ErrorCode::InvalidArgument, {"the model is quantized", "node 'MatMul_1' (MatMul)",
                                                            "node 'DequantizeLinear_0' (DequantizeLinear)"}));
}
