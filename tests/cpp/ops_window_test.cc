// Shape rules of ConvTranspose, pooling, MatMul and Resize/Upsample.
// Expected shapes are computed by hand from the ONNX spec formulas; several
// mirror ONNX's own test cases (named in comments).
#include "ops_test_util.h"

using namespace nnslim;
using namespace nnslim::test;

namespace {
Shape conv_transpose_shape(const Shape& x, const Shape& w, AttributeMap attrs) {
  OpGraph g;
  g.input("x", x).weight("w", w).node("ConvTranspose", {"x", "w"}, {"y"}, std::move(attrs)).infer();
  return g.shape("y");
}
}  // namespace

TEST_CASE("ConvTranspose geometry", "[ops][shape]") {
  // out = stride*(in-1) + output_padding + (k-1)*dilation + 1 - pad_begin - pad_end
  CHECK(conv_transpose_shape({1, 1, 3, 3}, {1, 2, 3, 3}, {}) == Shape{1, 2, 5, 5});  // test_convtranspose
  CHECK(conv_transpose_shape({1, 1, 3, 3}, {1, 2, 3, 3},
                             {{"strides", ints_attr({3, 2})}, {"pads", ints_attr({1, 2, 1, 2})}}) ==
        Shape{1, 2, 7, 3});  // test_convtranspose_pads
  CHECK(conv_transpose_shape({1, 1, 3, 3}, {1, 2, 3, 3},
                             {{"strides", ints_attr({3, 2})}, {"output_padding", ints_attr({1, 1})}}) ==
        Shape{1, 2, 10, 8});  // 3*2+1+3 = 10, 2*2+1+3 = 8
  CHECK(conv_transpose_shape({1, 1, 3, 3}, {1, 2, 3, 3},
                             {{"strides", ints_attr({3, 2})}, {"output_shape", ints_attr({10, 8})}}) ==
        Shape{1, 2, 10, 8});  // test_convtranspose_output_shape
  CHECK(conv_transpose_shape({1, 1, 3, 3}, {1, 2, 3, 3},
                             {{"strides", ints_attr({2, 2})}, {"auto_pad", string_attr("SAME_UPPER")}}) ==
        Shape{1, 2, 6, 6});  // test_convtranspose_autopad_same
  CHECK(conv_transpose_shape({1, 1, 3, 3}, {1, 1, 2, 2}, {{"dilations", ints_attr({2, 2})}}) ==
        Shape{1, 1, 5, 5});  // test_convtranspose_dilations
  CHECK(conv_transpose_shape({1, 4, 5}, {4, 3, 2}, {{"group", int_attr(2)}}) == Shape{1, 6, 6});
  CHECK(conv_transpose_shape({2, 1, 2, 3, 4}, {1, 1, 1, 1, 1}, {{"strides", ints_attr({1, 2, 3})}}) ==
        Shape{2, 1, 2, 5, 10});

  OpGraph bad;
  bad.input("x", {1, 3, 4, 4}).weight("w", {2, 2, 3, 3}).node("ConvTranspose", {"x", "w"}, {"y"}, {}, "ct");
  REQUIRE_INFER_FAILS(bad, "ct", "input channels");
  OpGraph bias;
  bias.input("x", {1, 2, 4, 4}).weight("w", {2, 3, 3, 3}).weight("b", {2});
  bias.node("ConvTranspose", {"x", "w", "b"}, {"y"}, {}, "ct_b");
  REQUIRE_INFER_FAILS(bias, "ct_b", "bias");
}

namespace {
Shape pool_shape(const char* op, const Shape& x, AttributeMap attrs, int64_t opset = 13) {
  OpGraph g(opset);
  g.input("x", x).node(op, {"x"}, {"y"}, std::move(attrs)).infer();
  return g.shape("y");
}
}  // namespace

TEST_CASE("MaxPool / AveragePool geometry", "[ops][shape]") {
  CHECK(pool_shape("MaxPool", {1, 1, 4, 4}, {{"kernel_shape", ints_attr({3, 3})}, {"strides", ints_attr({2, 2})}, {"ceil_mode", int_attr(1)}}) ==
        Shape{1, 1, 2, 2});  // test_maxpool_2d_ceil
  CHECK(pool_shape("MaxPool", {1, 1, 4, 4}, {{"kernel_shape", ints_attr({3, 3})}, {"strides", ints_attr({2, 2})}}) ==
        Shape{1, 1, 1, 1});
  CHECK(pool_shape("MaxPool", {1, 1, 4, 4}, {{"kernel_shape", ints_attr({2, 2})}, {"dilations", ints_attr({2, 2})}}) ==
        Shape{1, 1, 2, 2});  // test_maxpool_2d_dilations
  CHECK(pool_shape("AveragePool", {1, 3, 32, 32}, {{"kernel_shape", ints_attr({2, 2})}, {"auto_pad", string_attr("SAME_UPPER")}}) ==
        Shape{1, 3, 32, 32});  // test_averagepool_2d_same_upper
  CHECK(pool_shape("AveragePool", {1, 3, 5, 5}, {{"kernel_shape", ints_attr({5, 5})}, {"pads", ints_attr({2, 2, 2, 2})}}) ==
        Shape{1, 3, 5, 5});  // test_averagepool_2d_pads
  CHECK(pool_shape("MaxPool", {1, 3, 32}, {{"kernel_shape", ints_attr({2})}}) == Shape{1, 3, 31});  // test_maxpool_1d_default
  CHECK(pool_shape("AveragePool", {1, 3, 32, 32, 32}, {{"kernel_shape", ints_attr({2, 2, 2})}}) == Shape{1, 3, 31, 31, 31});

  OpGraph indices;
  indices.input("x", {1, 1, 5, 5}).node("MaxPool", {"x"}, {"y", "i"}, {{"kernel_shape", ints_attr({2, 2})}, {"strides", ints_attr({2, 2})}}).infer();
  CHECK(indices.shape("i") == Shape{1, 1, 2, 2});
  CHECK(indices.dtype("i") == DType::Int64);

  OpGraph no_kernel;
  no_kernel.input("x", {1, 1, 4, 4}).node("MaxPool", {"x"}, {"y"}, {}, "mp");
  REQUIRE_INFER_FAILS(no_kernel, "mp", "kernel_shape is required");
  OpGraph too_big;
  too_big.input("x", {1, 1, 2, 2}).node("AveragePool", {"x"}, {"y"}, {{"kernel_shape", ints_attr({3, 3})}}, "ap");
  REQUIRE_INFER_FAILS(too_big, "ap", "larger than the padded input");
  OpGraph rank;
  rank.input("x", {4, 4}).node("AveragePool", {"x"}, {"y"}, {{"kernel_shape", ints_attr({2})}}, "ap2");
  REQUIRE_INFER_FAILS(rank, "ap2", "rank >= 3");
}

TEST_CASE("Global pools keep N and C", "[ops][shape]") {
  CHECK(pool_shape("GlobalAveragePool", {2, 3, 7, 5}, {}) == Shape{2, 3, 1, 1});
  CHECK(pool_shape("GlobalMaxPool", {2, 3, 7, 5, 4}, {}) == Shape{2, 3, 1, 1, 1});
}

TEST_CASE("MatMul follows numpy matmul", "[ops][shape]") {
  struct Case { Shape a, b, out; };
  const Case cases[] = {
      {{2, 3, 4}, {4, 5}, {2, 3, 5}},       {{4}, {4}, {}},
      {{4}, {2, 4, 5}, {2, 5}},             {{3, 4}, {4}, {3}},
      {{2, 1, 3, 4}, {5, 4, 6}, {2, 5, 3, 6}}, {{1, 0}, {0, 7}, {1, 7}},
  };
  for (const Case& c : cases) {
    OpGraph g;
    g.input("a", c.a).input("b", c.b).node("MatMul", {"a", "b"}, {"y"}).infer();
    CHECK(g.shape("y") == c.out);
  }
  OpGraph inner;
  inner.input("a", {3, 4}).input("b", {5, 6}).node("MatMul", {"a", "b"}, {"y"}, {}, "mm");
  REQUIRE_INFER_FAILS(inner, "mm", "inner dims differ");
  OpGraph batch;
  batch.input("a", {2, 3, 4}).input("b", {3, 4, 5}).node("MatMul", {"a", "b"}, {"y"}, {}, "mm2");
  REQUIRE_INFER_FAILS(batch, "mm2", "cannot be broadcast");
}

TEST_CASE("Resize / Upsample output sizes", "[ops][shape]") {
  {
    OpGraph g(10);  // test_resize_downsample_scales_nearest: floor(2*0.6), floor(4*0.6)
    g.input("x", {1, 1, 2, 4}).floats("s", {1, 1, 0.6f, 0.6f}).node("Resize", {"x", "s"}, {"y"}).infer();
    CHECK(g.shape("y") == Shape{1, 1, 1, 2});
  }
  {
    OpGraph g(11);
    g.input("x", {1, 1, 4, 4}).floats("roi", {}, {0}).floats("s", {}, {0}).ints("sz", {1, 1, 3, 2});
    g.node("Resize", {"x", "roi", "s", "sz"}, {"y"}, {{"mode", string_attr("linear")}}).infer();
    CHECK(g.shape("y") == Shape{1, 1, 3, 2});
  }
  {
    OpGraph g(13);
    g.input("x", {1, 1, 2, 2}).floats("s", {1, 1, 2, 3}).node("Resize", {"x", "", "s"}, {"y"}).infer();
    CHECK(g.shape("y") == Shape{1, 1, 4, 6});
  }
  for (auto policy : {std::make_pair("not_larger", Shape{1, 1, 7, 7}), std::make_pair("not_smaller", Shape{1, 1, 8, 8})}) {
    OpGraph g(18);  // test_resize_upsample_sizes_nearest_not_larger / not_smaller: sizes [7, 8] on 2x2
    g.input("x", {1, 1, 2, 2}).ints("sz", {7, 8});
    g.node("Resize", {"x", "", "", "sz"}, {"y"}, {{"axes", ints_attr({2, 3})}, {"keep_aspect_ratio_policy", string_attr(policy.first)}}).infer();
    CHECK(g.shape("y") == policy.second);
  }
  {
    OpGraph g(7);
    g.input("x", {1, 1, 2, 2}).node("Upsample", {"x"}, {"y"}, {{"scales", floats_attr({1, 1, 2, 3})}}).infer();
    CHECK(g.shape("y") == Shape{1, 1, 4, 6});
  }
  {
    OpGraph g(9);
    g.input("x", {1, 1, 2, 2}).floats("s", {1, 1, 2, 2}).node("Upsample", {"x", "s"}, {"y"}).infer();
    CHECK(g.shape("y") == Shape{1, 1, 4, 4});
  }
  OpGraph both(13);
  both.input("x", {1, 1, 2, 2}).floats("s", {1, 1, 2, 2}).ints("sz", {1, 1, 4, 4});
  both.node("Resize", {"x", "", "s", "sz"}, {"y"}, {}, "rs");
  REQUIRE_INFER_FAILS(both, "rs", "exactly one of scales and sizes");
  OpGraph cubic(13);
  cubic.input("x", {1, 1, 2, 2}).floats("s", {1, 1, 2, 2});
  cubic.node("Resize", {"x", "", "s"}, {"y"}, {{"mode", string_attr("cubic")}}, "rs2");
  REQUIRE_INFER_FAILS(cubic, "rs2", "not supported");
  OpGraph rank(13);
  rank.input("x", {1, 1, 2, 2}).floats("s", {2, 2});
  rank.node("Resize", {"x", "", "s"}, {"y"}, {}, "rs3");
  REQUIRE_INFER_FAILS(rank, "rs3", "expected 4");
}
