// The fuzzers' result oracles (tests/fuzz/fuzz_oracles.h) must be able to
// fail: the comparators reject a NaN of another bit pattern, -0 for +0, a
// missing output, an error past the tolerance, NaN against a number; the
// skip rules name what they skip. Then both oracles run on a pruned CNN and
// its int8 quantization, where they must hold (a finding aborts the binary,
// as in the fuzzers).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>

#include "api/model.h"
#include "fuzz_oracles.h"

using namespace nnslim;
using namespace nnslim::fuzz;

namespace {

Output floats(std::vector<float> values) {
  Output output{DType::Float32, {static_cast<int64_t>(values.size())}, {}};
  output.bytes.resize(values.size() * sizeof(float));
  std::memcpy(output.bytes.data(), values.data(), output.bytes.size());
  return output;
}

float with_bits(uint32_t bits) {
  float value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

const char* kCnnSpec = R"({
  "name": "cnn", "seed": 7,
  "inputs": [{"name": "x", "shape": [8, 8, 3]}],
  "layers": [
    {"name": "c1", "type": "conv2d", "inbound": ["x"], "config": {"filters": 8, "kernelSize": 3, "padding": "same", "activation": "relu"}},
    {"name": "c2", "type": "conv2d", "inbound": ["c1"], "config": {"filters": 16, "kernelSize": 3, "padding": "same", "activation": "relu"}},
    {"name": "c3", "type": "conv2d", "inbound": ["c2"], "config": {"filters": 16, "kernelSize": 1, "activation": "relu"}},
    {"name": "gap", "type": "globalAveragePooling2d", "inbound": ["c3"]},
    {"name": "fc", "type": "dense", "inbound": ["gap"], "config": {"units": 8}}
  ]
})";

}  // namespace

TEST_CASE("fuzz oracles: bit comparison tells NaN payloads, signed zeros and layouts apart", "[fuzz]") {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  CHECK(bit_mismatches({floats({1.f, nan, -0.f})}, {floats({1.f, nan, -0.f})}).empty());
  // Another NaN payload, the sign of a NaN, +0 for -0: values compare equal or
  // unordered, bits do not.
  CHECK(bit_mismatches({floats({with_bits(0x7fc00001)})}, {floats({nan})}) ==
        "output 0 (float32): element 0 is 0x7fc00001, expected 0x7fc00000 (nan vs nan)");
  CHECK_FALSE(bit_mismatches({floats({-nan})}, {floats({nan})}).empty());
  CHECK_FALSE(bit_mismatches({floats({0.f})}, {floats({-0.f})}).empty());
  CHECK(bit_mismatches({}, {floats({1.f})}) == "0 outputs, expected 1");
  Output longer = floats({1.f, 2.f});
  CHECK(bit_mismatches({longer}, {floats({1.f})}) == "output 0: dims [2], expected [1]");
  Output int32 = floats({1.f});
  int32.dtype = DType::Int32;
  CHECK(bit_mismatches({int32}, {floats({1.f})}) == "output 0: dtype int32, expected float32");
}

TEST_CASE("fuzz oracles: the reference tolerance is conformance's, widened only for cancellation", "[fuzz]") {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  // rtol 1e-3 of the element: 1000 +- 0.9 passes, +- 1.1 does not.
  CHECK(reference_mismatches({floats({1000.9f})}, {floats({1000.f})}).empty());
  CHECK_FALSE(reference_mismatches({floats({1001.2f})}, {floats({1000.f})}).empty());
  // Near zero: 1e-5 of the output's largest magnitude (at least 1).
  CHECK(reference_mismatches({floats({5e-6f, 10.f})}, {floats({0.f, 10.f})}).empty());
  CHECK(reference_mismatches({floats({2e-4f, 100.f})}, {floats({1e-4f, 100.f})}).empty());
  CHECK_FALSE(reference_mismatches({floats({2e-5f, 1.f})}, {floats({0.f, 1.f})}).empty());
  // NaN against a number, a number against NaN, inf against a number: never.
  CHECK_FALSE(reference_mismatches({floats({nan})}, {floats({1.f})}).empty());
  CHECK_FALSE(reference_mismatches({floats({1.f})}, {floats({nan})}).empty());
  CHECK_FALSE(reference_mismatches({floats({std::numeric_limits<float>::infinity()})}, {floats({1.f})}).empty());
  // Integers exactly; a missing output fails.
  Output a = floats({1.f}), b = floats({1.f});
  a.dtype = b.dtype = DType::Int32;
  b.bytes[0] ^= 1;
  CHECK_FALSE(reference_mismatches({a}, {b}).empty());
  CHECK_FALSE(reference_mismatches({}, {floats({1.f})}).empty());
}

TEST_CASE("fuzz oracles: the reference comparison skips non-finite and discontinuous cases by name", "[fuzz]") {
  CHECK(nonfinite_reason({floats({1.f, 2.f})}) == nullptr);
  CHECK(std::string(nonfinite_reason({floats({1.f, std::numeric_limits<float>::quiet_NaN()})})) ==
        "a non-finite value");
  CHECK(nonfinite_reason({floats({1e15f})}) == nullptr);
  CHECK(std::string(nonfinite_reason({floats({-2e15f})})) == "a value beyond 2^50");

  Graph graph;
  const int x = graph.add_value("x");
  const int y = graph.add_value("y");
  Node relu;
  relu.op_type = "Relu";
  relu.inputs = {x};
  relu.outputs = {y};
  graph.add_node(relu);
  CHECK(discontinuous_op(graph) == nullptr);
  Node floor = relu;
  floor.op_type = "Floor";
  floor.inputs = {y};
  floor.outputs = {graph.add_value("z")};
  graph.add_node(floor);
  CHECK(std::string(discontinuous_op(graph)) == "Floor");
}

TEST_CASE("fuzz oracles: a pruned and a quantized CNN pass both oracles", "[fuzz]") {
  const std::unique_ptr<Model> model = Model::build(kCnnSpec);
  for (const char* options : {R"({"sparsity":0.9,"method":"magnitude","skip":[]})",
                              R"({"sparsity":0.9,"method":"block","block":[8,1],"skip":[]})"}) {
    INFO(options);
    std::string report;
    const std::unique_ptr<Model> pruned = model->prune(options, &report);
    REQUIRE_FALSE(report.empty());
    check_matches_reference(*pruned, 3);
    check_export_round_trip(*pruned, "pruned model", 3);
    // The pruned plan runs sparse steps (the 1x1 conv, the 90% sparse
    // classifier): what the reference oracle is for.
    INFO(pruned->explain_plan_json());
    CHECK(pruned->explain_plan_json().find("\"sparseKernel\":true") != std::string::npos);
  }
  QuantizeSettings settings;
  settings.options.weight_only = true;
  const std::unique_ptr<Model> quantized = model->quantize(settings);
  check_export_round_trip(*quantized, "quantized model", 3);
  SUCCEED("no finding");
}
