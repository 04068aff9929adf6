// run_reference (the graph executor) and reference ops whose semantics hinge
// on details: opset-dependent Softmax, broadcast MatMul, half-pixel Resize,
// float16 rounding. Expected values are derived by hand in the comments.
#include <cmath>
#include <cstring>

#include <catch2/catch.hpp>

#include "reference_test_util.h"
#include "ops/op_registry.h"
#include "ops/reference/tensor_access.h"

using namespace nnslim;
using namespace nnslim::testing;

namespace {

// x [N, 3] (N symbolic) -> Gemm(W [2, 3], transB) -> Relu -> y [N, 2].
Graph small_mlp() {
  Graph g;
  g.opset = 13;
  const int x = g.add_value("x");
  g.value(x).dtype = DType::Float32;
  g.value(x).shape = {kSymbolicDim, 3};
  g.value(x).dim_params = {"N", ""};
  g.value(x).has_shape = true;
  g.inputs.push_back(x);
  const int w = g.add_constant("w", Tensor::from_float({1, 2, 3, -1, -1, -1}, {2, 3}), true);
  const int h = g.add_value("h");
  const int y = g.add_value("y");
  Node gemm = make_node("Gemm", {{"transB", Attribute::make_int(1)}});
  gemm.inputs = {x, w};
  gemm.outputs = {h};
  g.add_node(gemm);
  Node relu = make_node("Relu");
  relu.inputs = {h};
  relu.outputs = {y};
  g.add_node(relu);
  g.outputs.push_back(y);
  return g;
}

}  // namespace

TEST_CASE("run_reference runs a graph with a symbolic batch", "[reference]") {
  const Graph g = small_mlp();
  // Row [1, 1, 1]: W row 0 gives 6, row 1 gives -3 -> relu 0. Row [-1, 0, 2]: 5, -1 -> 0.
  const auto outputs = run_reference(g, {Tensor::from_float({1, 1, 1, -1, 0, 2}, {2, 3})});
  REQUIRE(outputs.size() == 1);
  CHECK(outputs[0]->dims == Shape{2, 2});
  const float* y = outputs[0]->data<float>();
  CHECK(std::vector<float>(y, y + 4) == std::vector<float>{6, 0, 5, 0});
  // The source graph is untouched (still symbolic).
  CHECK(g.value(g.inputs[0]).shape[0] == kSymbolicDim);
}

TEST_CASE("run_reference: wrong inputs name the input and the expected dtype and shape", "[reference]") {
  const Graph g = small_mlp();
  CHECK_THROWS_WITH(run_reference(g, {Tensor::from_int64({1, 2, 3}, {1, 3})}),
                    Catch::Contains("input 'x'") && Catch::Contains("float32 [N, 3]") && Catch::Contains("int64"));
  CHECK_THROWS_WITH(run_reference(g, {Tensor::from_float({1, 2, 3, 4}, {1, 4})}),
                    Catch::Contains("input 'x'") && Catch::Contains("float32 [N, 3]") && Catch::Contains("[1, 4]"));
  CHECK_THROWS_WITH(run_reference(g, {}), Catch::Contains("1 input"));
  CHECK_THROWS_WITH(run_reference(g, {nullptr}), Catch::Contains("input 'x' is missing"));
}

TEST_CASE("reference Softmax: flattened before opset 13, one axis from 13", "[reference]") {
  // X [2, 2] = [[0, ln 3], [0, 0]], axis 0.
  // Opset 11: flatten at axis 0 -> one row of 4: e^x / (1 + 3 + 1 + 1) = [1, 3, 1, 1] / 6.
  // Opset 13: per column: column 0 = [1/2, 1/2], column 1 = [3/4, 1/4].
  std::vector<float> x{0, std::log(3.0f), 0, 0}, y(4);
  TensorView xv = float_view(x, {2, 2}), yv = float_view(y, {2, 2});
  const Node node = make_node("Softmax", {{"axis", Attribute::make_int(0)}});
  run_op(node, 11, {&xv}, {&yv});
  CHECK(y[0] == Approx(1.0 / 6));
  CHECK(y[1] == Approx(3.0 / 6));
  CHECK(y[3] == Approx(1.0 / 6));
  run_op(node, 13, {&xv}, {&yv});
  CHECK(y[0] == Approx(0.5));
  CHECK(y[2] == Approx(0.5));
  CHECK(y[1] == Approx(0.75));
  CHECK(y[3] == Approx(0.25));
}

TEST_CASE("reference MatMul broadcasts batch dims", "[reference]") {
  // A [2, 1, 2, 2], B [3, 2, 2] -> Y [2, 3, 2, 2], Y[i, j] = A[i, 0] @ B[j].
  std::vector<float> a = random_floats(8, 5), b = random_floats(12, 6), y(24);
  TensorView av = float_view(a, {2, 1, 2, 2}), bv = float_view(b, {3, 2, 2}), yv = float_view(y, {2, 3, 2, 2});
  run_op(make_node("MatMul"), 13, {&av, &bv}, {&yv});
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j)
      for (int r = 0; r < 2; ++r)
        for (int c = 0; c < 2; ++c) {
          const float* ai = &a[i * 4];
          const float* bj = &b[j * 4];
          const double expected = double(ai[r * 2 + 0]) * bj[0 * 2 + c] + double(ai[r * 2 + 1]) * bj[1 * 2 + c];
          CHECK(y[((i * 3 + j) * 2 + r) * 2 + c] == Approx(expected).margin(1e-6));
        }
}

TEST_CASE("reference Resize linear, half_pixel, 2 -> 4", "[reference]") {
  // x = (o + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25 over [1, 5]: the ends
  // clamp to the border, the middle interpolates: [1, 0.75*1 + 0.25*5, 0.25*1 + 0.75*5, 5].
  std::vector<float> x{1, 5}, y(4), scales{1, 1, 1, 2};
  TensorView xv = float_view(x, {1, 1, 1, 2}), yv = float_view(y, {1, 1, 1, 4}), sv = float_view(scales, {4});
  run_op(make_node("Resize", {{"mode", Attribute::make_string("linear")}}), 13, {&xv, nullptr, &sv}, {&yv});
  CHECK(y == std::vector<float>{1, 2, 4, 5});
  // nearest, round_prefer_floor: x = -0.25, 0.25, 0.75, 1.25 -> 0, 0, 1, 1.
  run_op(make_node("Resize"), 13, {&xv, nullptr, &sv}, {&yv});
  CHECK(y == std::vector<float>{1, 1, 5, 5});
}

TEST_CASE("float16 conversion: every half round-trips, ties round to even", "[reference]") {
  int mismatches = 0;
  for (uint32_t h = 0; h < 0x10000; ++h) {
    const float f = reference::half_to_float(static_cast<uint16_t>(h));
    if (!std::isnan(f) && reference::float_to_half(f) != h) ++mismatches;
  }
  CHECK(mismatches == 0);
  CHECK(reference::half_to_float(0x0001) == std::ldexp(1.0f, -24));  // smallest subnormal
  CHECK(reference::half_to_float(0xc000) == -2.0f);
  // 1 + 2^-11 lies halfway between 1 (0x3c00) and 1 + 2^-10 (0x3c01): to even, 0x3c00.
  CHECK(reference::float_to_half(1.0f + std::ldexp(1.0f, -11)) == 0x3c00);
  // 1 + 3*2^-11 lies halfway between 0x3c01 and 0x3c02: to even, 0x3c02.
  CHECK(reference::float_to_half(1.0f + 3 * std::ldexp(1.0f, -11)) == 0x3c02);
  CHECK(reference::float_to_half(65520.0f) == 0x7c00);  // rounds past the largest half (65504)
}

TEST_CASE("every op with a shape rule has a reference implementation", "[reference]") {
  // The session falls back to the reference for ops without a fast kernel, so
  // an op in ops/op_list.inc without a reference could not run at all.
  for (const std::string& op : supported_op_types()) {
    INFO(op);
    CHECK(find_reference(op) != nullptr);
  }
  CHECK(find_reference("NoSuchOp") == nullptr);
}

TEST_CASE("reference Cast to uint64: NaN gives 0 as for the signed types, out-of-range values saturate", "[reference]") {
  // A float -> integer conversion of a NaN or of a value outside the type is
  // undefined behaviour in C++ (UBSan found Celu's NaN stored to a uint64
  // tensor); the reference defines it: NaN -> 0, below 0 -> 0, above the
  // range -> the maximum, otherwise truncation toward zero.
  std::vector<float> x{NAN, -1.0f, -0.5f, 3.7f, 1e30f, INFINITY, -INFINITY};
  std::vector<uint64_t> y(x.size(), 12345);
  std::vector<int64_t> signed_y(x.size(), 12345);
  TensorView xv = float_view(x, {7});
  TensorView yv{DType::Uint64, {7}, y.data()}, signed_yv{DType::Int64, {7}, signed_y.data()};
  run_op(make_node("Cast", {{"to", Attribute::make_int(13)}}), 13, {&xv}, {&yv});
  CHECK(y == std::vector<uint64_t>{0, 0, 0, 3, UINT64_MAX, UINT64_MAX, 0});
  run_op(make_node("Cast", {{"to", Attribute::make_int(7)}}), 13, {&xv}, {&signed_yv});
  CHECK(signed_y == std::vector<int64_t>{0, -1, 0, 3, INT64_MAX, INT64_MAX, INT64_MIN});
}
