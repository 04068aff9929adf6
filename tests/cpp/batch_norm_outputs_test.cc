// BatchNormalization's extra outputs (running / saved mean and variance) are
// training-mode outputs: at inference ONNX defines no value for them. Found
// by the fuzzers' reference oracle (tests/fuzz_regressions/onnx/
// batchnorm-training-outputs-at-inference.onnx: ONNX's training-mode test
// model with its training_mode attribute's name mutated): the runtime handed
// back a buffer nothing wrote, the reference zeros. Such a model is now
// refused as invalid, naming the node and the output; one output is fine,
// and so are extra outputs that are only named (as exporters of opsets < 14
// write them) and that no node reads and the graph does not return.
#include <catch2/catch.hpp>

#include <cmath>

#include "api/model.h"
#include "error_matchers.h"
#include "ops_test_util.h"

using namespace nnslim;
using namespace nnslim::test;

namespace {

// outputs: the node's; returned: the graph's (all of the node's by default);
// read_by_identity: a node output that an Identity reads into graph output "z".
Graph batch_norm(int64_t opset, const std::vector<std::string>& outputs,
                 std::vector<std::string> returned = {}, const std::string& read_by_identity = "") {
  if (returned.empty()) returned = outputs;
  OpGraph g(opset);
  g.input("x", {2, 3, 5});
  g.floats("s", {1.f, 0.5f, 2.f}).floats("bias", {0.f, 0.1f, -0.1f});
  g.floats("mean", {0.f, 0.2f, -0.2f}).floats("var", {1.f, 0.5f, 2.f});
  g.node("BatchNormalization", {"x", "s", "bias", "mean", "var"}, outputs, {}, "bn");
  if (!read_by_identity.empty()) {
    g.node("Identity", {read_by_identity}, {"z"}, {}, "reader");
    g.graph.outputs.push_back(g.graph.find_value("z"));
  }
  for (const std::string& name : returned) g.graph.outputs.push_back(g.graph.find_value(name));
  return g.graph;
}

}  // namespace

TEST_CASE("BatchNormalization at inference: extra outputs are refused, one output runs", "[ops][reliability]") {
  for (const int64_t opset : {int64_t{9}, int64_t{15}}) {
    INFO("opset " << opset);
    const std::unique_ptr<Model> bad = Model::from_graph(batch_norm(opset, {"y", "running_mean", "running_var"}));
    CHECK_THROWS_MATCHES(bad->summary(), Error,
                         IsError(ErrorCode::InvalidModel, {"node 'bn' (BatchNormalization)", "output 1",
                                                           "exists only in training mode"}));
    const std::unique_ptr<Model> good = Model::from_graph(batch_norm(opset, {"y"}));
    CHECK_NOTHROW(good->summary());
    const std::vector<NamedTensor> out = good->run({{"x", Tensor::from_float(std::vector<float>(30, 1.f), {2, 3, 5})}});
    REQUIRE(out.size() == 1);
    // Channel 1: 0.5 * (1 - 0.2) / sqrt(0.5 + 1e-5) + 0.1.
    CHECK(out[0].tensor->data<float>()[5] == Approx(0.5 * 0.8 / std::sqrt(0.5 + 1e-5) + 0.1).epsilon(1e-6));
  }
}

TEST_CASE("BatchNormalization at inference: extra outputs only named run; read ones are refused", "[ops][reliability]") {
  const std::vector<float> x = [] {
    std::vector<float> v(30);
    for (size_t i = 0; i < v.size(); ++i) v[i] = 0.25f * static_cast<float>(i) - 3.f;
    return v;
  }();
  const float scale[3] = {1.f, 0.5f, 2.f}, bias[3] = {0.f, 0.1f, -0.1f}, mean[3] = {0.f, 0.2f, -0.2f}, var[3] = {1.f, 0.5f, 2.f};
  for (const int64_t opset : {int64_t{7}, int64_t{9}, int64_t{15}}) {
    INFO("opset " << opset);
    const std::vector<std::string> named = opset < 14 ? std::vector<std::string>{"y", "mean_out", "var_out", "saved_mean", "saved_var"}
                                                       : std::vector<std::string>{"y", "mean_out", "var_out"};
    const std::unique_ptr<Model> model = Model::from_graph(batch_norm(opset, named, {"y"}));
    const std::vector<NamedTensor> out = model->run({{"x", Tensor::from_float(x, {2, 3, 5})}});
    REQUIRE(out.size() == 1);
    CHECK(out[0].name == "y");
    // Oracle: the formula in double, element by element (layout [2, 3, 5]).
    for (size_t i = 0; i < x.size(); ++i) {
      const size_t c = (i / 5) % 3;
      const double expected = scale[c] * (x[i] - mean[c]) / std::sqrt(var[c] + 1e-5) + bias[c];
      INFO("element " << i);
      CHECK(out[0].tensor->data<float>()[i] == Approx(expected).epsilon(1e-6).margin(1e-6));
    }

    // The same outputs read by a node are refused (the reader would see
    // values ONNX does not define), naming the node and the output.
    const std::unique_ptr<Model> read = Model::from_graph(batch_norm(opset, named, {"y"}, "var_out"));
    CHECK_THROWS_MATCHES(read->summary(), Error,
                         IsError(ErrorCode::InvalidModel, {"node 'bn' (BatchNormalization)", "output 2",
                                                           "exists only in training mode"}));
  }
}

TEST_CASE("BatchNormalization with only-named training outputs folds into its conv and exports with one output",
          "[ops][reliability]") {
  // Conv 1x1 (2 -> 3 channels) -> BatchNormalization naming all five opset-9
  // outputs; only y is returned. The plan must fold the BN (one output left),
  // and the result must equal the same graph with a one-output BN.
  auto make = [](bool extra_outputs) {
    OpGraph g(9);
    g.input("x", {1, 2, 4, 4});
    g.floats("w", {1.f, -0.5f, 0.25f, 2.f, -1.f, 0.75f}, {3, 2, 1, 1});
    g.floats("s", {1.f, 0.5f, 2.f}).floats("bias", {0.f, 0.1f, -0.1f});
    g.floats("mean", {0.f, 0.2f, -0.2f}).floats("var", {1.f, 0.5f, 2.f});
    g.node("Conv", {"x", "w"}, {"c"}, {}, "conv");
    const std::vector<std::string> outs = extra_outputs ? std::vector<std::string>{"y", "rm", "rv", "sm", "sv"} : std::vector<std::string>{"y"};
    g.node("BatchNormalization", {"c", "s", "bias", "mean", "var"}, outs, {}, "bn");
    g.graph.outputs.push_back(g.graph.find_value("y"));
    return g.graph;
  };
  std::vector<float> xs(32);
  for (size_t i = 0; i < xs.size(); ++i) xs[i] = 0.1f * static_cast<float>(i) - 1.5f;
  const std::unique_ptr<Model> named = Model::from_graph(make(true));
  const std::unique_ptr<Model> plain = Model::from_graph(make(false));
  const auto a = named->run({{"x", Tensor::from_float(xs, {1, 2, 4, 4})}});
  const auto b = plain->run({{"x", Tensor::from_float(xs, {1, 2, 4, 4})}});
  REQUIRE(a.size() == 1);
  REQUIRE(b.size() == 1);
  for (size_t i = 0; i < 48; ++i) CHECK(a[0].tensor->data<float>()[i] == b[0].tensor->data<float>()[i]);
  for (const Node& node : named->plan_graph().nodes) CHECK(node.op_type != "BatchNormalization");
  CHECK_NOTHROW(named->summary());
  CHECK_NOTHROW(named->profile_json(1));
  // The export has a one-output BatchNormalization and runs to the same bits.
  const std::vector<uint8_t> onnx = named->to_onnx();
  const std::unique_ptr<Model> reloaded = Model::load_onnx(onnx.data(), onnx.size());
  const auto c = reloaded->run({{"x", Tensor::from_float(xs, {1, 2, 4, 4})}});
  REQUIRE(c.size() == 1);
  for (size_t i = 0; i < 48; ++i) CHECK(c[0].tensor->data<float>()[i] == a[0].tensor->data<float>()[i]);
}
