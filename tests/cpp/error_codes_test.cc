// Error codes: the list itself, how fail()/NNSLIM_CHECK carry a code, and one
// representative error per code through the entry point that produces it
// (import, builder, Session), each naming the node or input in its message.
// The JS side (tests/js/errors.test.js) checks the same codes end to end.
#include <catch2/catch.hpp>
#include <cctype>
#include <set>
#include <string>
#include <vector>

#include "builder/builder.h"
#include "core/error.h"
#include "core/tensor.h"
#include "error_matchers.h"
#include "onnx/onnx_import.h"
#include "onnx_test_models.h"
#include "ops_test_util.h"
#include "runtime/session.h"

namespace nnslim {
namespace {

using namespace test_onnx;
using test::IsError;

Graph import_bytes(const std::string& bytes) {
  return import_onnx(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

// x [1, 3] -> Relu 'act' -> y: a valid model to break in several ways.
GraphParts relu_parts(const std::string& op = "Relu") {
  GraphParts parts;
  parts.inputs.push_back(value_info("x", 1, {1, 3}));
  parts.nodes.push_back(node(op, "act", {"x"}, {"y"}));
  parts.outputs.push_back(value_info("y", 1, {1, 3}));
  return parts;
}

TEST_CASE("error codes: distinct SCREAMING_SNAKE names, the list users branch on", "[errors]") {
  const std::vector<std::string> expected = {"INVALID_MODEL", "UNSUPPORTED_OP", "INVALID_ARGUMENT", "INVALID_INPUT",
                                             "OUT_OF_MEMORY", "DISPOSED",       "INTERNAL"};
  std::vector<std::string> names;
#define NNSLIM_ERROR_CODE_NAME(code, name) names.push_back(error_code_name(ErrorCode::code));
  NNSLIM_ERROR_CODES(NNSLIM_ERROR_CODE_NAME)
#undef NNSLIM_ERROR_CODE_NAME
  CHECK(names == expected);
  CHECK(std::set<std::string>(names.begin(), names.end()).size() == names.size());
  for (const std::string& name : names)
    for (char c : name) CHECK((std::isupper(static_cast<unsigned char>(c)) || c == '_'));
  CHECK(error_code_name(ErrorCode::Unclassified) == std::string("UNCLASSIFIED"));
}

TEST_CASE("error codes: fail() and NNSLIM_CHECK carry an explicit code; classify_as keeps it", "[errors]") {
  CHECK_THROWS_MATCHES(fail("plain ", 1), Error, IsError(ErrorCode::Unclassified, {"plain 1"}));
  CHECK_THROWS_MATCHES(fail(ErrorCode::OutOfMemory, "needs ", 8, " bytes"), Error,
                       IsError(ErrorCode::OutOfMemory, {"needs 8 bytes"}));
  CHECK_THROWS_MATCHES([] { NNSLIM_CHECK(1 + 1 == 3, ErrorCode::InvalidInput, "input '", "x", "'"); }(), Error,
                       IsError(ErrorCode::InvalidInput, {"input 'x'"}));
  CHECK_THROWS_MATCHES([] { NNSLIM_CHECK(false, "no code"); }(), Error, IsError(ErrorCode::Unclassified, {"no code"}));

  Error unclassified("a");
  unclassified.classify_as(ErrorCode::InvalidModel);
  CHECK(unclassified.code() == ErrorCode::InvalidModel);
  Error explicit_code("b", ErrorCode::UnsupportedOp);
  explicit_code.classify_as(ErrorCode::InvalidModel);
  CHECK(explicit_code.code() == ErrorCode::UnsupportedOp);
}

TEST_CASE("error codes: import -- corrupt bytes INVALID_MODEL, unknown ops and opsets UNSUPPORTED_OP",
          "[errors][onnx]") {
  const std::string good = model(graph(relu_parts()));
  REQUIRE(import_bytes(good).nodes.size() == 1);

  // Truncated inside the graph message: protozero's and our own checks alike.
  for (size_t cut : {good.size() - 1, good.size() / 2, size_t{9}})
    CHECK_THROWS_MATCHES(import_bytes(good.substr(0, cut)), Error,
                         IsError(ErrorCode::InvalidModel, {"corrupt or truncated ONNX file"}));
  // Structurally wrong though well-formed protobuf: classified at import's boundary.
  GraphParts dangling = relu_parts();
  dangling.outputs.push_back(value_info("nowhere", 1, {1}));
  CHECK_THROWS_MATCHES(import_bytes(model(graph(dangling))), Error, IsError(ErrorCode::InvalidModel, {"'nowhere'"}));
  CHECK_THROWS_MATCHES(import_bytes(model(graph(relu_parts()), 22)), Error,
                       IsError(ErrorCode::UnsupportedOp, {"opset 22 is not supported"}));
  CHECK_THROWS_MATCHES(import_bytes(model(graph(relu_parts("Frobnicate")))), Error,
                       IsError(ErrorCode::UnsupportedOp, {"Frobnicate (node 'act')"}));
  CHECK_THROWS_MATCHES(import_bytes(""), Error, IsError(ErrorCode::InvalidModel, {"no graph found"}));
}

TEST_CASE("error codes: builder -- bad specs and layer configs are INVALID_ARGUMENT naming the layer",
          "[errors][builder]") {
  const std::string prefix = R"({"inputs": [{"name": "x", "shape": [4]}], "layers": [)";
  CHECK_THROWS_MATCHES(build_graph_from_spec("{not json"), Error,
                       IsError(ErrorCode::InvalidArgument, {"not valid JSON"}));
  CHECK_THROWS_MATCHES(
      build_graph_from_spec(prefix + R"({"name": "d", "type": "dense", "inbound": ["x"], "config": {"units": -2}}]})"),
      Error, IsError(ErrorCode::InvalidArgument, {"layer 'd'"}));
  CHECK_THROWS_MATCHES(build_graph_from_spec(prefix + R"({"name": "q", "type": "conv3d", "inbound": ["x"]}]})"), Error,
                       IsError(ErrorCode::InvalidArgument, {"unknown type 'conv3d'"}));
  // Shape inference of a layer (a pool window larger than its input).
  CHECK_THROWS_MATCHES(build_graph_from_spec(R"({"inputs": [{"name": "x", "shape": [4, 4, 3]}], "layers": [
                {"name": "p", "type": "maxPooling2d", "inbound": ["x"], "config": {"poolSize": 8}}]})"),
                       Error, IsError(ErrorCode::InvalidArgument, {"layer 'p'"}));
}

TEST_CASE("error codes: session -- bad feeds INVALID_INPUT naming the input; the session keeps working",
          "[errors][session]") {
  test::OpGraph g;
  g.input("image", {1, 3}).node("Relu", {"image"}, {"y"});
  g.graph.outputs = {g.graph.find_value("y")};
  Session session(g.graph);
  auto good = Tensor::from_float({-1, 0, 2}, {1, 3});
  CHECK_THROWS_MATCHES(session.run({{"img", good}}), Error, IsError(ErrorCode::InvalidInput, {"unknown input 'img'"}));
  CHECK_THROWS_MATCHES(session.run({}), Error, IsError(ErrorCode::InvalidInput, {"missing input 'image'"}));
  CHECK_THROWS_MATCHES(session.run({{"image", Tensor::from_float({1, 2}, {1, 2})}}), Error,
                       IsError(ErrorCode::InvalidInput, {"input 'image' has shape [1, 2]"}));
  CHECK_THROWS_MATCHES(session.run({{"image", Tensor::from_int64({1, 2, 3}, {1, 3})}}), Error,
                       IsError(ErrorCode::InvalidInput, {"input 'image' has dtype int64"}));
  CHECK_THROWS_MATCHES(session.run({{"image", good}, {"image", good}}), Error,
                       IsError(ErrorCode::InvalidInput, {"given twice"}));
  const std::vector<NamedTensor> out = session.run({{"image", good}});
  REQUIRE(out.size() == 1);
  const float* y = out[0].tensor->data<float>();  // Relu of {-1, 0, 2}
  CHECK((y[0] == 0.f && y[1] == 0.f && y[2] == 2.f));
}

TEST_CASE("error codes: a plan that cannot compile blames the feeds only when the model compiles alone",
          "[errors][session]") {
  // x [N, 6] -> Reshape to [2, 3]: fine for N = 1, impossible for N = 2.
  test::OpGraph batch;
  batch.input("x", {-1, 6}).ints("shape", {2, 3}).node("Reshape", {"x", "shape"}, {"y"}, {}, "to_2x3");
  batch.graph.outputs = {batch.graph.find_value("y")};
  Session by_batch(batch.graph);
  CHECK_THROWS_MATCHES(by_batch.run({{"x", Tensor::from_float(std::vector<float>(12, 1.f), {2, 6})}}), Error,
                       IsError(ErrorCode::InvalidInput, {"'to_2x3'"}));
  CHECK(by_batch.run({{"x", Tensor::from_float(std::vector<float>(6, 1.f), {1, 6})}}).size() == 1);

  // x [1, 6] -> Reshape to [4, 4]: no feed can make it work.
  test::OpGraph broken;
  broken.input("x", {1, 6}).ints("shape", {4, 4}).node("Reshape", {"x", "shape"}, {"y"}, {}, "to_4x4");
  broken.graph.outputs = {broken.graph.find_value("y")};
  Session alone(broken.graph);
  CHECK_THROWS_MATCHES(alone.run({{"x", Tensor::from_float(std::vector<float>(6, 1.f), {1, 6})}}), Error,
                       IsError(ErrorCode::InvalidModel, {"'to_4x4'"}));
}

TEST_CASE("error codes: an op mode nnslim lacks stays UNSUPPORTED_OP when a plan compiles", "[errors][session]") {
  test::OpGraph g;
  g.input("x", {1, 4})
      .ints("pads", {0, 1, 0, 1})
      .node("Pad", {"x", "pads"}, {"y"}, {{"mode", test::string_attr("wrap")}}, "wrap_pad");
  g.graph.outputs = {g.graph.find_value("y")};
  Session session(g.graph);
  CHECK_THROWS_MATCHES(session.run({{"x", Tensor::from_float({1, 2, 3, 4}, {1, 4})}}), Error,
                       IsError(ErrorCode::UnsupportedOp, {"node 'wrap_pad'", "mode 'wrap' is not supported"}));
}

TEST_CASE("error codes: allocations past the limit are OUT_OF_MEMORY naming what needed them", "[errors]") {
  CHECK(checked_allocation_bytes(64, "a scratch") == 64u);
  CHECK_THROWS_MATCHES(checked_allocation_bytes(kMaxAllocationBytes + 1, "tensor 'huge'"), Error,
                       IsError(ErrorCode::OutOfMemory, {"out of memory: tensor 'huge' needs"}));
  CHECK_THROWS_MATCHES(checked_allocation_bytes(-1, "a negative size"), Error,
                       IsError(ErrorCode::OutOfMemory, {"a negative size"}));
}

}  // namespace
}  // namespace nnslim

namespace nnslim {
namespace {

// The allocation limit is the wasm32 one in every build: a 2^30-float input
// (4 GiB) is refused when the plan is made, naming the tensor and its bytes,
// before anything is allocated, natively as in the browser (and under
// AddressSanitizer, whose malloc serves at most 1 TiB, with no allocator
// option needed: the fuzzed 2.5 TB arena never reaches malloc).
TEST_CASE("error codes: a tensor over the 4 GiB wasm32 limit is OUT_OF_MEMORY natively too", "[errors][session]") {
  const int64_t wasm32_memory = int64_t{1} << 32;
  CHECK(kMaxAllocationBytes < wasm32_memory);
  const int64_t elements = int64_t{1} << 30;
  test::OpGraph g;
  g.input("x", {1, -1}).node("Relu", {"x"}, {"y"}, {}, "act");
  g.graph.outputs = {g.graph.find_value("y")};
  Session session(g.graph);
  const int64_t dims[] = {1, elements};
  const InputRef ref{"x", DType::Float32, dims, 2, static_cast<size_t>(elements * 4), nullptr};
  CHECK_THROWS_MATCHES(session.prepare(&ref, 1), Error,
                       IsError(ErrorCode::OutOfMemory, {"tensor 'x'", str("needs ", elements * 4, " bytes")}));
  // The session stays usable: a small input of the same model runs.
  const std::vector<NamedTensor> out = session.run({{"x", Tensor::from_float({-1.f, 2.f}, {1, 2})}});
  REQUIRE(out.size() == 1);
  CHECK(out[0].tensor->data<float>()[0] == 0.f);
  CHECK(out[0].tensor->data<float>()[1] == 2.f);
}

}  // namespace
}  // namespace nnslim
