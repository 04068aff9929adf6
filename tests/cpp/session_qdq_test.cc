// The int8 runtime on QDQ graphs (the pattern the quantize pass writes and
// onnxruntime's quantizer too): every quantized Conv (dense, pointwise,
// grouped, depthwise), Gemm and MatMul layer runs on the qs8 kernels and
// matches the reference executor -- which computes in f32 on the
// dequantized values -- within one quantization step of the output; the plan
// shows the int8 steps. Weight-only graphs (DQ(W) into a float op) run on the
// f32 kernels with the weights dequantized at compile time, but for MatMul,
// Gemm and 1x1 Conv (session_weight_only_test.cc).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <random>

#include "ops_test_util.h"
#include "ops/reference/reference.h"
#include "runtime/session.h"
#include "runtime/steps/qdq_match.h"
#include "session_test_util.h"

namespace nnslim {
namespace {

using test::count_steps;
using test::listing;
using test::plan_has;
using test::random_tensor;

using test::typed_tensor;

// Builds QDQ graphs layer by layer: each layer reads a dequantized tensor
// (name + its scale) and ends with Q -> DQ of its output.
struct QdqBuilder {
  test::OpGraph g;
  std::mt19937 rng{11};
  int counter = 0;

  std::string fresh(const std::string& stem) { return stem + std::to_string(counter++); }

  // Adds scale/zero-point scalars; returns their names.
  std::pair<std::string, std::string> qparams(float scale, int32_t zero_point) {
    const std::string s = fresh("s"), z = fresh("z");
    g.tensor(s, typed_tensor<float>(DType::Float32, {}, {scale}));
    g.tensor(z, typed_tensor<int8_t>(DType::Int8, {}, {static_cast<int8_t>(zero_point)}));
    return {s, z};
  }
  // x -> Q -> DQ; returns the DQ output.
  std::string qdq(const std::string& x, float scale, int32_t zero_point) {
    const auto [s, z] = qparams(scale, zero_point);
    const std::string q = fresh("q"), dq = fresh("dq");
    g.node("QuantizeLinear", {x, s, z}, {q}, {}, fresh("quant"));
    g.node("DequantizeLinear", {q, s, z}, {dq}, {}, fresh("dequant"));
    return dq;
  }
  // DQ(int8 weights [dims], per-channel along axis, zero points 0).
  std::string weights(const Shape& dims, int64_t axis, bool per_channel, std::vector<float>* scales) {
    int64_t numel = 1;
    for (int64_t d : dims) numel *= d;
    std::uniform_int_distribution<int> q(-127, 127);
    std::vector<int8_t> w(static_cast<size_t>(numel));
    for (int8_t& x : w) x = static_cast<int8_t>(q(rng));
    const int64_t channels = per_channel ? dims[static_cast<size_t>(axis)] : 1;
    std::uniform_real_distribution<float> sd(0.004f, 0.02f);
    scales->resize(static_cast<size_t>(channels));
    for (float& s : *scales) s = sd(rng);
    const std::string wq = fresh("wq"), ws = fresh("ws"), wz = fresh("wz"), wdq = fresh("w");
    g.tensor(wq, typed_tensor<int8_t>(DType::Int8, dims, w));
    const Shape sdims = per_channel ? Shape{channels} : Shape{};
    g.tensor(ws, typed_tensor<float>(DType::Float32, sdims, *scales));
    g.tensor(wz, typed_tensor<int8_t>(DType::Int8, sdims, std::vector<int8_t>(static_cast<size_t>(channels), 0)));
    g.node("DequantizeLinear", {wq, ws, wz}, {wdq}, {{"axis", Attribute::make_int(axis)}}, fresh("wdequant"));
    return wdq;
  }
  // DQ(int32 bias) at scale x_scale * w_scale[c].
  std::string bias(size_t channels, float x_scale, const std::vector<float>& w_scales) {
    std::uniform_int_distribution<int32_t> q(-3000, 3000);
    std::vector<int32_t> b(channels);
    std::vector<float> s(channels);
    for (size_t c = 0; c < channels; ++c) {
      b[c] = q(rng);
      s[c] = x_scale * w_scales[w_scales.size() == 1 ? 0 : c];
    }
    const std::string bq = fresh("bq"), bs = fresh("bs"), bz = fresh("bz"), bdq = fresh("b");
    const Shape dims{static_cast<int64_t>(channels)};
    g.tensor(bq, typed_tensor<int32_t>(DType::Int32, dims, b));
    g.tensor(bs, typed_tensor<float>(DType::Float32, dims, s));
    g.tensor(bz, typed_tensor<int32_t>(DType::Int32, dims, std::vector<int32_t>(channels, 0)));
    g.node("DequantizeLinear", {bq, bs, bz}, {bdq}, {{"axis", Attribute::make_int(0)}}, fresh("bdequant"));
    return bdq;
  }
  // An activation node after `y` ("" / "Relu" / "Clip6"); returns its output.
  std::string activation(const std::string& y, const std::string& act) {
    if (act.empty()) return y;
    const std::string out = fresh("act");
    if (act == "Relu") {
      g.node("Relu", {y}, {out}, {}, fresh("relu"));
    } else {
      g.floats(out + "_lo", {0.0f}, {}).floats(out + "_hi", {6.0f}, {});
      g.node("Clip", {y, out + "_lo", out + "_hi"}, {out}, {}, fresh("clip"));
    }
    return out;
  }
};

struct Layer {
  std::string out;
  float scale;
};

// Scale for an output of K-term dot products of x (|x| ~ x_scale * 64) and w.
float output_scale(size_t k, float x_scale, const std::vector<float>& w_scales) {
  float mean = 0;
  for (float s : w_scales) mean += s / static_cast<float>(w_scales.size());
  return std::sqrt(static_cast<float>(k)) * x_scale * 64.0f * 73.0f * mean * 3.0f / 127.0f;
}

Layer conv_layer(QdqBuilder& b, const Layer& in, size_t cin, size_t cout, int64_t k, int64_t stride, int64_t pad,
                 int64_t group, const std::string& act, int32_t out_zero_point, bool per_channel = true) {
  std::vector<float> ws;
  const std::string w = b.weights({static_cast<int64_t>(cout), static_cast<int64_t>(cin) / group, k, k}, 0,
                                  per_channel, &ws);
  const std::string bias = b.bias(cout, in.scale, ws);
  const std::string y = b.fresh("conv");
  b.g.node("Conv", {in.out, w, bias}, {y},
           {{"kernel_shape", Attribute::make_ints({k, k})},
            {"strides", Attribute::make_ints({stride, stride})},
            {"pads", Attribute::make_ints({pad, pad, pad, pad})},
            {"group", Attribute::make_int(group)}},
           b.fresh("convnode"));
  const float scale = output_scale(cin / static_cast<size_t>(group) * static_cast<size_t>(k * k), in.scale, ws);
  return {b.qdq(b.activation(y, act), scale, out_zero_point), scale};
}

// Runs graph vs the reference; outputs within `steps` quantization steps of `scale`.
std::vector<std::string> check_qdq(QdqBuilder& b, const Layer& out, const Shape& input_shape, float steps) {
  b.g.graph.outputs = {b.g.graph.find_value(out.out)};
  const TensorPtr x = random_tensor(input_shape, 5);
  const std::vector<TensorPtr> expected = run_reference(b.g.graph, {x});
  Session session(b.g.graph);
  for (int repeat = 0; repeat < 2; ++repeat) {
    const std::vector<NamedTensor> got = session.run({{"x", x}});
    REQUIRE(got.size() == 1);
    REQUIRE(got[0].tensor->dims == expected[0]->dims);
    const size_t n = static_cast<size_t>(expected[0]->numel());
    INFO("run " << repeat << " output scale " << out.scale);
    CHECK(test::describe_mismatches(got[0].tensor->data<float>(), expected[0]->data<float>(), n,
                                    test::Tolerance{0.0, steps * out.scale * 1.001}) == "");
  }
  return session.describe_plan();
}

TEST_CASE("session: QDQ Conv layers run on the qs8 kernels within one step", "[session][qdq]") {
  struct Case {
    const char* label;
    size_t h, w, cin, cout;
    int64_t k, stride, pad, group;
    const char* act;
    int32_t x_zero_point, y_zero_point;
    const char* kernel;
    bool per_channel;
  };
  const Case cases[] = {
      {"stem 3x3 s2 + Clip(0,6) (im2col)", 15, 13, 3, 16, 3, 2, 1, 1, "Clip6", -3, -128,
       "qs8 gemm (im2col) kernel-row A,", true},
      {"1-channel 3x3 (im2col on an int8 patch: runs of 3)", 10, 9, 1, 7, 3, 1, 1, 1, "Relu", 127, -128,
       "qs8 gemm (im2col) 3x8c2", true},
      {"5x5 s2 on 2 channels (kernel-row A, runs of 10)", 13, 12, 2, 9, 5, 2, 2, 1, "", -128, 11,
       "qs8 gemm (im2col) kernel-row A,", true},
      // BlazeFace's stem: runs of 15, each tail the 8-byte block ending it.
      {"5x5 s2 on RGB (kernel-row A, whole tails)", 17, 19, 3, 24, 5, 2, 2, 1, "Relu", -128, -128,
       "qs8 gemm (im2col) kernel-row A whole tails,", true},
      {"3x3, 11 channels", 9, 8, 11, 9, 3, 1, 1, 1, "Relu", 6, -7, "qs8 igemm", true},
      {"pointwise 1x1", 9, 7, 24, 21, 1, 1, 0, 1, "", 7, 5, "qs8 gemm (1x1)", true},
      {"pointwise + Relu, per-tensor", 6, 5, 13, 40, 1, 1, 0, 1, "Relu", -128, -20, "qs8 gemm (1x1)", false},
      {"depthwise 3x3 + Relu", 11, 10, 19, 19, 3, 1, 1, 19, "Relu", 127, -100, "qs8 dwconv", true},
      {"depthwise 3x3 s2", 12, 9, 32, 32, 3, 2, 1, 32, "", 0, 3, "qs8 dwconv", true},
      // 3x3 on a multiple of 8 channels: the cols kernel (stride 1; a
      // narrow output range: the plain twin), batch 2 (an input offset).
      {"depthwise 3x3, 24 channels (cols)", 9, 11, 24, 24, 3, 1, 1, 24, "Relu", -5, -100,
       "qs8 dwconv 9p8c wasmsimd dot16x2 cols", true},
      // The whole int8 output range (no activation): the no-clamp cols twin,
      // on stride 1 and on stride 2 (runs of one pixel).
      {"depthwise 3x3, 16 channels, whole int8 range (cols i8sat)", 9, 11, 16, 16, 3, 1, 1, 16, "", 2, 3,
       "qs8 dwconv 9p8c wasmsimd dot16x2 cols i8sat", true},
      {"depthwise 3x3 s2, 24 channels, whole int8 range (cols i8sat)", 11, 10, 24, 24, 3, 2, 1, 24, "", -3, 1,
       "qs8 dwconv 9p8c wasmsimd dot16x2 cols i8sat", true},
      {"depthwise 3x3 s2, 16 channels", 11, 10, 16, 16, 3, 2, 1, 16, "Clip6", 9, -128, "qs8 dwconv", true},
      {"depthwise 5x5", 9, 9, 8, 8, 5, 1, 2, 8, "Clip6", -9, -128, "qs8 dwconv", true},
      // Not 3x3: 16-channel groups; a last group of <= 8 channels skips
      // its empty half (24, 40 channels), 4 channels past a whole group.
      {"depthwise 5x5, 24 channels", 9, 10, 24, 24, 5, 1, 2, 24, "", 3, -2, "qs8 dwconv up16c wasmsimd dot16x2", true},
      {"depthwise 5x5 s2, 40 channels", 11, 9, 40, 40, 5, 2, 2, 40, "Relu", -1, -128,
       "qs8 dwconv up16c wasmsimd dot16x2", true},
      {"depthwise 5x5, 20 channels (a tail of 4)", 8, 7, 20, 20, 5, 1, 2, 20, "", 0, 5,
       "qs8 dwconv up16c wasmsimd dot16x2", true},
      {"grouped 3x3", 7, 8, 12, 10, 3, 1, 1, 2, "Relu", 4, -1, "qs8 igemm", true},
  };
  for (const Case& c : cases) {
    INFO(c.label);
    QdqBuilder b;
    const Shape shape{2, static_cast<int64_t>(c.cin), static_cast<int64_t>(c.h), static_cast<int64_t>(c.w)};
    b.g.input("x", shape);
    const float x_scale = 2.0f / 255.0f;
    const Layer in{b.qdq("x", x_scale, c.x_zero_point), x_scale};
    const Layer out = conv_layer(b, in, c.cin, c.cout, c.k, c.stride, c.pad, c.group, c.act, c.y_zero_point,
                                 c.per_channel);
    const auto plan = check_qdq(b, out, shape, 1.0f);
    INFO(listing(plan));
    CHECK(count_steps(plan, c.kernel) == 1);
    // The plain cols kernel's name is a prefix of its i8sat twin's.
    const std::string kernel = c.kernel;
    if (kernel.find("cols") != std::string::npos && kernel.find("i8sat") == std::string::npos)
      CHECK(count_steps(plan, "cols i8sat") == 0);
    CHECK(!plan_has(plan, "reference"));
  }
}

TEST_CASE("session: a QDQ conv chain stays int8 between layers", "[session][qdq]") {
  QdqBuilder b;
  const Shape shape{1, 3, 20, 18};
  b.g.input("x", shape);
  Layer t{b.qdq("x", 2.0f / 255.0f, 0), 2.0f / 255.0f};
  t = conv_layer(b, t, 3, 16, 3, 2, 1, 1, "Clip6", -128);
  t = conv_layer(b, t, 16, 16, 3, 1, 1, 16, "Clip6", -128);
  t = conv_layer(b, t, 16, 24, 1, 1, 0, 1, "", 3);
  const auto plan = check_qdq(b, t, shape, 3.0f);  // an off-by-one step may carry into the next layer
  INFO(listing(plan));
  CHECK(count_steps(plan, "(QDQ) -> qs8") == 3);
  // One quantize of the input, one dequantize of the output: nothing in between.
  CHECK(count_steps(plan, "QuantizeLinear ->") == 1);
  CHECK(count_steps(plan, "DequantizeLinear ->") == 1);
  CHECK(!plan_has(plan, "reference"));
}

TEST_CASE("session: a QDQ residual Add (+ Relu) stays int8 within one step", "[session][qdq]") {
  for (const bool relu : {false, true}) {
    INFO("relu " << relu);
    QdqBuilder b;
    const Shape shape{2, 13, 7, 6};
    b.g.input("x", shape);
    const float x_scale = 2.0f / 255.0f;
    const Layer in{b.qdq("x", x_scale, 5), x_scale};
    const Layer branch = conv_layer(b, in, 13, 13, 1, 1, 0, 1, "", -4);
    b.g.node("Add", {in.out, branch.out}, {"sum"}, {}, "add");
    const float scale = (x_scale + branch.scale) * 160.0f / 255.0f;
    const Layer out{b.qdq(b.activation("sum", relu ? "Relu" : ""), scale, relu ? -128 : 3), scale};
    const auto plan = check_qdq(b, out, shape, 1.0f);
    INFO(listing(plan));
    CHECK(count_steps(plan, relu ? "Add+Relu (QDQ) -> qs8 vadd" : "Add (QDQ) -> qs8 vadd") == 1);
    CHECK(count_steps(plan, "DequantizeLinear ->") == 1);  // only the graph output's
    CHECK(!plan_has(plan, "reference"));
  }
}

TEST_CASE("session: QDQ Gemm and MatMul run on the qs8 GEMM within one step", "[session][qdq]") {
  for (const bool trans_b : {true, false}) {
    for (const int64_t m : {1, 5}) {
      INFO("transB " << trans_b << " M " << m);
      QdqBuilder b;
      const int64_t k = 37, n = 29;
      const Shape shape{m, k};
      b.g.input("x", shape);
      const float x_scale = 2.0f / 255.0f;
      const Layer in{b.qdq("x", x_scale, -7), x_scale};
      std::vector<float> ws;
      const std::string w = b.weights(trans_b ? Shape{n, k} : Shape{k, n}, trans_b ? 0 : 1, true, &ws);
      const std::string bias = b.bias(static_cast<size_t>(n), x_scale, ws);
      b.g.node("Gemm", {in.out, w, bias}, {"y"}, {{"transB", Attribute::make_int(trans_b ? 1 : 0)}}, "gemm");
      const float scale = output_scale(static_cast<size_t>(k), x_scale, ws);
      const Layer out{b.qdq(b.activation("y", "Relu"), scale, -128), scale};
      const auto plan = check_qdq(b, out, shape, 1.0f);
      INFO(listing(plan));
      CHECK(count_steps(plan, m == 1 ? "Gemm+Relu (QDQ) -> qs8 gemv" : "Gemm+Relu (QDQ) -> qs8 gemm") == 1);
      CHECK(!plan_has(plan, "reference"));
    }
  }
  QdqBuilder b;
  const Shape shape{2, 3, 40};
  b.g.input("x", shape);
  const float x_scale = 2.0f / 255.0f;
  const Layer in{b.qdq("x", x_scale, 9), x_scale};
  std::vector<float> ws;
  const std::string w = b.weights({40, 17}, 1, true, &ws);
  b.g.node("MatMul", {in.out, w}, {"y"}, {}, "matmul");
  const float scale = output_scale(40, x_scale, ws);
  const Layer out{b.qdq("y", scale, 0), scale};
  const auto plan = check_qdq(b, out, shape, 1.0f);
  INFO(listing(plan));
  CHECK(count_steps(plan, "MatMul (QDQ) -> qs8 gemm") == 1);
}

TEST_CASE("session: weight-only QDQ (float activations) runs a 3x3 conv on dequantized weights, MatMul on int8",
          "[session][qdq]") {
  QdqBuilder b;
  const Shape shape{1, 8, 9, 9};
  b.g.input("x", shape);
  std::vector<float> ws, ws2;
  const std::string w = b.weights({12, 8, 3, 3}, 0, true, &ws);
  b.g.node("Conv", {"x", w}, {"y"}, {{"kernel_shape", Attribute::make_ints({3, 3})}}, "conv");
  b.g.node("Flatten", {"y"}, {"f"}, {}, "flatten");
  const std::string w2 = b.weights({12 * 7 * 7, 10}, 1, true, &ws2);
  b.g.node("MatMul", {"f", w2}, {"z"}, {}, "matmul");
  b.g.graph.outputs = {b.g.graph.find_value("z")};
  // Batch-1 MatMul quantizes its row to int16 (session_weight_only_test.cc):
  // within 1e-3 of the output range here (K = 588), the rest f32 rounding.
  const TensorPtr x = random_tensor(shape, 3);
  const std::vector<TensorPtr> expected = run_reference(b.g.graph, {x});
  Session session(b.g.graph);
  const std::vector<NamedTensor> got = session.run({{"x", x}});
  CHECK(test::describe_mismatches_scaled(got[0].tensor->data<float>(), expected[0]->data<float>(),
                                         static_cast<size_t>(expected[0]->numel()), 1e-3) == "");
  const std::vector<std::string> plan = session.describe_plan();
  INFO(listing(plan));
  CHECK(plan_has(plan, "Conv -> f32"));
  CHECK(plan_has(plan, "MatMul -> f32 x int8 gemv"));
  CHECK(!plan_has(plan, "DequantizeLinear"));
  CHECK(!plan_has(plan, "reference"));
}

}  // namespace
}  // namespace nnslim

namespace nnslim {
namespace {

// int8_lower_bound (qdq_match.h): the code floor the relaxed module's dot7
// GEMMs rely on (their input must be in 0..127). Oracle: quantize(min) =
// round(min / s) + z of the activation's lower bound, written out per case.
TEST_CASE("qdq: int8_lower_bound reads the code floor of QuantizeLinear(Relu | Clip)", "[session][qdq]") {
  struct Case {
    const char* label;
    const char* act;  // "Relu", "Clip" (with clip_min, max 6) or "" (none)
    float clip_min;
    int32_t zero_point;
    int32_t want;
  };
  const float scale = 0.1f;
  const Case cases[] = {
      {"Relu, zero point 0 (symmetric)", "Relu", 0.0f, 0, 0},
      {"Relu, zero point -128 (asymmetric)", "Relu", 0.0f, -128, -128},
      {"Relu, zero point 7", "Relu", 0.0f, 7, 7},
      {"Clip(0.3, 6), zero point 0: round(3)", "Clip", 0.3f, 0, 3},
      {"Clip(-0.5, 6), zero point 2: round(-5) + 2", "Clip", -0.5f, 2, -3},
      {"Clip(-20, 6): below the int8 range", "Clip", -20.0f, 0, -128},
      {"no activation", "", 0.0f, 0, -128},
  };
  for (const Case& c : cases) {
    INFO(c.label);
    QdqBuilder b;
    b.g.input("x", {1, 4});
    std::string y = "x";
    if (std::strcmp(c.act, "Relu") == 0) {
      b.g.node("Relu", {"x"}, {"y"}, {}, "relu");
      y = "y";
    } else if (std::strcmp(c.act, "Clip") == 0) {
      b.g.floats("lo", {c.clip_min}, {}).floats("hi", {6.0f}, {});
      b.g.node("Clip", {"x", "lo", "hi"}, {"y"}, {}, "clip");
      y = "y";
    }
    const auto [s, z] = b.qparams(scale, c.zero_point);
    b.g.node("QuantizeLinear", {y, s, z}, {"yq"}, {}, "quant");
    CHECK(int8_lower_bound(b.g.graph, b.g.graph.find_value("yq")) == c.want);
    // The float tensor itself (no QuantizeLinear producer) has no floor.
    CHECK(int8_lower_bound(b.g.graph, b.g.graph.find_value(y)) == -128);
  }
}

}  // namespace
}  // namespace nnslim
