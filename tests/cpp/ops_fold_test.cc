// Constant folding of shape arithmetic: the chains exporters emit must end in
// constants that Reshape/Expand/Resize can read; big tensors and weights must
// not be folded. Expected values are worked out by hand from the op semantics.
#include "ops_test_util.h"

using namespace nnslim;
using namespace nnslim::test;

TEST_CASE("Shape -> Gather -> Unsqueeze -> Concat -> Reshape folds", "[ops][fold]") {
  OpGraph g(13);
  g.input("x", {2, 3, 4, 5}).ints("zero", {0}, {}).ints("axes", {0}).ints("minus1", {-1});
  g.node("Shape", {"x"}, {"s"});
  g.node("Gather", {"s", "zero"}, {"n"});
  g.node("Unsqueeze", {"n", "axes"}, {"n1"});
  g.node("Concat", {"n1", "minus1"}, {"target"}, {{"axis", int_attr(0)}});
  g.node("Reshape", {"x", "target"}, {"y"}).infer();
  CHECK(g.folded_ints("s") == std::vector<int64_t>{2, 3, 4, 5});
  CHECK(g.shape("n").empty());
  CHECK(g.folded_ints("n") == std::vector<int64_t>{2});
  CHECK(g.folded_ints("target") == std::vector<int64_t>{2, -1});
  CHECK(g.shape("y") == Shape{2, 60});
  CHECK_FALSE(g.value("y").constant);          // x is a graph input: nothing to fold
  CHECK_FALSE(g.value("target").is_param);     // folded values are not weights
  CHECK_FALSE(g.value("s").is_param);
}

TEST_CASE("integer arithmetic folds with C semantics", "[ops][fold]") {
  OpGraph g(13);
  g.input("x", {2, 3, 4, 5}).ints("st", {2}).ints("en", {4}).ints("three", {3}, {}).ints("seven", {7}, {});
  g.ints("neg", {-7}, {}).ints("two", {2}, {});
  g.node("Shape", {"x"}, {"s"});
  g.node("Slice", {"s", "st", "en"}, {"hw"});
  g.node("ReduceProd", {"hw"}, {"area"}, {{"keepdims", int_attr(0)}});
  g.node("Mul", {"area", "three"}, {"m"}, {}, "mul");
  g.node("Div", {"m", "seven"}, {"d"}, {}, "div");
  g.node("Div", {"neg", "two"}, {"dn"}, {}, "div_neg");
  g.node("Sub", {"d", "s"}, {"diff"}, {}, "sub");
  g.node("Pow", {"two", "seven"}, {"p"}, {}, "pow").infer();
  CHECK(g.folded_ints("hw") == std::vector<int64_t>{4, 5});
  CHECK(g.folded_ints("area") == std::vector<int64_t>{20});
  CHECK(g.folded_ints("m") == std::vector<int64_t>{60});
  CHECK(g.folded_ints("d") == std::vector<int64_t>{8});    // 60 / 7 truncates
  CHECK(g.folded_ints("dn") == std::vector<int64_t>{-3});  // toward zero, not floor
  CHECK(g.folded_ints("diff") == std::vector<int64_t>{6, 5, 4, 3});
  CHECK(g.folded_ints("p") == std::vector<int64_t>{128});
}

TEST_CASE("Resize sizes computed through float casts fold", "[ops][fold]") {
  // PyTorch's interpolate(scale_factor=2) export: Shape -> Cast -> Mul -> Floor -> Cast -> Resize(sizes).
  OpGraph g(13);
  g.input("x", {1, 3, 5, 7}).floats("scale", {1, 1, 2.5f, 2});
  g.node("Shape", {"x"}, {"s"});
  g.node("Cast", {"s"}, {"sf"}, {{"to", int_attr(1)}}, "to_float");
  g.node("Mul", {"sf", "scale"}, {"scaled"});
  g.node("Floor", {"scaled"}, {"fl"});
  g.node("Cast", {"fl"}, {"sizes"}, {{"to", int_attr(7)}}, "to_int");
  g.node("Resize", {"x", "", "", "sizes"}, {"y"}).infer();
  CHECK(g.folded_floats("scaled") == std::vector<double>{1, 3, 12.5, 14});
  CHECK(g.folded_ints("sizes") == std::vector<int64_t>{1, 3, 12, 14});
  CHECK(g.shape("y") == Shape{1, 3, 12, 14});
}

TEST_CASE("Equal / Where / Expand / ConstantOfShape fold", "[ops][fold]") {
  OpGraph g(13);
  g.ints("shape", {2, 0, 3}).ints("zero", {0}, {}).ints("one", {1}, {});
  g.node("Equal", {"shape", "zero"}, {"is0"});
  g.node("Where", {"is0", "one", "shape"}, {"fixed"});
  auto seven = Tensor::from_int64({7}, {1});
  g.node("ConstantOfShape", {"fixed"}, {"filled"}, {{"value", Attribute::make_tensor(seven)}});
  g.ints("col", {1, 2, 3}, {3, 1}).ints("to", {3, 2});
  g.node("Expand", {"col", "to"}, {"wide"});
  g.node("Less", {"shape", "one"}, {"lt"});
  g.node("Not", {"lt"}, {"ge"}).infer();
  CHECK(g.folded_ints("is0") == std::vector<int64_t>{0, 1, 0});
  CHECK(g.dtype("is0") == DType::Bool);
  CHECK(g.folded_ints("fixed") == std::vector<int64_t>{2, 1, 3});
  CHECK(g.shape("filled") == Shape{2, 1, 3});
  CHECK(g.dtype("filled") == DType::Int64);
  CHECK(g.folded_ints("filled") == std::vector<int64_t>(6, 7));
  CHECK(g.folded_ints("wide") == std::vector<int64_t>{1, 1, 2, 2, 3, 3});
  CHECK(g.folded_ints("ge") == std::vector<int64_t>{1, 0, 1});
}

TEST_CASE("data movement folds element order correctly", "[ops][fold]") {
  OpGraph g(13);
  g.ints("m", {0, 1, 2, 3, 4, 5}, {2, 3}).ints("ten", {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
  g.ints("st", {-1}).ints("en", {INT64_MIN}).ints("ax", {0}).ints("step", {-3});
  g.ints("idx", {-1, 0}).ints("rep", {1, 2}).ints("sp", {1, 2});
  g.node("Transpose", {"m"}, {"mt"});
  g.node("Slice", {"ten", "st", "en", "ax", "step"}, {"rev"});
  g.node("Gather", {"m", "idx"}, {"cols"}, {{"axis", int_attr(1)}});
  g.node("Tile", {"m", "rep"}, {"tiled"});
  g.node("Split", {"m", "sp"}, {"left", "right"}, {{"axis", int_attr(1)}});
  g.node("Flatten", {"m"}, {"flat"}, {{"axis", int_attr(0)}}).infer();
  CHECK(g.folded_ints("mt") == std::vector<int64_t>{0, 3, 1, 4, 2, 5});
  CHECK(g.folded_ints("rev") == std::vector<int64_t>{9, 6, 3, 0});
  CHECK(g.shape("cols") == Shape{2, 2});
  CHECK(g.folded_ints("cols") == std::vector<int64_t>{2, 0, 5, 3});
  CHECK(g.folded_ints("tiled") == std::vector<int64_t>{0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5});
  CHECK(g.folded_ints("left") == std::vector<int64_t>{0, 3});
  CHECK(g.folded_ints("right") == std::vector<int64_t>{1, 2, 4, 5});
  CHECK(g.folded_ints("flat") == std::vector<int64_t>{0, 1, 2, 3, 4, 5});
  CHECK(g.shape("flat") == Shape{1, 6});
}

TEST_CASE("Concat, Range, Cast and Reduce fold values", "[ops][fold]") {
  OpGraph g(13);
  g.ints("a", {1, 2, 3, 4}, {2, 2}).ints("b", {9, 8}, {2, 1});
  g.node("Concat", {"a", "b"}, {"ab"}, {{"axis", int_attr(1)}});
  g.floats("r0", {0.5f}, {}).floats("r1", {2}, {}).floats("r2", {0.5f}, {});
  g.node("Range", {"r0", "r1", "r2"}, {"r"});
  g.floats("f", {-1.7f, 2.9f, 0.f});
  g.node("Cast", {"f"}, {"fi"}, {{"to", int_attr(7)}}, "c1");
  g.node("Cast", {"f"}, {"fb"}, {{"to", int_attr(9)}}, "c2");
  g.node("ReduceSum", {"ab"}, {"rows"}, {{"keepdims", int_attr(1)}}, "rsum");
  g.node("ReduceMax", {"ab"}, {"rowmax"}, {{"axes", ints_attr({1})}, {"keepdims", int_attr(0)}}, "rmax");
  g.node("ReduceMean", {"f"}, {"mean"}, {{"axes", ints_attr({0})}}, "rmean").infer();
  CHECK(g.folded_ints("ab") == std::vector<int64_t>{1, 2, 9, 3, 4, 8});
  CHECK(g.folded_floats("r") == std::vector<double>{0.5, 1.0, 1.5});
  CHECK(g.folded_ints("fi") == std::vector<int64_t>{-1, 2, 0});
  CHECK(g.folded_ints("fb") == std::vector<int64_t>{1, 1, 0});
  CHECK(g.folded_ints("rows") == std::vector<int64_t>{27});
  CHECK(g.shape("rows") == Shape{1, 1});
  CHECK(g.folded_ints("rowmax") == std::vector<int64_t>{9, 8});
  REQUIRE(g.folded_floats("mean").size() == 1);
  CHECK(g.folded_floats("mean")[0] == Approx((-1.7 + 2.9) / 3).epsilon(1e-6));
}

TEST_CASE("big tensors and weights are not folded", "[ops][fold]") {
  OpGraph g(13);
  g.ints("big_shape", {300, 300}).weight("w", {4, 4});
  g.node("ConstantOfShape", {"big_shape"}, {"big"});
  g.node("Identity", {"w"}, {"w2"});  // unmaterialized weight: nothing to copy
  std::vector<float> many(70000, 1.f);
  g.floats("large", many, {70000});
  g.node("Neg", {"large"}, {"neg_large"}).infer();
  CHECK(g.shape("big") == Shape{300, 300});
  CHECK_FALSE(g.value("big").constant);
  CHECK_FALSE(g.value("w2").constant);
  CHECK_FALSE(g.value("neg_large").constant);
  CHECK(g.shape("neg_large") == Shape{70000});
}

TEST_CASE("folding errors name the node", "[ops][fold][errors]") {
  OpGraph div0(13);
  div0.ints("a", {4}).ints("z", {0}).node("Div", {"a", "z"}, {"q"}, {}, "div0");
  REQUIRE_INFER_FAILS(div0, "div0", "division by zero");
  OpGraph gather(13);
  gather.ints("a", {4, 5}).ints("i", {-3}).node("Gather", {"a", "i"}, {"q"}, {}, "gbad");
  REQUIRE_INFER_FAILS(gather, "gbad", "index -3 is out of range");
}

TEST_CASE("newly registered ops fold through their reference; kNoFold ops do not", "[ops][fold]") {
  OpGraph g(13);
  g.ints("a", {7, -7, 7, -7}).ints("b", {3, 3, -3, -3});
  // Mod without fmod: the sign of the divisor (Python's %): 7 % 3 = 1, -7 % 3 = 2, 7 % -3 = -2, -7 % -3 = -1.
  g.node("Mod", {"a", "b"}, {"m"}, {}, "mod");
  g.node("GreaterOrEqual", {"a", "b"}, {"ge"}, {}, "ge");
  g.floats("x", {-2.5f, -0.5f, 0.5f, 1.5f});
  // Round: half to even.
  g.node("Round", {"x"}, {"r"}, {}, "round");
  g.node("Sign", {"x"}, {"s"}, {}, "sign");
  // Sin is kNoFold: its output keeps a shape but no value.
  g.node("Sin", {"x"}, {"sin"}, {}, "sin").infer();
  CHECK(g.folded_ints("m") == std::vector<int64_t>{1, 2, -2, -1});
  CHECK(g.folded_ints("ge") == std::vector<int64_t>{1, 0, 1, 0});
  CHECK(g.folded_floats("r") == std::vector<double>{-2, -0.0, 0, 2});
  CHECK(g.folded_floats("s") == std::vector<double>{-1, -1, 1, 1});
  CHECK_FALSE(g.value("sin").constant);
  CHECK(g.shape("sin") == Shape{4});
}
