// upgrade_to_opset13 (passes/upgrade_to_opset13.h): an opset-9 graph whose
// ops moved attributes to inputs means the same at opset 13 (the reference
// executor gives the same bytes before and after), and a graph it cannot
// rewrite is left unchanged.
#include <catch2/catch.hpp>

#include "ops/reference/reference.h"
#include "ops_test_util.h"
#include "passes/upgrade_to_opset13.h"
#include "session_test_util.h"

using namespace nnslim;
using namespace nnslim::test;

TEST_CASE("upgrade_to_opset13 keeps an opset-9 graph's meaning", "[passes][quantize]") {
  OpGraph g(9);
  g.input("x", {2, 3, 6})
      .node("Clip", {"x"}, {"clipped"}, {{"min", float_attr(-0.5f)}, {"max", float_attr(0.7f)}})
      .node("Slice", {"clipped"}, {"sliced"}, {{"starts", ints_attr({1})}, {"ends", ints_attr({5})}, {"axes", ints_attr({2})}})
      .node("Pad", {"sliced"}, {"padded"}, {{"pads", ints_attr({0, 0, 1, 0, 0, 1})}, {"value", float_attr(0.25f)}})
      .node("Unsqueeze", {"padded"}, {"unsqueezed"}, {{"axes", ints_attr({0})}})
      .node("Squeeze", {"unsqueezed"}, {"squeezed"}, {{"axes", ints_attr({0})}})
      .node("Split", {"squeezed"}, {"a", "b"}, {{"axis", int_attr(2)}, {"split", ints_attr({2, 4})}})
      .node("Softmax", {"b"}, {"y"}, {{"axis", int_attr(2)}});
  g.graph.outputs = {g.graph.find_value("a"), g.graph.find_value("y")};
  g.infer();
  const TensorPtr x = random_tensor({2, 3, 6}, 4);
  const std::vector<TensorPtr> before = run_reference(g.graph, {x});
  Graph upgraded = g.graph;
  REQUIRE(upgrade_to_opset13(upgraded));
  CHECK(upgraded.opset == 13);
  for (const Node& n : upgraded.nodes) {
    CHECK_FALSE(n.has_attr("axes"));
    CHECK_FALSE(n.has_attr("starts"));
    CHECK_FALSE(n.has_attr("pads"));
    CHECK_FALSE(n.has_attr("split"));
  }
  const std::vector<TensorPtr> after = run_reference(upgraded, {x});
  REQUIRE(after.size() == before.size());
  for (size_t i = 0; i < before.size(); ++i) CHECK(after[i]->bytes == before[i]->bytes);
}

// Found by the fuzzers' export oracle: an opset-7 BatchNormalization made
// the quantized graph keep opset 7, so its QuantizeLinear nodes (opset 10)
// exported to a file nnslim's own importer refused.
TEST_CASE("upgrade_to_opset13 drops BatchNormalization-7's spatial = 1, refuses spatial = 0", "[passes][quantize]") {
  for (const int64_t spatial : {int64_t{-1}, int64_t{1}, int64_t{0}}) {
    INFO("spatial " << spatial);
    OpGraph g(7);
    g.input("x", {2, 3, 4, 5});
    g.floats("scale", {0.5f, 1.f, 1.5f}).floats("bias", {0.1f, -0.2f, 0.3f});
    g.floats("mean", {0.05f, -0.1f, 0.2f}).floats("var", {0.5f, 1.f, 2.f});
    AttributeMap attrs{{"epsilon", float_attr(1e-3f)}};
    if (spatial >= 0) attrs["spatial"] = int_attr(spatial);
    g.node("BatchNormalization", {"x", "scale", "bias", "mean", "var"}, {"y"}, attrs);
    g.graph.outputs = {g.graph.find_value("y")};
    g.infer();
    Graph upgraded = g.graph;
    if (spatial == 0) {
      CHECK_FALSE(upgrade_to_opset13(upgraded));
      CHECK(upgraded.opset == 7);
      continue;
    }
    const TensorPtr x = random_tensor({2, 3, 4, 5}, 4);
    REQUIRE(upgrade_to_opset13(upgraded));
    CHECK(upgraded.opset == 13);
    CHECK_FALSE(upgraded.nodes[0].has_attr("spatial"));
    const std::vector<TensorPtr> before = run_reference(g.graph, {x});
    const std::vector<TensorPtr> after = run_reference(upgraded, {x});
    REQUIRE(after.size() == 1);
    CHECK(after[0]->bytes == before[0]->bytes);
  }
}

TEST_CASE("upgrade_to_opset13 refuses a softmax over more than the last axis", "[passes][quantize]") {
  OpGraph g(9);
  g.input("x", {2, 3, 4}).node("Softmax", {"x"}, {"y"}, {{"axis", int_attr(1)}});
  g.graph.outputs = {g.graph.find_value("y")};
  g.infer();
  Graph copy = g.graph;
  CHECK_FALSE(upgrade_to_opset13(copy));
  CHECK(copy.opset == 9);
  CHECK(copy.nodes[0].attr_int("axis", 0) == 1);
}
