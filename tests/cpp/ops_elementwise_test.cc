// Shape rules of elementwise ops: unary, activations, broadcasting binary and
// variadic ops, Where, Clip's opset-dependent forms, PRelu's slope.
// Expected shapes come from the ONNX operator spec (numpy broadcasting rules).
#include "ops_test_util.h"

using namespace nnslim;
using namespace nnslim::test;

TEST_CASE("unary elementwise ops keep shape and dtype", "[ops][shape]") {
  for (const char* op : {"Relu", "Sigmoid", "Tanh", "Sqrt", "Exp", "Log", "Neg", "Abs", "Reciprocal", "Floor", "Ceil",
                         "Erf", "Softplus", "Softsign", "Elu", "Selu", "LeakyRelu", "HardSigmoid", "HardSwish",
                         "Identity"}) {
    INFO(op);
    OpGraph g;
    g.input("x", {2, 0, 5}).node(op, {"x"}, {"y"}).infer();
    CHECK(g.shape("y") == Shape{2, 0, 5});
    CHECK(g.dtype("y") == DType::Float32);
  }
}

TEST_CASE("Not needs bool", "[ops][shape]") {
  OpGraph ok;
  ok.input("x", {3}, DType::Bool).node("Not", {"x"}, {"y"}).infer();
  CHECK(ok.dtype("y") == DType::Bool);
  OpGraph bad;
  bad.input("x", {3}).node("Not", {"x"}, {"y"});
  REQUIRE_INFER_FAILS(bad, "node_Not", "bool");
}

TEST_CASE("binary ops broadcast numpy-style", "[ops][shape]") {
  struct Case { Shape a, b, out; };
  // From the ONNX broadcasting doc: (2,3,4,5)+(5,) ; (4,5) ; (1,4,5) ; (3,4,1) etc.
  const Case cases[] = {
      {{2, 3, 4, 5}, {}, {2, 3, 4, 5}},        {{2, 3, 4, 5}, {5}, {2, 3, 4, 5}},
      {{4, 5}, {2, 3, 4, 5}, {2, 3, 4, 5}},    {{1, 4, 5}, {2, 3, 1, 1}, {2, 3, 4, 5}},
      {{3, 4, 5}, {2, 1, 1, 1}, {2, 3, 4, 5}}, {{1}, {0}, {0}},
      {{5, 1}, {1, 6}, {5, 6}},
  };
  for (const char* op : {"Add", "Sub", "Mul", "Div", "Pow"})
    for (const Case& c : cases) {
      OpGraph g;
      g.input("a", c.a).input("b", c.b).node(op, {"a", "b"}, {"y"}).infer();
      CHECK(g.shape("y") == c.out);
      CHECK(g.dtype("y") == DType::Float32);
    }
}

TEST_CASE("comparisons give bool", "[ops][shape]") {
  for (const char* op : {"Equal", "Less", "Greater"}) {
    OpGraph g;
    g.input("a", {3, 1}, DType::Int64).input("b", {4}, DType::Int64).node(op, {"a", "b"}, {"y"}).infer();
    CHECK(g.shape("y") == Shape{3, 4});
    CHECK(g.dtype("y") == DType::Bool);
  }
}

TEST_CASE("binary op errors name the node", "[ops][shape][errors]") {
  SECTION("incompatible broadcast") {
    OpGraph g;
    g.input("a", {2, 3}).input("b", {4}).node("Add", {"a", "b"}, {"y"}, {}, "add_bad");
    REQUIRE_INFER_FAILS(g, "add_bad", "cannot be broadcast");
  }
  SECTION("dtype mismatch") {
    OpGraph g;
    g.input("a", {2}).input("b", {2}, DType::Int64).node("Mul", {"a", "b"}, {"y"}, {}, "mul_bad");
    REQUIRE_INFER_FAILS(g, "mul_bad", "different dtypes");
  }
  SECTION("wrong input count") {
    OpGraph g;
    g.input("a", {2}).node("Sub", {"a"}, {"y"}, {}, "sub_one");
    REQUIRE_INFER_FAILS(g, "sub_one", "inputs");
  }
}

TEST_CASE("legacy broadcast (opset < 7) places B at axis", "[ops][shape]") {
  // Add-6 spec examples: A (2,3,4,5) with B (3,4), axis=1; B (2), axis=0; B (5).
  {
    OpGraph g(6);
    g.input("a", {2, 3, 4, 5}).input("b", {3, 4}).node("Add", {"a", "b"}, {"y"}, {{"broadcast", int_attr(1)}, {"axis", int_attr(1)}}).infer();
    CHECK(g.shape("y") == Shape{2, 3, 4, 5});
  }
  {
    OpGraph g(6);
    g.input("a", {2, 3}).input("b", {2, 1}).node("Add", {"a", "b"}, {"y"}, {{"broadcast", int_attr(1)}, {"axis", int_attr(0)}}).infer();
    CHECK(g.shape("y") == Shape{2, 3});
  }
  {
    OpGraph g(6);
    g.input("a", {2, 3, 4, 5}).input("b", {4}).node("Mul", {"a", "b"}, {"y"}, {{"broadcast", int_attr(1)}}, "legacy");
    REQUIRE_INFER_FAILS(g, "legacy", "does not match");
  }
  {
    OpGraph g(6);
    g.input("a", {2, 3}).input("b", {3}).node("Add", {"a", "b"}, {"y"}, {}, "no_broadcast");
    REQUIRE_INFER_FAILS(g, "no_broadcast", "broadcast=0");
  }
}

TEST_CASE("variadic Max/Min/Sum/Mean broadcast every input", "[ops][shape]") {
  for (const char* op : {"Max", "Min", "Sum", "Mean"}) {
    OpGraph g;
    g.input("a", {3, 1, 1}).input("b", {4, 1}).input("c", {5}).node(op, {"a", "b", "c"}, {"y"}).infer();
    CHECK(g.shape("y") == Shape{3, 4, 5});
    OpGraph one;
    one.input("a", {2, 2}).node(op, {"a"}, {"y"}).infer();
    CHECK(one.shape("y") == Shape{2, 2});
  }
  OpGraph bad;
  bad.input("a", {3}).input("b", {2}).node("Max", {"a", "b"}, {"y"}, {}, "max_bad");
  REQUIRE_INFER_FAILS(bad, "max_bad", "cannot be broadcast");
}

TEST_CASE("Where broadcasts three ways and takes X's dtype", "[ops][shape]") {
  OpGraph g;
  g.input("c", {2, 1, 1}, DType::Bool).input("x", {3, 1}, DType::Int64).input("y", {4}, DType::Int64);
  g.node("Where", {"c", "x", "y"}, {"z"}).infer();
  CHECK(g.shape("z") == Shape{2, 3, 4});
  CHECK(g.dtype("z") == DType::Int64);
  OpGraph bad;
  bad.input("c", {2}).input("x", {2}).input("y", {2}).node("Where", {"c", "x", "y"}, {"z"}, {}, "where_bad");
  REQUIRE_INFER_FAILS(bad, "where_bad", "condition must be bool");
}

TEST_CASE("Clip: attributes before opset 11, optional scalar inputs after", "[ops][shape]") {
  {
    OpGraph g(6);
    g.input("x", {2, 3}).node("Clip", {"x"}, {"y"}, {{"min", float_attr(0)}, {"max", float_attr(6)}}).infer();
    CHECK(g.shape("y") == Shape{2, 3});
  }
  {
    OpGraph g(13);
    g.input("x", {2, 3}).floats("hi", {6}, {}).node("Clip", {"x", "", "hi"}, {"y"}).infer();
    CHECK(g.shape("y") == Shape{2, 3});
  }
  {
    OpGraph g(13);
    g.input("x", {2, 3}).floats("lo", {0, 1}, {2}).node("Clip", {"x", "lo"}, {"y"}, {}, "clip_vec");
    REQUIRE_INFER_FAILS(g, "clip_vec", "scalar");
  }
  {
    OpGraph g(6);
    g.input("x", {2}).floats("lo", {0}, {}).node("Clip", {"x", "lo"}, {"y"}, {}, "clip_old");
    REQUIRE_INFER_FAILS(g, "clip_old", "opset 11");
  }
}

TEST_CASE("PRelu slope broadcasts to X only", "[ops][shape]") {
  OpGraph g;
  g.input("x", {1, 3, 4, 4}).weight("slope", {3, 1, 1}).node("PRelu", {"x", "slope"}, {"y"}).infer();
  CHECK(g.shape("y") == Shape{1, 3, 4, 4});
  OpGraph grow;
  grow.input("x", {3, 1}).weight("slope", {4}).node("PRelu", {"x", "slope"}, {"y"}, {}, "prelu_grow");
  REQUIRE_INFER_FAILS(grow, "prelu_grow", "does not broadcast");
}

TEST_CASE("Softmax axis defaults and range", "[ops][shape]") {
  OpGraph g(11);
  g.input("x", {2, 3, 4}).node("LogSoftmax", {"x"}, {"y"}).infer();
  CHECK(g.shape("y") == Shape{2, 3, 4});
  OpGraph bad;
  bad.input("x", {2, 3}).node("Softmax", {"x"}, {"y"}, {{"axis", int_attr(2)}}, "sm");
  REQUIRE_INFER_FAILS(bad, "sm", "axis 2 is out of range");
}
