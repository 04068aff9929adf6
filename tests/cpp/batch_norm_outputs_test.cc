// BatchNormalization's extra outputs (running / saved mean and variance) are
// training-mode outputs: at inference ONNX defines no value for them. Found
// by the fuzzers' reference oracle (tests/fuzz_regressions/onnx/
// batchnorm-training-outputs-at-inference.onnx: ONNX's training-mode test
// model with its training_mode attribute's name mutated): the runtime handed
// back a buffer nothing wrote, the reference zeros. Such a model is now
// refused as invalid, naming the node and the output; one output is fine.
#include <catch2/catch.hpp>

#include <cmath>

#include "api/model.h"
#include "error_matchers.h"
#include "ops_test_util.h"

using namespace nnslim;
using namespace nnslim::test;

namespace {

Graph batch_norm(int64_t opset, const std::vector<std::string>& outputs) {
  OpGraph g(opset);
  g.input("x", {2, 3, 5});
  g.floats("s", {1.f, 0.5f, 2.f}).floats("bias", {0.f, 0.1f, -0.1f});
  g.floats("mean", {0.f, 0.2f, -0.2f}).floats("var", {1.f, 0.5f, 2.f});
  g.node("BatchNormalization", {"x", "s", "bias", "mean", "var"}, outputs, {}, "bn");
  for (const std::string& name : outputs) g.graph.outputs.push_back(g.graph.find_value(name));
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
