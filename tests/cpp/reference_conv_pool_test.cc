// Reference Conv / ConvTranspose / pooling against hand-derived values and an
// independent formulation (ConvTranspose as the adjoint of Conv), for the
// cases ONNX's own test data does not reach: groups with dilation 2 in 2-D,
// count_include_pad, column-major MaxPool indices, 3-D windows reaching far
// into the padding.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "reference_test_util.h"

using namespace nnslim;
using namespace nnslim::testing;

TEST_CASE("reference Conv: 2x2 kernel with dilation 2 reads the 3x3 corners", "[reference]") {
  // X = 1..9 in a 3x3 grid, W = [[1, 10], [100, 1000]], dilation 2: the one
  // output is 1*X[0,0] + 10*X[0,2] + 100*X[2,0] + 1000*X[2,2] = 1 + 30 + 700 + 9000.
  std::vector<float> x{1, 2, 3, 4, 5, 6, 7, 8, 9}, w{1, 10, 100, 1000}, y(1);
  TensorView xv = float_view(x, {1, 1, 3, 3}), wv = float_view(w, {1, 1, 2, 2}), yv = float_view(y, {1, 1, 1, 1});
  run_op(make_node("Conv", {{"dilations", Attribute::make_ints({2, 2})}}), 13, {&xv, &wv}, {&yv});
  CHECK(y[0] == 9731.0f);
}

TEST_CASE("reference Conv: groups = 2 with dilation 2 matches per-group convolutions", "[reference]") {
  // Groups: output channels [0, 2) see input channels [0, 2), [2, 4) see [2, 4).
  // Independent formulation: run each group as its own group-1 Conv on the
  // channel slice and compare.
  const Shape x_shape{1, 4, 7, 6}, w_shape{4, 2, 3, 2};
  std::vector<float> x = random_floats(1 * 4 * 7 * 6, 1), w = random_floats(4 * 2 * 3 * 2, 2), b = random_floats(4, 3);
  const AttributeMap common{{"dilations", Attribute::make_ints({2, 2})}, {"strides", Attribute::make_ints({1, 2})},
                            {"pads", Attribute::make_ints({1, 0, 2, 1})}};
  // Output: H = (7 + 3 - 5) / 1 + 1 = 6, W = (6 + 1 - 3) / 2 + 1 = 3.
  std::vector<float> y(1 * 4 * 6 * 3);
  AttributeMap grouped = common;
  grouped["group"] = Attribute::make_int(2);
  TensorView xv = float_view(x, x_shape), wv = float_view(w, w_shape), bv = float_view(b, {4}),
             yv = float_view(y, {1, 4, 6, 3});
  run_op(make_node("Conv", grouped), 13, {&xv, &wv, &bv}, {&yv});

  for (int g = 0; g < 2; ++g) {
    std::vector<float> xg(x.begin() + g * 2 * 42, x.begin() + (g + 1) * 2 * 42);  // 2 channels of 7x6
    std::vector<float> wg(w.begin() + g * 2 * 12, w.begin() + (g + 1) * 2 * 12);  // 2 filters of 2x3x2
    std::vector<float> bg(b.begin() + g * 2, b.begin() + (g + 1) * 2), yg(2 * 6 * 3);
    TensorView xgv = float_view(xg, {1, 2, 7, 6}), wgv = float_view(wg, {2, 2, 3, 2}), bgv = float_view(bg, {2}),
               ygv = float_view(yg, {1, 2, 6, 3});
    run_op(make_node("Conv", common), 13, {&xgv, &wgv, &bgv}, {&ygv});
    for (size_t i = 0; i < yg.size(); ++i) CHECK(y[g * yg.size() + i] == Approx(yg[i]).margin(1e-6));
  }
  // One value by hand: output (n=0, m=0, oh=0, ow=0) starts at input (-1, 0);
  // taps at rows -1, 1, 3 (row -1 is padding) and columns 0, 2.
  double expected = b[0];
  for (int c = 0; c < 2; ++c)
    for (int kh = 1; kh < 3; ++kh)
      for (int kw = 0; kw < 2; ++kw)
        expected += x[(c * 7 + (-1 + 2 * kh)) * 6 + 2 * kw] * w[((0 * 2 + c) * 3 + kh) * 2 + kw];
  CHECK(y[0] == Approx(expected).margin(1e-6));
}

TEST_CASE("reference ConvTranspose is the adjoint of Conv: <Conv(x), y> = <x, ConvT(y)>", "[reference]") {
  // Same weight tensor W [A=4, B=3, 3, 3] and geometry (group 2, stride 2,
  // dilation 2, pads 1/2): Conv maps 6 channels to 4, ConvTranspose maps 4 to 6,
  // and the two are transposes of one linear map.
  const AttributeMap geometry{{"group", Attribute::make_int(2)}, {"strides", Attribute::make_ints({2, 2})},
                              {"dilations", Attribute::make_ints({2, 2})}, {"pads", Attribute::make_ints({1, 2, 2, 1})}};
  // Conv: in 9x8 -> out H = (9 + 3 - 5) / 2 + 1 = 4, W = (8 + 3 - 5) / 2 + 1 = 4.
  // ConvTranspose: 4x4 -> 2*3 + 5 - 3 + output_padding = 8 + op: op = (1, 0) gives 9x8.
  std::vector<float> x = random_floats(6 * 9 * 8, 11), y = random_floats(4 * 4 * 4, 12), w = random_floats(4 * 3 * 9, 13);
  std::vector<float> conv_x(4 * 4 * 4), convt_y(6 * 9 * 8);
  TensorView xv = float_view(x, {1, 6, 9, 8}), yv = float_view(y, {1, 4, 4, 4}), wv = float_view(w, {4, 3, 3, 3});
  TensorView conv_xv = float_view(conv_x, {1, 4, 4, 4}), convt_yv = float_view(convt_y, {1, 6, 9, 8});
  run_op(make_node("Conv", geometry), 13, {&xv, &wv}, {&conv_xv});
  AttributeMap transposed = geometry;
  transposed["output_padding"] = Attribute::make_ints({1, 0});
  run_op(make_node("ConvTranspose", transposed), 13, {&yv, &wv}, {&convt_yv});
  double lhs = 0, rhs = 0;
  for (size_t i = 0; i < y.size(); ++i) lhs += double(conv_x[i]) * y[i];
  for (size_t i = 0; i < x.size(); ++i) rhs += double(x[i]) * convt_y[i];
  CHECK(lhs == Approx(rhs).epsilon(1e-5));
  CHECK(lhs != 0.0);
}

TEST_CASE("reference AveragePool: count_include_pad divides by the padded window", "[reference]") {
  // X = 1..9 (3x3), kernel 3x3, pads 1: the corner window holds 1, 2, 4, 5
  // (sum 12) and five padding zeros; the centre window holds all nine (sum 45).
  std::vector<float> x{1, 2, 3, 4, 5, 6, 7, 8, 9}, y(9);
  TensorView xv = float_view(x, {1, 1, 3, 3}), yv = float_view(y, {1, 1, 3, 3});
  AttributeMap attrs{{"kernel_shape", Attribute::make_ints({3, 3})}, {"pads", Attribute::make_ints({1, 1, 1, 1})}};
  run_op(make_node("AveragePool", attrs), 11, {&xv}, {&yv});
  CHECK(y[0] == Approx(12.0 / 4));
  CHECK(y[4] == Approx(45.0 / 9));
  CHECK(y[1] == Approx((1 + 2 + 3 + 4 + 5 + 6) / 6.0));
  attrs["count_include_pad"] = Attribute::make_int(1);
  run_op(make_node("AveragePool", attrs), 11, {&xv}, {&yv});
  CHECK(y[0] == Approx(12.0 / 9));
  CHECK(y[1] == Approx(21.0 / 9));
  CHECK(y[4] == Approx(45.0 / 9));
}

TEST_CASE("reference MaxPool: Indices in row-major and column-major storage order", "[reference]") {
  // Plane 0 = [[1, 9, 2], [8, 3, 7]], kernel 2x2, stride 1: both windows
  // (columns 0-1 and 1-2) have their maximum 9 at (0, 1). Plane 1 =
  // [[0, 0, 0], [0, 5, 6]]: maxima 5 at (1, 1) and 6 at (1, 2).
  std::vector<float> x{1, 9, 2, 8, 3, 7, 0, 0, 0, 0, 5, 6}, y(4);
  std::vector<int64_t> idx(4);
  TensorView xv = float_view(x, {1, 2, 2, 3}), yv = float_view(y, {1, 2, 1, 2});
  TensorView iv{DType::Int64, {1, 2, 1, 2}, idx.data()};
  AttributeMap attrs{{"kernel_shape", Attribute::make_ints({2, 2})}};
  run_op(make_node("MaxPool", attrs), 12, {&xv}, {&yv, &iv});
  CHECK(y == std::vector<float>{9, 9, 5, 6});
  // Row-major flat index: plane * 6 + h * 3 + w.
  CHECK(idx == std::vector<int64_t>{1, 1, 6 + 4, 6 + 5});
  attrs["storage_order"] = Attribute::make_int(1);
  run_op(make_node("MaxPool", attrs), 12, {&xv}, {&yv, &iv});
  // Column-major within the plane: plane * 6 + w * 2 + h.
  CHECK(idx == std::vector<int64_t>{2, 2, 6 + 3, 6 + 5});
}

namespace {

// The pools by their definition, for the test below: every tap of every
// window, those in the padding skipped (max) or counted (average with
// count_include_pad; the explicit pads only, not ceil_mode's overhang).
struct BruteForcePool {
  std::vector<float> max, avg, avg_with_pad;
  std::vector<int64_t> argmax, argmax_column_major;
};

BruteForcePool brute_force_pool_3d(const std::vector<float>& x, int64_t planes, const Shape& in, const Shape& out,
                                   const Shape& kernel, const Shape& strides, const Shape& dilations,
                                   const Shape& pads) {
  BruteForcePool r;
  const int64_t in_size = in[0] * in[1] * in[2];
  for (int64_t p = 0; p < planes; ++p)
    for (int64_t o0 = 0; o0 < out[0]; ++o0)
      for (int64_t o1 = 0; o1 < out[1]; ++o1)
        for (int64_t o2 = 0; o2 < out[2]; ++o2) {
          const int64_t o[3] = {o0, o1, o2};
          double sum = 0, best = 0;
          int64_t inside = 0, padded = 0, best_at = -1, best_at_cm = -1;
          for (int64_t k0 = 0; k0 < kernel[0]; ++k0)
            for (int64_t k1 = 0; k1 < kernel[1]; ++k1)
              for (int64_t k2 = 0; k2 < kernel[2]; ++k2) {
                const int64_t k[3] = {k0, k1, k2};
                int64_t pos[3];
                bool in_input = true, in_padded = true;
                for (int d = 0; d < 3; ++d) {
                  pos[d] = o[d] * strides[d] - pads[d] + k[d] * dilations[d];
                  in_input = in_input && pos[d] >= 0 && pos[d] < in[d];
                  in_padded = in_padded && pos[d] >= -pads[d] && pos[d] < in[d] + pads[d + 3];
                }
                padded += in_padded;
                if (!in_input) continue;
                ++inside;
                const int64_t flat = (pos[0] * in[1] + pos[1]) * in[2] + pos[2];
                const double v = x[static_cast<size_t>(p * in_size + flat)];
                sum += v;
                if (best_at < 0 || v > best || (std::isnan(v) && !std::isnan(best))) {
                  best = v;
                  best_at = p * in_size + flat;
                  best_at_cm = p * in_size + (pos[2] * in[1] + pos[1]) * in[0] + pos[0];
                }
              }
          r.max.push_back(best_at < 0 ? -INFINITY : static_cast<float>(best));
          r.argmax.push_back(best_at);
          r.argmax_column_major.push_back(best_at_cm);
          r.avg.push_back(inside ? static_cast<float>(sum / inside) : 0.0f);
          r.avg_with_pad.push_back(padded ? static_cast<float>(sum / padded) : 0.0f);
        }
  return r;
}

}  // namespace

TEST_CASE("reference pools in 3-D with wide pads, strides and dilations equal a walk over every tap", "[reference]") {
  // Windows that reach far into the padding (the reference visits only the
  // taps inside the input), a NaN, ties (values in 0..3: the first maximum
  // wins), and windows wholly in the padding.
  const Shape in{4, 3, 5}, kernel{3, 5, 2}, strides{1, 2, 3}, dilations{2, 1, 3}, pads{4, 0, 7, 5, 6, 1};
  // Output dims: (in + pads - ((kernel - 1) * dilation + 1)) / stride + 1 = 9, 3, 4.
  const Shape out{9, 3, 4};
  const int64_t planes = 2, in_size = 4 * 3 * 5, out_size = 9 * 3 * 4;
  std::vector<float> x(static_cast<size_t>(planes * in_size));
  for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>((i * 7 + 3) % 4);
  x[static_cast<size_t>(in_size + 17)] = NAN;
  const BruteForcePool expected = brute_force_pool_3d(x, planes, in, out, kernel, strides, dilations, pads);

  std::vector<float> y(static_cast<size_t>(planes * out_size));
  std::vector<int64_t> idx(y.size());
  TensorView xv = float_view(x, {1, planes, 4, 3, 5}), yv = float_view(y, {1, planes, 9, 3, 4});
  TensorView iv{DType::Int64, {1, planes, 9, 3, 4}, idx.data()};
  AttributeMap attrs{{"kernel_shape", Attribute::make_ints(kernel)}, {"strides", Attribute::make_ints(strides)},
                     {"dilations", Attribute::make_ints(dilations)}, {"pads", Attribute::make_ints(pads)}};
  auto same = [](const std::vector<float>& got, const std::vector<float>& want) {
    REQUIRE(got.size() == want.size());
    for (size_t i = 0; i < got.size(); ++i) {
      INFO("output " << i << ": " << got[i] << " vs " << want[i]);
      CHECK((std::isnan(want[i]) ? std::isnan(got[i]) : got[i] == Approx(want[i]).margin(1e-6)));
    }
  };
  run_op(make_node("MaxPool", attrs), 12, {&xv}, {&yv, &iv});
  same(y, expected.max);
  CHECK(idx == expected.argmax);
  CHECK(std::count_if(y.begin(), y.end(), [](float v) { return std::isnan(v); }) > 0);
  CHECK(std::count(expected.argmax.begin(), expected.argmax.end(), int64_t{-1}) > 0);  // windows in the padding
  attrs["storage_order"] = Attribute::make_int(1);
  run_op(make_node("MaxPool", attrs), 12, {&xv}, {&yv, &iv});
  CHECK(idx == expected.argmax_column_major);
  attrs.erase("storage_order");
  run_op(make_node("AveragePool", attrs), 19, {&xv}, {&yv});
  same(y, expected.avg);
  attrs["count_include_pad"] = Attribute::make_int(1);
  run_op(make_node("AveragePool", attrs), 19, {&xv}, {&yv});
  same(y, expected.avg_with_pad);
}
