// QuantizeLinear / DequantizeLinear against an independent transcription of
// ONNX's formulas (round half to even written out with floor and parity,
// saturation by comparison), per-tensor and per-axis, int8 and uint8,
// symmetric (zero point 0) and asymmetric; in the reference executor and the
// runtime, with int8 values flowing between nodes; and their shape rules' errors.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>

#include "error_matchers.h"
#include "ops_test_util.h"
#include "ops/reference/reference.h"
#include "runtime/session.h"
#include "session_test_util.h"

using namespace nnslim;
using namespace nnslim::test;

namespace {

TensorPtr int_tensor(DType dtype, const std::vector<int64_t>& values, const Shape& dims) {
  auto t = std::make_shared<Tensor>();
  t->dtype = dtype;
  t->dims = dims;
  t->bytes.resize(t->byte_size());
  for (size_t i = 0; i < values.size(); ++i) {
    if (dtype == DType::Int8) t->data<int8_t>()[i] = static_cast<int8_t>(values[i]);
    if (dtype == DType::Uint8) t->data<uint8_t>()[i] = static_cast<uint8_t>(values[i]);
    if (dtype == DType::Int32) t->data<int32_t>()[i] = static_cast<int32_t>(values[i]);
  }
  return t;
}

// The oracle: ONNX's y = saturate(round(x / s) + z) with the rounding written out.
int64_t oracle_quantize(float x, float s, int64_t z, int64_t lo, int64_t hi) {
  const float v = x / s;  // float32 division, as the spec's numpy reference
  const double f = std::floor(static_cast<double>(v));
  const double frac = static_cast<double>(v) - f;
  double r = frac > 0.5 ? f + 1 : frac < 0.5 ? f : (std::fmod(f, 2.0) == 0 ? f : f + 1);
  double q = r + static_cast<double>(z);
  return static_cast<int64_t>(q < lo ? lo : q > hi ? hi : q);
}

struct Bounds {
  int64_t min, max;
};

struct QuantCase {
  const char* name;
  DType dtype;
  bool per_axis;
  bool symmetric;
};

// x spans a few quantization steps beyond the range (saturation) and holds
// exact .5 ties (rounding).
TensorPtr test_input(const Shape& dims, float scale) {
  TensorPtr x = random_tensor(dims, 7, 140.f * scale);
  float* p = x->data<float>();
  p[0] = 2.5f * scale;
  p[1] = -2.5f * scale;
  p[2] = 3.5f * scale;
  p[3] = 0.5f * scale;
  p[4] = -0.5f * scale;
  return x;
}

}  // namespace

TEST_CASE("QuantizeLinear and DequantizeLinear match the ONNX formulas bit for bit", "[ops][quantize]") {
  const QuantCase cases[] = {{"int8 per-tensor symmetric", DType::Int8, false, true},
                             {"int8 per-tensor asymmetric", DType::Int8, false, false},
                             {"int8 per-axis symmetric", DType::Int8, true, true},
                             {"int8 per-axis asymmetric", DType::Int8, true, false},
                             {"uint8 per-tensor", DType::Uint8, false, false},
                             {"uint8 per-axis", DType::Uint8, true, false}};
  const Shape dims = {2, 3, 5, 7};  // odd sizes; per-axis along axis 1
  for (const QuantCase& c : cases) {
    SECTION(c.name) {
      const int64_t channels = c.per_axis ? 3 : 1;
      std::vector<float> scales = {0.02f, 0.5f, 0.0037f};
      scales.resize(static_cast<size_t>(channels));
      std::vector<int64_t> zeros = {c.dtype == DType::Uint8 ? 128 : 0, 3, -7};
      if (c.symmetric) zeros = {0, 0, 0};
      if (c.dtype == DType::Uint8) zeros = {128, 100, 255};
      zeros.resize(static_cast<size_t>(channels));
      const Shape param_dims = c.per_axis ? Shape{channels} : Shape{};
      const Bounds range = c.dtype == DType::Int8 ? Bounds{-128, 127} : Bounds{0, 255};
      TensorPtr x = test_input(dims, scales[0]);

      OpGraph g;
      g.input("x", dims)
          .floats("scale", scales, param_dims)
          .tensor("zero", int_tensor(c.dtype, zeros, param_dims))
          .node("QuantizeLinear", {"x", "scale", "zero"}, {"q"}, {{"axis", int_attr(1)}})
          .node("DequantizeLinear", {"q", "scale", "zero"}, {"y"}, {{"axis", int_attr(1)}});
      g.graph.outputs = {g.graph.find_value("q"), g.graph.find_value("y")};
      g.infer();
      REQUIRE(g.dtype("q") == c.dtype);
      REQUIRE(g.dtype("y") == DType::Float32);

      std::vector<std::vector<TensorPtr>> results;
      results.push_back(run_reference(g.graph, {x}));
      Session session(g.graph);
      std::vector<TensorPtr> runtime;
      for (NamedTensor& out : session.run({{"x", x}})) runtime.push_back(out.tensor);
      results.push_back(runtime);
      for (size_t r = 0; r < results.size(); ++r) {
        INFO((r == 0 ? "reference" : "runtime"));
        const Tensor& q = *results[r][0];
        const Tensor& y = *results[r][1];
        REQUIRE(q.dtype == c.dtype);
        int mismatches = 0, saturated = 0;
        for (int64_t i = 0; i < x->numel(); ++i) {
          const size_t ch = c.per_axis ? static_cast<size_t>((i / 35) % 3) : 0;
          const int64_t want = oracle_quantize(x->data<float>()[i], scales[ch], zeros[ch], range.min, range.max);
          const int64_t got = q.int_at(i);
          const float want_y = static_cast<float>(want - zeros[ch]) * scales[ch];
          float got_y = y.data<float>()[i];
          if (got != want || std::memcmp(&got_y, &want_y, 4) != 0) ++mismatches;
          saturated += want == range.min || want == range.max;
        }
        CHECK(mismatches == 0);
        CHECK(saturated > 0);  // the case reaches the saturation branch
      }
      // The ties: 2.5 -> 2, -2.5 -> -2, 3.5 -> 4, 0.5 -> 0, -0.5 -> 0 (before the zero point).
      const Tensor& q = *results[0][0];
      CHECK(q.int_at(0) - zeros[0] == 2);
      CHECK(q.int_at(2) - zeros[0] == 4);
      CHECK(q.int_at(1) - zeros[0] == -2);
      CHECK(q.int_at(3) == zeros[0]);
      CHECK(q.int_at(4) == zeros[0]);
    }
  }
}

TEST_CASE("DequantizeLinear of int32 (a bias) per axis", "[ops][quantize]") {
  OpGraph g;
  g.tensor("b", int_tensor(DType::Int32, {-2147483647, 5, 123456, -9}, {4}))
      .floats("scale", {1e-6f, 0.25f, 3e-3f, 2.f}, {4})
      .tensor("zero", int_tensor(DType::Int32, {0, 0, 0, 0}, {4}))
      .input("dummy", {1})
      .node("DequantizeLinear", {"b", "scale", "zero"}, {"y"}, {{"axis", int_attr(0)}});
  g.graph.outputs = {g.graph.find_value("y")};
  const std::vector<TensorPtr> y = run_reference(g.graph, {random_tensor({1}, 1)});
  const float want[] = {static_cast<float>(-2147483647) * 1e-6f, 5 * 0.25f, 123456 * 3e-3f, -9 * 2.f};
  for (int i = 0; i < 4; ++i) CHECK(y[0]->data<float>()[i] == want[i]);
}

TEST_CASE("QuantizeLinear / DequantizeLinear shape rules reject bad parameters", "[ops][quantize]") {
  SECTION("per-axis scale of the wrong length") {
    OpGraph g;
    g.input("x", {1, 4, 2}).floats("scale", {1.f, 2.f, 3.f}).node("QuantizeLinear", {"x", "scale"}, {"y"});
    REQUIRE_INFER_FAILS(g, "node_QuantizeLinear", "3 elements but x has 4 along axis 1");
  }
  SECTION("zero point of another dtype than x") {
    OpGraph g;
    g.input("x", {4}, DType::Int8)
        .floats("scale", {1.f}, {})
        .tensor("zero", int_tensor(DType::Uint8, {0}, {}))
        .node("DequantizeLinear", {"x", "scale", "zero"}, {"y"});
    REQUIRE_INFER_FAILS(g, "node_DequantizeLinear", "zero point is uint8 but x is int8");
  }
  SECTION("blocked quantization is unsupported") {
    OpGraph g(21);
    g.input("x", {4, 4}).floats("scale", {1.f}, {}).node("QuantizeLinear", {"x", "scale"}, {"y"},
                                                       {{"block_size", int_attr(2)}});
    CHECK_THROWS_MATCHES(g.infer(), Error, IsError(ErrorCode::UnsupportedOp, {"node_QuantizeLinear", "block_size"}));
  }
  SECTION("no zero point: uint8 output") {
    OpGraph g;
    g.input("x", {2, 3}).floats("scale", {0.1f}, {}).node("QuantizeLinear", {"x", "scale"}, {"y"}).infer();
    CHECK(g.dtype("y") == DType::Uint8);
    CHECK(g.shape("y") == Shape{2, 3});
  }
}
