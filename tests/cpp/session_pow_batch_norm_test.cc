// Pow with a constant exponent and a standalone BatchNormalization (one that
// follows no conv, so fold_batch_norm leaves it) run on fast steps
// (pow_step, batch_norm_step) in whichever layout their input has: each is
// checked against the reference executor (NaN-aware, session_test_util.h) on
// odd channel counts (3, 5, 13), fed by a graph input (NCHW) and by a conv
// (NHWC, with another conv after it: no layout copy may appear around the op).
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "core/error.h"
#include "ops_test_util.h"
#include "session_test_util.h"

namespace nnslim {
namespace {

using test::check_session_matches_reference;
using test::count_steps;
using test::listing;
using test::plan_has;
using test::random_tensor;

int layout_copies(const std::vector<std::string>& plan) {
  int count = 0;
  for (const std::string& step : plan)
    if (step.find("layout NCHW->NHWC") != std::string::npos || step.find("layout NHWC->NCHW") != std::string::npos)
      ++count;
  return count;
}

// conv_in -> Relu -> [op under test: in "a", out "b"] -> conv_out -> y, with
// C channels throughout: the op meets an NHWC producer and an NHWC consumer,
// so the only layout copies are the graph input's and output's.
void add_conv_sandwich_input(test::OpGraph& g, const Shape& x, uint64_t seed) {
  const int64_t c = x[1];
  g.input("x", x)
      .tensor("w_in", random_tensor({c, c, 3, 3}, seed, 0.4f))
      .tensor("w_out", random_tensor({c, c, 1, 1}, seed + 1, 0.6f))
      .node("Conv", {"x", "w_in"}, {"conv"}, {{"pads", Attribute::make_ints({1, 1, 1, 1})}}, "conv_in")
      .node("Relu", {"conv"}, {"a"}, {}, "relu_in");
}
void add_conv_sandwich_output(test::OpGraph& g) {
  g.node("Conv", {"b", "w_out"}, {"y"}, {}, "conv_out");
  g.graph.outputs = {g.graph.find_value("y")};
}

}  // namespace

TEST_CASE("session: Pow with a constant exponent runs its vpowc kernel on an NCHW input, negative bases included",
          "[session][pow]") {
  struct Case { float exponent; const char* kernel; };
  const std::vector<Case> cases = {
      {2.0f, "f32_vsqr_ukernel__wasmsimd_x8"}, {3.0f, "f32_vcube_ukernel__wasmsimd_x8"},
      {-1.0f, "f32_vrcp_ukernel__wasmsimd_x8"}, {0.5f, "f32_vpowhalf_ukernel__wasmsimd_x8"},
      {1.7f, "f32_vpowc_ukernel__scalar_x1"},   {-2.0f, "f32_vpowc_ukernel__scalar_x1"},
      {1.0f, "copy"},                           {0.0f, "fill 1"},
  };
  for (const Case& c : cases)
    for (const Shape& shape : {Shape{2, 13, 3, 5}, Shape{1, 3, 7}, Shape{5}}) {
      INFO("Pow(x, " << c.exponent << ") on " << shape_to_string(shape));
      test::OpGraph g;
      g.input("x", shape).floats("e", {c.exponent}, {}).node("Pow", {"x", "e"}, {"y"}, {}, "pow");
      g.graph.outputs = {g.graph.find_value("y")};
      // Values in [-3, 3): x^0.5 and x^1.7 of the negative ones are NaN in both executors.
      const std::vector<std::string> plan = check_session_matches_reference(g.graph, {random_tensor(shape, 7, 3.f)});
      INFO(listing(plan));
      CHECK(plan_has(plan, c.kernel));
      CHECK(!plan_has(plan, "reference"));
    }
}

TEST_CASE("session: Pow's exponent may be int64 or shaped [1,1,1,1]; a tensor exponent stays on the reference",
          "[session][pow]") {
  const Shape shape = {1, 5, 4, 3};
  {
    test::OpGraph g;
    g.input("x", shape).ints("e", {3}, {}).node("Pow", {"x", "e"}, {"y"}, {}, "pow_int");
    g.graph.outputs = {g.graph.find_value("y")};
    const std::vector<std::string> plan = check_session_matches_reference(g.graph, {random_tensor(shape, 8, 2.f)});
    INFO(listing(plan));
    CHECK(plan_has(plan, "f32_vcube_ukernel__wasmsimd_x8"));
  }
  {
    test::OpGraph g;
    g.input("x", shape).floats("e", {2.0f}, {1, 1, 1, 1}).node("Pow", {"x", "e"}, {"y"}, {}, "pow_4d");
    g.graph.outputs = {g.graph.find_value("y")};
    const std::vector<std::string> plan = check_session_matches_reference(g.graph, {random_tensor(shape, 9, 2.f)});
    INFO(listing(plan));
    CHECK(plan_has(plan, "f32_vsqr_ukernel__wasmsimd_x8"));
  }
  {
    test::OpGraph g;
    g.input("x", shape).floats("e", {1.0f, 2.0f, 3.0f, 0.5f, -1.0f}, {5, 1, 1}).node("Pow", {"x", "e"}, {"y"}, {}, "pow_t");
    g.graph.outputs = {g.graph.find_value("y")};
    const std::vector<std::string> plan = check_session_matches_reference(g.graph, {random_tensor(shape, 10, 2.f)});
    INFO(listing(plan));
    CHECK(plan_has(plan, "reference"));  // declined: per-channel exponents
  }
}

TEST_CASE("session: Pow between two convs stays NHWC (no layout copy around it)", "[session][pow]") {
  for (float exponent : {2.0f, 3.0f, 0.5f, 1.5f, 1.0f})
    for (int64_t channels : {3, 5, 13}) {
      INFO("Pow(x, " << exponent << "), C = " << channels);
      test::OpGraph g;
      const Shape shape = {1, channels, 7, 5};
      add_conv_sandwich_input(g, shape, 20);
      g.floats("e", {exponent}, {}).node("Pow", {"a", "e"}, {"b"}, {}, "pow");
      add_conv_sandwich_output(g);
      const std::vector<std::string> plan = check_session_matches_reference(g.graph, {random_tensor(shape, 21)});
      INFO(listing(plan));
      CHECK(plan_has(plan, "Pow (x^"));
      CHECK(!plan_has(plan, "reference"));
      CHECK(layout_copies(plan) == 2);  // the graph input's and the graph output's
    }
}

namespace {

// BatchNormalization parameters for C channels (var > 0).
void add_bn_params(test::OpGraph& g, int64_t channels, uint64_t seed) {
  std::vector<float> var(static_cast<size_t>(channels));
  const TensorPtr r = random_tensor({channels}, seed + 3);
  for (size_t c = 0; c < var.size(); ++c) var[c] = 0.05f + std::fabs(r->data<float>()[c]) * 2.0f;
  g.tensor("gamma", random_tensor({channels}, seed, 1.5f))
      .tensor("beta", random_tensor({channels}, seed + 1))
      .tensor("mean", random_tensor({channels}, seed + 2, 0.5f))
      .floats("var", var, {channels});
}

const std::vector<std::string> kBnInputs = {"", "gamma", "beta", "mean", "var"};

std::vector<std::string> bn_inputs(const std::string& x) {
  std::vector<std::string> inputs = kBnInputs;
  inputs[0] = x;
  return inputs;
}

}  // namespace

TEST_CASE("session: a standalone BatchNormalization of an NCHW input is a per-channel affine, any rank",
          "[session][batchnorm]") {
  struct Case { Shape shape; const char* kernel; };
  const std::vector<Case> cases = {
      {{2, 3, 5, 7}, "f32_vaffines_ukernel__wasmsimd_x8"},   {{1, 5, 9, 3}, "f32_vaffines_ukernel__wasmsimd_x8"},
      {{2, 13, 4, 3}, "f32_vaffines_ukernel__wasmsimd_x8"},  {{2, 5, 7}, "f32_vaffines_ukernel__wasmsimd_x8"},
      {{4, 13}, "f32_vaffinec_ukernel__wasmsimd_x8"},        {{2, 5, 1, 1}, "f32_vaffinec_ukernel__wasmsimd_x8"},
  };
  for (const Case& c : cases) {
    INFO("BatchNormalization on " << shape_to_string(c.shape));
    test::OpGraph g;
    g.input("x", c.shape);
    add_bn_params(g, c.shape[1], 30);
    g.node("BatchNormalization", bn_inputs("x"), {"y"}, {{"epsilon", Attribute::make_float(1e-3f)}}, "bn");
    g.graph.outputs = {g.graph.find_value("y")};
    const std::vector<std::string> plan = check_session_matches_reference(g.graph, {random_tensor(c.shape, 31, 2.f)});
    INFO(listing(plan));
    CHECK(plan_has(plan, std::string("BatchNormalization -> ") + c.kernel));
    CHECK(!plan_has(plan, "reference"));
  }
}

TEST_CASE("session: BatchNormalization + Relu between two convs stays NHWC, the Relu fused as the clamp",
          "[session][batchnorm]") {
  for (int64_t channels : {3, 5, 13}) {
    INFO("C = " << channels);
    test::OpGraph g;
    const Shape shape = {2, channels, 5, 7};
    add_conv_sandwich_input(g, shape, 40);
    add_bn_params(g, channels, 41);
    g.node("BatchNormalization", bn_inputs("a"), {"bn"}, {}, "bn").node("Relu", {"bn"}, {"b"}, {}, "relu_bn");
    add_conv_sandwich_output(g);
    const std::vector<std::string> plan = check_session_matches_reference(g.graph, {random_tensor(shape, 42)});
    INFO(listing(plan));
    CHECK(plan_has(plan, "BatchNormalization+Relu -> f32_vaffinec_ukernel__wasmsimd_x8"));
    CHECK(!plan_has(plan, "reference"));
    CHECK(layout_copies(plan) == 2);
  }
}

TEST_CASE("session: BatchNormalization + Clip(0, 6) fuses the clamp in NCHW", "[session][batchnorm]") {
  test::OpGraph g;
  const Shape shape = {1, 13, 6, 5};
  g.input("x", shape);
  add_bn_params(g, 13, 50);
  g.floats("lo", {0.0f}, {}).floats("hi", {0.75f}, {});
  g.node("BatchNormalization", bn_inputs("x"), {"bn"}, {}, "bn").node("Clip", {"bn", "lo", "hi"}, {"y"}, {}, "clip");
  g.graph.outputs = {g.graph.find_value("y")};
  const std::vector<std::string> plan = check_session_matches_reference(g.graph, {random_tensor(shape, 51, 2.f)});
  INFO(listing(plan));
  CHECK(plan_has(plan, "BatchNormalization+Clip -> f32_vaffines_ukernel__wasmsimd_x8"));
  CHECK(!plan_has(plan, "reference"));
}

TEST_CASE("session: a BatchNormalization with run-time statistics or training_mode = 1 is left to the reference",
          "[session][batchnorm]") {
  const Shape shape = {1, 5, 4, 3};
  {
    test::OpGraph g;
    g.input("x", shape).input("mean_fed", {5});
    add_bn_params(g, 5, 60);
    g.node("BatchNormalization", {"x", "gamma", "beta", "mean_fed", "var"}, {"y"}, {}, "bn_fed");
    g.graph.outputs = {g.graph.find_value("y")};
    const std::vector<std::string> plan =
        check_session_matches_reference(g.graph, {random_tensor(shape, 61), random_tensor({5}, 62)});
    INFO(listing(plan));
    CHECK(plan_has(plan, "reference"));
  }
  {
    test::OpGraph g;
    g.input("x", shape);
    add_bn_params(g, 5, 63);
    g.node("BatchNormalization", bn_inputs("x"), {"y"}, {{"training_mode", Attribute::make_int(1)}}, "bn_training");
    g.graph.outputs = {g.graph.find_value("y")};
    auto run = [&] {
      Session session(g.graph);
      session.run({{"x", random_tensor(shape, 64)}});
    };
    CHECK_THROWS_AS(run(), Error);
    CHECK_THROWS_WITH(run(), Catch::Contains("bn_training") && Catch::Contains("training_mode"));
  }
}

TEST_CASE("session: ConvTranspose [+ per-channel bias Add] + BatchNormalization folds into the ConvTranspose",
          "[session][batchnorm]") {
  // Cin 6, Cout 10: with group 2 each group maps 3 input to 5 output channels.
  for (int64_t group : {1, 2})
    for (const char* bias : {"add", "attr", "none"}) {
      INFO("group " << group << ", bias " << bias);
      test::OpGraph g;
      const Shape shape = {1, 6, 5, 3};
      g.input("x", shape).tensor("w", random_tensor({6, 10 / group, 2, 3}, 70 + group, 0.5f));
      add_bn_params(g, 10, 72);
      const AttributeMap attrs = {{"strides", Attribute::make_ints({2, 2})}, {"group", Attribute::make_int(group)}};
      std::string bn_input = "deconv";
      if (std::string(bias) == "attr") {
        g.tensor("b", random_tensor({10}, 73)).node("ConvTranspose", {"x", "w", "b"}, {"deconv"}, attrs, "deconv");
      } else {
        g.node("ConvTranspose", {"x", "w"}, {"deconv"}, attrs, "deconv");
      }
      if (std::string(bias) == "add") {
        g.tensor("b_add", random_tensor({1, 10, 1, 1}, 74)).node("Add", {"deconv", "b_add"}, {"biased"}, {}, "bias_add");
        bn_input = "biased";
      }
      g.node("BatchNormalization", bn_inputs(bn_input), {"bn"}, {}, "bn").node("Relu", {"bn"}, {"y"}, {}, "relu");
      g.graph.outputs = {g.graph.find_value("y")};
      const std::vector<std::string> plan = check_session_matches_reference(g.graph, {random_tensor(shape, 75)});
      INFO(listing(plan));
      CHECK(!plan_has(plan, "BatchNormalization"));
      CHECK(!plan_has(plan, "Add"));
      CHECK(plan_has(plan, "ConvTranspose"));
      CHECK(!plan_has(plan, "reference"));
    }
}

TEST_CASE("session: a bias Add that broadcasts along W, not channels, is not folded into the ConvTranspose",
          "[session][batchnorm]") {
  // Output [1, 4, 4, 4]: a [4] constant adds along the last axis (W).
  test::OpGraph g;
  const Shape shape = {1, 3, 2, 2};
  g.input("x", shape).tensor("w", random_tensor({3, 4, 2, 2}, 80, 0.5f)).tensor("b_w", random_tensor({4}, 81));
  add_bn_params(g, 4, 82);
  g.node("ConvTranspose", {"x", "w"}, {"deconv"}, {{"strides", Attribute::make_ints({2, 2})}}, "deconv")
      .node("Add", {"deconv", "b_w"}, {"biased"}, {}, "bias_add")
      .node("BatchNormalization", bn_inputs("biased"), {"y"}, {}, "bn");
  g.graph.outputs = {g.graph.find_value("y")};
  const std::vector<std::string> plan = check_session_matches_reference(g.graph, {random_tensor(shape, 83)});
  INFO(listing(plan));
  CHECK(plan_has(plan, "BatchNormalization -> f32_vaffine"));
  CHECK(!plan_has(plan, "reference"));
}

}  // namespace nnslim
