// Shape rules of data-movement, shape and reduction ops on awkward cases.
// Every expected shape is worked out from the ONNX operator spec by hand.
#include <limits>

#include "ops_test_util.h"

using namespace nnslim;
using namespace nnslim::test;

TEST_CASE("Reshape: 0 copies, -1 infers, allowzero", "[ops][shape]") {
  {
    OpGraph g;  // spec example: [2,3,4] with [0,0,-1]? here [2,0,-1,2] -> [2,3,2,2]
    g.input("x", {2, 3, 4}).ints("s", {2, 0, -1, 2}).node("Reshape", {"x", "s"}, {"y"}).infer();
    CHECK(g.shape("y") == Shape{2, 3, 2, 2});
  }
  {
    OpGraph g(14);  // allowzero=1: 0 is a real zero dim ([0,4] from an empty [0,3,4])
    g.input("x", {0, 3, 4}).ints("s", {3, 4, 0}).node("Reshape", {"x", "s"}, {"y"}, {{"allowzero", int_attr(1)}}).infer();
    CHECK(g.shape("y") == Shape{3, 4, 0});
  }
  {
    OpGraph g(1);  // opset < 5: shape attribute
    g.input("x", {6}).node("Reshape", {"x"}, {"y"}, {{"shape", ints_attr({3, -1})}}).infer();
    CHECK(g.shape("y") == Shape{3, 2});
  }
  SECTION("errors") {
    OpGraph two;
    two.input("x", {6}).ints("s", {-1, -1}).node("Reshape", {"x", "s"}, {"y"}, {}, "r2");
    REQUIRE_INFER_FAILS(two, "r2", "more than one -1");
    OpGraph size;
    size.input("x", {2, 3}).ints("s", {4, 2}).node("Reshape", {"x", "s"}, {"y"}, {}, "r3");
    REQUIRE_INFER_FAILS(size, "r3", "cannot reshape");
    OpGraph ndiv;
    ndiv.input("x", {2, 3}).ints("s", {4, -1}).node("Reshape", {"x", "s"}, {"y"}, {}, "r4");
    REQUIRE_INFER_FAILS(ndiv, "r4", "not a multiple");
    OpGraph dyn;
    dyn.input("x", {2, 3}).input("s", {2}, DType::Int64).node("Reshape", {"x", "s"}, {"y"}, {}, "r5");
    REQUIRE_INFER_FAILS(dyn, "r5", "must be a constant");
  }
}

TEST_CASE("Flatten splits at axis", "[ops][shape]") {
  struct Case { int64_t axis; Shape out; };
  for (const Case& c : {Case{0, {1, 120}}, Case{1, {2, 60}}, Case{3, {24, 5}}, Case{4, {120, 1}}, Case{-1, {24, 5}}}) {
    OpGraph g;
    g.input("x", {2, 3, 4, 5}).node("Flatten", {"x"}, {"y"}, {{"axis", int_attr(c.axis)}}).infer();
    CHECK(g.shape("y") == c.out);
  }
  OpGraph bad;
  bad.input("x", {2, 3}).node("Flatten", {"x"}, {"y"}, {{"axis", int_attr(3)}}, "fl");
  REQUIRE_INFER_FAILS(bad, "fl", "out of range");
}

TEST_CASE("Squeeze/Unsqueeze: attribute before 13, input from 13", "[ops][shape]") {
  {
    OpGraph g(11);
    g.input("x", {1, 3, 1, 5}).node("Squeeze", {"x"}, {"y"}, {{"axes", ints_attr({-2})}}).infer();
    CHECK(g.shape("y") == Shape{1, 3, 5});
  }
  {
    OpGraph g(13);
    g.input("x", {1, 3, 1, 5}).node("Squeeze", {"x"}, {"y"}).infer();  // no axes: every 1
    CHECK(g.shape("y") == Shape{3, 5});
  }
  {
    OpGraph g(13);  // spec: [3,4,5] unsqueeze axes [0,4] -> [1,3,4,5,1]
    g.input("x", {3, 4, 5}).ints("axes", {0, 4}).node("Unsqueeze", {"x", "axes"}, {"y"}).infer();
    CHECK(g.shape("y") == Shape{1, 3, 4, 5, 1});
  }
  {
    OpGraph g(11);  // negative axes count from the output rank: [3,4,5], [-1,-3] -> [3,4,1,5,1]
    g.input("x", {3, 4, 5}).node("Unsqueeze", {"x"}, {"y"}, {{"axes", ints_attr({-1, -3})}}).infer();
    CHECK(g.shape("y") == Shape{3, 4, 1, 5, 1});
  }
  SECTION("errors") {
    OpGraph not_one(13);
    not_one.input("x", {1, 3}).ints("axes", {1}).node("Squeeze", {"x", "axes"}, {"y"}, {}, "sq");
    REQUIRE_INFER_FAILS(not_one, "sq", "size is not 1");
    OpGraph dup(13);
    dup.input("x", {3}).ints("axes", {0, 0}).node("Unsqueeze", {"x", "axes"}, {"y"}, {}, "usq");
    REQUIRE_INFER_FAILS(dup, "usq", "listed twice");
    OpGraph range(13);
    range.input("x", {3}).ints("axes", {2}).node("Unsqueeze", {"x", "axes"}, {"y"}, {}, "usq2");
    REQUIRE_INFER_FAILS(range, "usq2", "out of range");
    OpGraph form(13);
    form.input("x", {1, 3}).node("Squeeze", {"x"}, {"y"}, {{"axes", ints_attr({0})}}, "sq_attr");
    REQUIRE_INFER_FAILS(form, "sq_attr", "is an input");
  }
}

TEST_CASE("Transpose: default reverses, perm validated", "[ops][shape]") {
  OpGraph g;
  g.input("x", {2, 3, 4}).node("Transpose", {"x"}, {"y"}).node("Transpose", {"x"}, {"z"}, {{"perm", ints_attr({1, 2, 0})}}, "t2").infer();
  CHECK(g.shape("y") == Shape{4, 3, 2});
  CHECK(g.shape("z") == Shape{3, 4, 2});
  OpGraph bad;
  bad.input("x", {2, 3}).node("Transpose", {"x"}, {"y"}, {{"perm", ints_attr({0, 0})}}, "tp");
  REQUIRE_INFER_FAILS(bad, "tp", "not a permutation");
}

TEST_CASE("Concat sums the axis, checks the rest", "[ops][shape]") {
  OpGraph g;
  g.input("a", {2, 0, 4}).input("b", {2, 3, 4}).input("c", {2, 5, 4}).node("Concat", {"a", "b", "c"}, {"y"}, {{"axis", int_attr(-2)}}).infer();
  CHECK(g.shape("y") == Shape{2, 8, 4});
  OpGraph bad;
  bad.input("a", {2, 3}).input("b", {3, 3}).node("Concat", {"a", "b"}, {"y"}, {{"axis", int_attr(1)}}, "cc");
  REQUIRE_INFER_FAILS(bad, "cc", "does not match");
  OpGraph noaxis;
  noaxis.input("a", {2}).node("Concat", {"a"}, {"y"}, {}, "cc2");
  REQUIRE_INFER_FAILS(noaxis, "cc2", "axis is required");
}

TEST_CASE("Split: attribute, input, equal parts, num_outputs", "[ops][shape]") {
  {
    OpGraph g(11);
    g.input("x", {2, 6}).node("Split", {"x"}, {"a", "b"}, {{"axis", int_attr(1)}, {"split", ints_attr({2, 4})}}).infer();
    CHECK(g.shape("a") == Shape{2, 2});
    CHECK(g.shape("b") == Shape{2, 4});
  }
  {
    OpGraph g(13);
    g.input("x", {6}).node("Split", {"x"}, {"a", "b", "c"}).infer();
    CHECK(g.shape("c") == Shape{2});
  }
  {
    OpGraph g(18);  // 7 into 3: ceil(7/3) = 3 -> [3, 3, 1]
    g.input("x", {7, 2}).node("Split", {"x"}, {"a", "b", "c"}, {{"num_outputs", int_attr(3)}}).infer();
    CHECK(g.shape("a") == Shape{3, 2});
    CHECK(g.shape("c") == Shape{1, 2});
  }
  {
    OpGraph g(13);
    g.input("x", {5}).ints("s", {1, 4}).node("Split", {"x", "s"}, {"a", "b"}).infer();
    CHECK(g.shape("b") == Shape{4});
  }
  OpGraph uneven(13);
  uneven.input("x", {5}).node("Split", {"x"}, {"a", "b"}, {}, "sp");
  REQUIRE_INFER_FAILS(uneven, "sp", "does not split evenly");
  OpGraph sum(13);
  sum.input("x", {5}).ints("s", {1, 3}).node("Split", {"x", "s"}, {"a", "b"}, {}, "sp2");
  REQUIRE_INFER_FAILS(sum, "sp2", "sum to 4");
}

TEST_CASE("Slice clamps, counts negative steps", "[ops][shape]") {
  struct Case { std::vector<int64_t> starts, ends, axes, steps; Shape out; };
  // x is [20, 10, 5]; results from the spec's clamping rules.
  const Case cases[] = {
      {{0, 0}, {3, 10}, {0, 1}, {1, 1}, {3, 10, 5}},
      {{1}, {1000}, {1}, {3}, {20, 3, 5}},                     // 1,4,7
      {{-1}, {-1000}, {1}, {-1}, {20, 10, 5}},                 // 9..0
      {{20}, {-100}, {0}, {-2}, {10, 10, 5}},                  // start clamps to 19: 19,17,...,1
      {{5}, {2}, {2}, {1}, {20, 10, 0}},                       // empty
      {{-3}, {INT64_MAX}, {0}, {1}, {3, 10, 5}},
      {{0}, {INT64_MIN}, {1}, {-1}, {20, 1, 5}},               // only index 0
  };
  for (const Case& c : cases) {
    OpGraph g(13);
    g.input("x", {20, 10, 5}).ints("st", c.starts).ints("en", c.ends).ints("ax", c.axes).ints("sp", c.steps);
    g.node("Slice", {"x", "st", "en", "ax", "sp"}, {"y"}).infer();
    CHECK(g.shape("y") == c.out);
  }
  {
    OpGraph g(9);  // attribute form, axes default to 0..n-1
    g.input("x", {4, 6}).node("Slice", {"x"}, {"y"}, {{"starts", ints_attr({1, -4})}, {"ends", ints_attr({3, 100})}}).infer();
    CHECK(g.shape("y") == Shape{2, 4});
  }
  OpGraph zero(13);
  zero.input("x", {4}).ints("st", {0}).ints("en", {4}).ints("ax", {0}).ints("sp", {0});
  zero.node("Slice", {"x", "st", "en", "ax", "sp"}, {"y"}, {}, "sl");
  REQUIRE_INFER_FAILS(zero, "sl", "step must not be 0");
  OpGraph axis(13);
  axis.input("x", {4}).ints("st", {0}).ints("en", {4}).ints("ax", {1});
  axis.node("Slice", {"x", "st", "en", "ax"}, {"y"}, {}, "sl2");
  REQUIRE_INFER_FAILS(axis, "sl2", "out of range");
}

TEST_CASE("Pad adds begin and end, may crop", "[ops][shape]") {
  {
    OpGraph g(11);
    g.input("x", {1, 3, 4, 5}).ints("p", {0, 0, 1, -1, 0, 0, 2, 3}).node("Pad", {"x", "p"}, {"y"}).infer();
    CHECK(g.shape("y") == Shape{1, 3, 7, 7});
  }
  {
    OpGraph g(2);
    g.input("x", {3, 2}).node("Pad", {"x"}, {"y"}, {{"pads", ints_attr({1, 0, 1, 2})}, {"mode", string_attr("reflect")}}).infer();
    CHECK(g.shape("y") == Shape{5, 4});
  }
  {
    OpGraph g(18);  // axes input: pads cover only axis -1
    g.input("x", {3, 2}).ints("p", {1, 1}).ints("ax", {-1}).node("Pad", {"x", "p", "", "ax"}, {"y"}).infer();
    CHECK(g.shape("y") == Shape{3, 4});
  }
  OpGraph count(11);
  count.input("x", {3, 2}).ints("p", {1, 1}).node("Pad", {"x", "p"}, {"y"}, {}, "pd");
  REQUIRE_INFER_FAILS(count, "pd", "expected 4");
  OpGraph mode(11);
  mode.input("x", {3}).ints("p", {1, 1}).node("Pad", {"x", "p"}, {"y"}, {{"mode", string_attr("wrap")}}, "pd2");
  REQUIRE_INFER_FAILS(mode, "pd2", "not supported");
}

TEST_CASE("Gather splices the index shape in at axis", "[ops][shape]") {
  OpGraph g;
  g.input("d", {5, 4, 3}).input("i", {2, 6}, DType::Int64).node("Gather", {"d", "i"}, {"y"}, {{"axis", int_attr(1)}}).infer();
  CHECK(g.shape("y") == Shape{5, 2, 6, 3});
  OpGraph scalar;
  scalar.input("d", {5, 4}).ints("i", {-1}, {}).node("Gather", {"d", "i"}, {"y"}).infer();
  CHECK(scalar.shape("y") == Shape{4});
  OpGraph range;
  range.input("d", {5, 4}).ints("i", {5}).node("Gather", {"d", "i"}, {"y"}, {}, "ga");
  REQUIRE_INFER_FAILS(range, "ga", "out of range");
  OpGraph axis;
  axis.input("d", {5, 4}).ints("i", {0}).node("Gather", {"d", "i"}, {"y"}, {{"axis", int_attr(-3)}}, "ga2");
  REQUIRE_INFER_FAILS(axis, "ga2", "out of range");
}

TEST_CASE("Expand broadcasts both ways; Tile multiplies", "[ops][shape]") {
  OpGraph g;  // spec: [3,1] expand [2,1,6] -> [2,3,6]
  g.input("x", {3, 1}).ints("s", {2, 1, 6}).node("Expand", {"x", "s"}, {"y"}).infer();
  CHECK(g.shape("y") == Shape{2, 3, 6});
  OpGraph t;
  t.input("x", {2, 3}).ints("r", {2, 0}).node("Tile", {"x", "r"}, {"y"}).infer();
  CHECK(t.shape("y") == Shape{4, 0});
  OpGraph bad;
  bad.input("x", {3}).ints("s", {2}).node("Expand", {"x", "s"}, {"y"}, {}, "ex");
  REQUIRE_INFER_FAILS(bad, "ex", "cannot be broadcast");
  OpGraph badt;
  badt.input("x", {3}).ints("r", {2, 2}).node("Tile", {"x", "r"}, {"y"}, {}, "ti");
  REQUIRE_INFER_FAILS(badt, "ti", "one entry per input dim");
}

TEST_CASE("Reduce ops: axes forms, keepdims, noop_with_empty_axes", "[ops][shape]") {
  {
    OpGraph g(13);
    g.input("x", {3, 2, 2}).node("ReduceMean", {"x"}, {"y"}, {{"axes", ints_attr({1})}, {"keepdims", int_attr(0)}}).infer();
    CHECK(g.shape("y") == Shape{3, 2});
  }
  {
    OpGraph g(13);  // ReduceSum takes axes as an input from 13; none = all axes
    g.input("x", {3, 2, 2}).node("ReduceSum", {"x"}, {"y"}).infer();
    CHECK(g.shape("y") == Shape{1, 1, 1});
  }
  {
    OpGraph g(13);
    g.input("x", {3, 2, 2}).ints("a", {}, {0}).node("ReduceSum", {"x", "a"}, {"y"}, {{"noop_with_empty_axes", int_attr(1)}}).infer();
    CHECK(g.shape("y") == Shape{3, 2, 2});
  }
  {
    OpGraph g(18);
    g.input("x", {3, 2, 2}).ints("a", {-1, 0}).node("ReduceMax", {"x", "a"}, {"y"}, {{"keepdims", int_attr(0)}}).infer();
    CHECK(g.shape("y") == Shape{2});
  }
  OpGraph dup(11);
  dup.input("x", {3, 2}).node("ReduceMin", {"x"}, {"y"}, {{"axes", ints_attr({1, -1})}}, "rd");
  REQUIRE_INFER_FAILS(dup, "rd", "listed twice");
  OpGraph form(13);
  form.input("x", {3, 2}).node("ReduceSum", {"x"}, {"y"}, {{"axes", ints_attr({1})}}, "rs");
  REQUIRE_INFER_FAILS(form, "rs", "is an input");
}

TEST_CASE("Cast, Constant, ConstantOfShape, Shape, Range types and shapes", "[ops][shape]") {
  OpGraph g(15);
  g.input("x", {2, 3, 4}).node("Cast", {"x"}, {"c"}, {{"to", int_attr(7)}});
  g.node("Shape", {"x"}, {"s"}, {{"start", int_attr(-2)}}, "shape_tail");
  g.node("ConstantOfShape", {"s"}, {"z"}, {}, "cos");
  g.node("Constant", {}, {"k"}, {{"value_ints", ints_attr({4, 5, 6})}}, "k");
  g.ints("r0", {10}, {}).ints("r1", {1}, {}).ints("r2", {-3}, {}).node("Range", {"r0", "r1", "r2"}, {"r"}).infer();
  CHECK(g.dtype("c") == DType::Int64);
  CHECK(g.shape("c") == Shape{2, 3, 4});
  CHECK(g.folded_ints("s") == std::vector<int64_t>{3, 4});
  CHECK(g.shape("z") == Shape{3, 4});
  CHECK(g.dtype("z") == DType::Float32);  // default value: float 0
  CHECK(g.folded_ints("k") == std::vector<int64_t>{4, 5, 6});
  CHECK(g.folded_ints("r") == std::vector<int64_t>{10, 7, 4});  // ceil((1-10)/-3) = 3 elements

  // Integer Range lengths are exact at the ends of int64 (the distance and
  // the step each need 64 bits there).
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min(), kMax = std::numeric_limits<int64_t>::max();
  const struct {
    int64_t start, limit, delta, length;
  } ranges[] = {{kMin, kMin + 10, 3, 4},     {kMin, kMax, int64_t{1} << 62, 4}, {kMax, kMin, -(int64_t{1} << 62), 4},
                {kMax, kMin, kMin, 2},       {kMax - 1, kMax, kMin, 0},         {kMin, kMax, kMin, 0},
                {-5, 5, kMin, 0},            {5, -5, 1, 0},                     {kMin, kMin + 1, kMax, 1},
                {7, 7, -1, 0}};
  for (const auto& r : ranges) {
    INFO(r.start << ", " << r.limit << ", " << r.delta);
    OpGraph rg(11);
    rg.ints("a", {r.start}, {}).ints("b", {r.limit}, {}).ints("c", {r.delta}, {}).node("Range", {"a", "b", "c"}, {"y"});
    rg.infer();
    CHECK(rg.shape("y") == Shape{r.length});
  }
  for (const int64_t limit : {kMax, (int64_t{1} << 40) + 1}) {
    OpGraph huge(11);
    huge.ints("a", {limit == kMax ? kMin : 0}, {}).ints("b", {limit}, {}).ints("c", {1}, {});
    huge.node("Range", {"a", "b", "c"}, {"y"}, {}, "rh");
    REQUIRE_INFER_FAILS(huge, "rh", "too large");
  }

  OpGraph bad_to;
  bad_to.input("x", {2}).node("Cast", {"x"}, {"y"}, {{"to", int_attr(99)}}, "ct");
  REQUIRE_INFER_FAILS(bad_to, "ct", "not a known data type");
  OpGraph dyn;
  dyn.input("a", {}, DType::Int64).ints("b", {5}, {}).ints("c", {1}, {}).node("Range", {"a", "b", "c"}, {"r"}, {}, "rg");
  REQUIRE_INFER_FAILS(dyn, "rg", "must be constants");
}

TEST_CASE("Dropout mask and LayerNormalization statistics outputs", "[ops][shape]") {
  OpGraph d(13);
  d.input("x", {2, 3}).node("Dropout", {"x"}, {"y", "mask"}).infer();
  CHECK(d.shape("mask") == Shape{2, 3});
  CHECK(d.dtype("mask") == DType::Bool);

  OpGraph ln(17);
  ln.input("x", {2, 3, 4}).weight("s", {3, 4}).weight("b", {4});
  ln.node("LayerNormalization", {"x", "s", "b"}, {"y", "mean", "inv"}, {{"axis", int_attr(1)}}).infer();
  CHECK(ln.shape("y") == Shape{2, 3, 4});
  CHECK(ln.shape("mean") == Shape{2, 1, 1});
  CHECK(ln.shape("inv") == Shape{2, 1, 1});

  OpGraph bad(17);
  bad.input("x", {2, 3, 4}).weight("s", {3}).node("LayerNormalization", {"x", "s"}, {"y"}, {}, "ln");
  REQUIRE_INFER_FAILS(bad, "ln", "does not broadcast");

  OpGraph in;
  in.input("x", {2, 3, 5}).weight("s", {2}).weight("b", {3}).node("InstanceNormalization", {"x", "s", "b"}, {"y"}, {}, "inn");
  REQUIRE_INFER_FAILS(in, "inn", "one per channel");
}

TEST_CASE("extreme attribute values fail cleanly or clamp", "[ops][shape][errors]") {
  {
    OpGraph g(13);  // a step longer than the axis takes one element: ceil((4 - -1) / 2^63) = 1
    g.input("x", {5}).ints("st", {4}).ints("en", {INT64_MIN}).ints("ax", {0}).ints("sp", {INT64_MIN});
    g.node("Slice", {"x", "st", "en", "ax", "sp"}, {"y"}).infer();
    CHECK(g.shape("y") == Shape{1});
  }
  OpGraph reshape;
  reshape.input("x", {2}).ints("s", {INT64_MAX / 2, 4, 0}).node("Reshape", {"x", "s"}, {"y"}, {}, "huge_reshape");
  REQUIRE_INFER_FAILS(reshape, "huge_reshape", "");
  OpGraph pad(11);
  pad.input("x", {2}).ints("p", {INT64_MAX, INT64_MAX}).node("Pad", {"x", "p"}, {"y"}, {}, "huge_pad");
  REQUIRE_INFER_FAILS(pad, "huge_pad", "too large");
  OpGraph tile;
  tile.input("x", {1 << 20}).ints("r", {int64_t{1} << 40}).node("Tile", {"x", "r"}, {"y"}, {}, "huge_tile");
  REQUIRE_INFER_FAILS(tile, "huge_tile", "too large");
  OpGraph cos;
  cos.ints("s", {1 << 30, 1 << 30}).node("ConstantOfShape", {"s"}, {"y"}, {}, "huge_fill");
  REQUIRE_INFER_FAILS(cos, "huge_fill", "too many elements");
  OpGraph split(13);
  split.input("x", {4}).ints("s", {INT64_MAX, 5}).node("Split", {"x", "s"}, {"a", "b"}, {}, "huge_split");
  REQUIRE_INFER_FAILS(split, "huge_split", "outside");
}
