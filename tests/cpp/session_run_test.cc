// Session::prepare / execute, the two halves of run() that the JS binding
// calls separately: the steady state allocates nothing, batch-1 Gemm/MatMul
// take the GEMV kernel, signatures switch back and forth correctly, and a
// shape-deciding input's values are part of the signature. Oracle: the
// reference executor on the same graph and inputs.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <new>

#include <nlohmann/json.hpp>

#include "api/model.h"
#include "error_matchers.h"
#include "ops_test_util.h"
#include "session_test_util.h"
#include "ops/reference/reference.h"
#include "runtime/session.h"

// Counting global operator new for this test binary: counts (and records the
// sizes of the first kRecordedSizes) only while g_count_allocations is set
// (the rest of the tests see plain malloc/free).
namespace {
bool g_count_allocations = false;
size_t g_allocations = 0;
constexpr size_t kRecordedSizes = 1 << 14;
size_t g_allocation_sizes[kRecordedSizes];
}  // namespace

// g++ 12 warns (-Wmismatched-new-delete) that these deletes free() memory
// from operator new: here operator new *is* malloc, so the pairs match.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
// Under AddressSanitizer (NNSLIM_SANITIZE) the deletes below would be flagged
// as mismatched with ASan's own operator new bookkeeping; this hook is how a
// program sets ASan's defaults, so every run of the binary (ctest's per-case
// runs and its test listing after the link) gets it without an environment.
// (No allocator_may_return_null: the library refuses any allocation over the
// wasm32 limit, kMaxAllocationBytes, before it reaches malloc, so no request
// the suite makes is over ASan's 1 TiB maximum.)
extern "C" const char* __asan_default_options() { return "alloc_dealloc_mismatch=0"; }

void* operator new(std::size_t size) {
  if (g_count_allocations) {
    if (g_allocations < kRecordedSizes) g_allocation_sizes[g_allocations] = size;
    ++g_allocations;
  }
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return operator new(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace nnslim {
namespace {

// Gemm (transB, bias) + Relu, then MatMul: x [batch, 13] -> y [batch, 7].
Graph two_layer_graph() {
  test::OpGraph g;
  g.input("x", {-1, 13})
      .tensor("w1", test::random_tensor({23, 13}, 1))
      .tensor("b1", test::random_tensor({23}, 2))
      .tensor("w2", test::random_tensor({23, 7}, 3))
      .node("Gemm", {"x", "w1", "b1"}, {"h"}, {{"transB", Attribute::make_int(1)}}, "fc1")
      .node("Relu", {"h"}, {"hr"}, {}, "relu")
      .node("MatMul", {"hr", "w2"}, {"y"}, {}, "fc2");
  g.graph.outputs = {g.graph.find_value("y")};
  return g.graph;
}

// Prepares `x`, writes it into the plan's input buffer, executes; returns y.
std::vector<float> prepare_and_execute(Session& session, const Tensor& x) {
  InputRef ref{"x", x.dtype, x.dims.data(), x.dims.size(), x.bytes.size(), x.bytes.data()};
  session.prepare(&ref, 1);
  REQUIRE(session.input_bytes(0) == x.bytes.size());
  std::memcpy(session.input_buffer(0), x.bytes.data(), x.bytes.size());
  session.execute();
  const Value& y = session.output_value(0);
  const float* data = reinterpret_cast<const float*>(session.output_data(0));
  return std::vector<float>(data, data + shape_numel(y.shape));
}

void require_matches_reference(const Graph& graph, const TensorPtr& x, const std::vector<float>& got) {
  const TensorPtr want = run_reference(graph, {x})[0];
  REQUIRE(static_cast<int64_t>(got.size()) == want->numel());
  REQUIRE(test::describe_mismatches(got.data(), want->data<float>(), got.size(), {0, 1e-5}) == "");
}

bool plan_has(const std::vector<std::string>& plan, const std::string& needle) {
  for (const std::string& step : plan)
    if (step.find(needle) != std::string::npos) return true;
  return false;
}

TEST_CASE("session: prepare and execute allocate nothing once the plan exists", "[session][run]") {
  const Graph graph = two_layer_graph();
  Session session(graph);
  const TensorPtr x = test::random_tensor({1, 13}, 9);
  prepare_and_execute(session, *x);  // compiles the plan

  InputRef ref{"x", x->dtype, x->dims.data(), x->dims.size(), x->bytes.size(), x->bytes.data()};
  g_allocations = 0;
  g_count_allocations = true;
  for (int i = 0; i < 3; ++i) {
    session.prepare(&ref, 1);
    std::memcpy(session.input_buffer(0), x->bytes.data(), x->bytes.size());
    session.execute();
  }
  g_count_allocations = false;
  CHECK(g_allocations == 0);

  const float* data = reinterpret_cast<const float*>(session.output_data(0));
  require_matches_reference(graph, x, std::vector<float>(data, data + 7));
}

TEST_CASE("session: batch 1 runs Gemm/MatMul on the GEMV kernel; signatures switch back and forth", "[session][run]") {
  const Graph graph = two_layer_graph();
  Session session(graph);
  const TensorPtr x1 = test::random_tensor({1, 13}, 4), x3 = test::random_tensor({3, 13}, 5), x1b = test::random_tensor({1, 13}, 6);

  require_matches_reference(graph, x1, prepare_and_execute(session, *x1));
  const std::vector<std::string> batch1_plan = session.describe_plan();
  CHECK(plan_has(batch1_plan, "Gemm+Relu -> f32 gemv"));
  CHECK(plan_has(batch1_plan, "MatMul -> f32 gemv"));
  const uint64_t generation = session.generation();

  require_matches_reference(graph, x3, prepare_and_execute(session, *x3));
  CHECK(plan_has(session.describe_plan(), "Gemm+Relu -> f32 gemm"));
  CHECK(session.generation() > generation);
  CHECK(session.output_value(0).shape == Shape{3, 7});

  // Back to batch 1 (the cached plan), with new data in the input buffer.
  require_matches_reference(graph, x1b, prepare_and_execute(session, *x1b));
  CHECK(session.output_value(0).shape == Shape{1, 7});
}

TEST_CASE("session: a shape-deciding input's values are part of the signature", "[session][run]") {
  test::OpGraph g;
  g.input("x", {2, 6}).input("shape", {2}, DType::Int64).node("Reshape", {"x", "shape"}, {"y"}, {}, "reshape");
  g.graph.outputs = {g.graph.find_value("y")};
  Session session(g.graph);
  CHECK(session.decides_shapes("shape"));
  CHECK_FALSE(session.decides_shapes("x"));
  CHECK_FALSE(session.signature_is_shapes_only());
  const TensorPtr x = test::random_tensor({2, 6}, 3);
  for (const std::vector<int64_t>& target : {std::vector<int64_t>{3, 4}, {4, 3}, {3, 4}}) {
    const TensorPtr shape = Tensor::from_int64(target, {2});
    std::vector<NamedTensor> out = session.run({{"x", x}, {"shape", shape}});
    REQUIRE(out.size() == 1);
    CHECK(out[0].tensor->dims == Shape(target));
    CHECK(out[0].tensor->bytes == x->bytes);
  }
  InputRef refs[2] = {{"x", DType::Float32, x->dims.data(), 2, x->bytes.size(), nullptr},
                      {"shape", DType::Int64, nullptr, 1, 16, nullptr}};
  const int64_t two = 2;
  refs[1].dims = &two;
  CHECK_THROWS_MATCHES(session.prepare(refs, 2), Error,
                       test::IsError(ErrorCode::InvalidInput, {"'shape' decides shapes"}));
}

TEST_CASE("session: data-movement steps and aliases allocate nothing when they run", "[session][run]") {
  // Concat (with a splat constant), strided Slice, Pad (reflect), Tile,
  // Expand, Gather with run-time indices, Identity; NHWC after a MaxPool.
  test::OpGraph g;
  g.input("x", {1, 5, 6, 6}).input("ids", {2}, DType::Int64);
  g.floats("zeros", std::vector<float>(3 * 36, 0.f), {1, 3, 6, 6})
      .ints("starts", {5, 0}).ints("ends", {-100, 6}).ints("axes", {2, 1}).ints("steps", {-2, 2})
      .ints("pads", {0, 0, 1, 2, 0, 0, 2, 1}).ints("repeats", {1, 1, 2, 1}).ints("shape", {2, 8, 1, 1});
  g.node("MaxPool", {"x"}, {"p"}, {{"kernel_shape", Attribute::make_ints({1, 1})}}, "pool")
      .node("Concat", {"p", "zeros"}, {"cat"}, {{"axis", Attribute::make_int(1)}}, "concat")
      .node("Slice", {"cat", "starts", "ends", "axes", "steps"}, {"s"}, {}, "slice")
      .node("Pad", {"s", "pads"}, {"pad"}, {{"mode", Attribute::make_string("reflect")}}, "pad")
      .node("Tile", {"pad", "repeats"}, {"t"}, {}, "tile")
      .node("Identity", {"t"}, {"i"}, {}, "identity")
      .node("Gather", {"i", "ids"}, {"y"}, {{"axis", Attribute::make_int(1)}}, "gather")
      .node("Expand", {"ids", "shape"}, {"e"}, {}, "expand");
  g.graph.outputs = {g.graph.find_value("y"), g.graph.find_value("e")};
  Session session(g.graph);
  const TensorPtr x = test::random_tensor({1, 5, 6, 6}, 11);
  const TensorPtr ids = Tensor::from_int64({2, -1}, {2});
  const std::vector<NamedTensor> want = session.run({{"x", x}, {"ids", ids}});  // compiles the plan
  CHECK(!plan_has(session.describe_plan(), "reference"));

  const InputRef refs[2] = {{"x", x->dtype, x->dims.data(), x->dims.size(), x->bytes.size(), x->bytes.data()},
                            {"ids", ids->dtype, ids->dims.data(), ids->dims.size(), ids->bytes.size(), ids->bytes.data()}};
  g_allocations = 0;
  g_count_allocations = true;
  for (int i = 0; i < 3; ++i) {
    session.prepare(refs, 2);
    std::memcpy(session.input_buffer(0), x->bytes.data(), x->bytes.size());
    std::memcpy(session.input_buffer(1), ids->bytes.data(), ids->bytes.size());
    session.execute();
  }
  g_count_allocations = false;
  CHECK(g_allocations == 0);
  const std::vector<TensorPtr> expected = run_reference(g.graph, {x, ids});
  REQUIRE(want.size() == expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    REQUIRE(want[i].tensor->bytes.size() == expected[i]->bytes.size());
    CHECK(std::memcmp(session.output_data(i), expected[i]->bytes.data(), expected[i]->bytes.size()) == 0);
  }
}

}  // namespace
}  // namespace nnslim

namespace nnslim {
namespace {

// A small CNN whose compiled plan differs from its graph: BatchNorm folds into
// the conv, ReLU6 fuses, the depthwise conv runs in NHWC (layout steps).
const char* kFusingCnnSpec = R"({"weights": "he", "seed": 3,
  "inputs": [{"name": "image", "shape": [17, 19, 3]}],
  "layers": [
    {"name": "conv", "type": "conv2d", "inbound": ["image"], "config": {"filters": 8, "kernelSize": 3, "useBias": false}},
    {"name": "bn", "type": "batchNormalization", "inbound": ["conv"]},
    {"name": "relu", "type": "activation", "inbound": ["bn"], "config": {"activation": "relu6"}},
    {"name": "dw", "type": "depthwiseConv2d", "inbound": ["relu"], "config": {"kernelSize": 3, "padding": "same"}},
    {"name": "pool", "type": "globalAveragePooling2d", "inbound": ["dw"]},
    {"name": "fc", "type": "dense", "inbound": ["pool"], "config": {"units": 5}}]})";

// Was exactly one allocation during the counted run between `bytes` and
// `bytes` + 64 (the arena plus its alignment slack)?
size_t allocations_sized_like_arena(int64_t bytes) {
  size_t found = 0;
  for (size_t i = 0; i < g_allocations && i < kRecordedSizes; ++i)
    if (g_allocation_sizes[i] >= static_cast<size_t>(bytes) && g_allocation_sizes[i] <= static_cast<size_t>(bytes) + 64)
      ++found;
  return found;
}

TEST_CASE("profile: the runtime arena of the compiled plan is the arena run() allocates", "[session][run][profile]") {
  for (int64_t batch : {1, 3}) {
    CAPTURE(batch);
    const std::unique_ptr<Model> profiled = Model::build(kFusingCnnSpec);
    const nlohmann::json without_plan = nlohmann::json::parse(profiled->profile_json(batch));
    CHECK(without_plan["runtimeArenaBytes"].is_null());
    const nlohmann::json profile = nlohmann::json::parse(profiled->profile_json(batch, {}, true));
    const int64_t arena = profile["runtimeArenaBytes"].get<int64_t>();
    const int64_t graph_peak = profile["peakMemoryBytes"].get<int64_t>();
    CHECK(graph_peak == without_plan["peakMemoryBytes"].get<int64_t>());
    REQUIRE(arena > 0);
    // The input alone (17 x 19 x 3 floats per image) lives in the arena.
    CHECK(arena >= batch * 17 * 19 * 3 * 4);

    // A second model, the same spec: what does its first run() allocate?
    const std::unique_ptr<Model> running = Model::build(kFusingCnnSpec);
    const TensorPtr image = test::random_tensor({batch, 17, 19, 3}, 11);
    g_allocations = 0;
    g_count_allocations = true;
    running->run({{"image", image}});
    g_count_allocations = false;
    REQUIRE(g_allocations < kRecordedSizes);
    CHECK(allocations_sized_like_arena(arena) == 1);
    CHECK(running->arena_bytes() == arena);
  }
}

TEST_CASE("profile: compiling the plan for the arena serves the next run()", "[session][run][profile]") {
  const std::unique_ptr<Model> model = Model::build(kFusingCnnSpec);
  const int64_t arena = nlohmann::json::parse(model->profile_json(2, {}, true))["runtimeArenaBytes"].get<int64_t>();
  const TensorPtr image = test::random_tensor({2, 17, 19, 3}, 12);
  g_allocations = 0;
  g_count_allocations = true;
  model->run({{"image", image}});
  g_count_allocations = false;
  CHECK(allocations_sized_like_arena(arena) == 0);  // no new plan, no new arena
}

TEST_CASE("profile: a model whose weights were never initialized has no runtime arena", "[session][run][profile]") {
  std::string spec = kFusingCnnSpec;
  spec.replace(spec.find("\"he\""), 4, "\"none\"");
  const std::unique_ptr<Model> model = Model::build(spec);
  CHECK(nlohmann::json::parse(model->profile_json(1))["runtimeArenaBytes"].is_null());
  CHECK_THROWS_AS(model->profile_json(1, {}, true), Error);
}

}  // namespace
}  // namespace nnslim
