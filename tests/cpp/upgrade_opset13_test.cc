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
