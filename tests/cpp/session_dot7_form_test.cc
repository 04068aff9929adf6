// Which relaxed dot7 GEMM the int8 Gemm / MatMul / 1x1 Conv lowerings take
// (runtime/steps/qs8_dot7_step.h), asked as the relaxed module asks it
// (qs8_dot7_form_if_native), so the native build checks the rule too. The
// 7-bit-weights form (dot7w) subtracts each row's 64 * sum(A row), an int32:
// with |A| <= 128 that is exact only while 64 * 128 * K < 2^31, i.e. K < 2^18.
// Oracle: that bound and the weights' range, computed here.
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <vector>

#include "ops_test_util.h"
#include "runtime/steps/qs8_dot7_step.h"

namespace nnslim {
namespace {

// x -> [act] -> QuantizeLinear(scale 0.1, zero point 0) -> q; returns q's id.
int quantized_input(test::OpGraph& g, bool relu) {
  g.input("x", {1, 4});
  if (relu) g.node("Relu", {"x"}, {"r"}, {}, "relu");
  g.tensor("s", test::typed_tensor<float>(DType::Float32, {}, {0.1f}));
  g.tensor("z", test::typed_tensor<int8_t>(DType::Int8, {}, {0}));
  g.node("QuantizeLinear", {relu ? "r" : "x", "s", "z"}, {"q"}, {}, "quant");
  return g.graph.find_value("q");
}

struct Weights {
  std::vector<int8_t> codes;
  std::vector<float> scales;
  Qs8Dot7Weights view;
};

// n x k weights in -64..63 (W(n, c) at n * k + c).
Weights weights_7bit(size_t n, size_t k) {
  Weights w;
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> code(-64, 63);
  w.codes.resize(n * k);
  for (int8_t& c : w.codes) c = static_cast<int8_t>(code(rng));
  w.scales.assign(n, 0.01f);
  w.view.n = n;
  w.view.k = k;
  w.view.data = w.codes.data();
  w.view.n_stride = k;
  w.view.c_stride = 1;
  w.view.scales = w.scales.data();
  return w;
}

bool row_offset_fits_int32(size_t k) { return int64_t{64} * 128 * static_cast<int64_t>(k) < (int64_t{1} << 31); }

TEST_CASE("dot7 form: 7-bit weights take dot7w only while the row offset fits an int32 (K < 2^18)",
          "[session][qdq][dot7]") {
  test::OpGraph g;
  const int q = quantized_input(g, false);  // any int8 input: only the weights form applies
  const size_t n = 3;
  for (const size_t k : {size_t{1} << 10, (size_t{1} << 18) - 1, size_t{1} << 18, (size_t{1} << 18) + 5}) {
    INFO("K = " << k);
    Weights w = weights_7bit(n, k);
    const Dot7Form want = row_offset_fits_int32(k) ? Dot7Form::Weights7 : Dot7Form::None;
    CHECK(qs8_dot7_form_if_native(g.graph, q, w.view) == want);
    // One weight of 64 (not a 7-bit code) rules dot7w out at any K.
    w.codes[(n - 1) * k + k / 2] = 64;
    CHECK(qs8_dot7_form_if_native(g.graph, q, w.view) == Dot7Form::None);
  }
  CHECK(row_offset_fits_int32((size_t{1} << 18) - 1));
  CHECK_FALSE(row_offset_fits_int32(size_t{1} << 18));
}

TEST_CASE("dot7 form: an input kept in 0..127 takes dot7 whatever the weights", "[session][qdq][dot7]") {
  test::OpGraph g;
  const int q = quantized_input(g, true);  // Relu then zero point 0: codes 0..127
  Weights w = weights_7bit(2, 40);
  w.codes[3] = -128;
  CHECK(qs8_dot7_form_if_native(g.graph, q, w.view) == Dot7Form::Activations7);
}

}  // namespace
}  // namespace nnslim
