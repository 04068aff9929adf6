// Multi-threaded runs (core/thread_pool.h, runtime/parallel.h): every fast
// step family gives the same output bits for any thread count, and the
// threaded runs really hand tiles to workers. The one-thread run is checked
// against the reference executor, so the threaded runs are checked against
// it too (bit for bit through the one-thread run).
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api/model.h"
#include "core/format.h"
#include "core/thread_pool.h"
#include "onnx/onnx_import.h"
#include "ops_test_util.h"
#include "runtime/compiled_plan.h"
#include "runtime/parallel.h"
#include "runtime/session.h"
#include "session_test_util.h"
#include "test_data.h"

namespace nnslim {
namespace {

// (The single-threaded wasm module has no pool: thread_pool_test.cc checks
// that it runs everything inline; these tests need threads.)
#if NNSLIM_THREADS

using test::random_tensor;

// Lets the pool run more threads than this machine has cores, and sets the
// cost model's threshold (0: split every step, however small); restores both.
class ThreadSetting {
 public:
  explicit ThreadSetting(double min_work) : saved_work_(min_parallel_work()),
                                            saved_capacity_(ThreadPool::shared().max_threads()) {
    ThreadPool::shared().set_capacity(8);
    min_parallel_work() = min_work;
  }
  ~ThreadSetting() {
    min_parallel_work() = saved_work_;
    ThreadPool::shared().set_capacity(saved_capacity_);
  }

 private:
  double saved_work_;
  size_t saved_capacity_;
};

// Runs `graph` with 1 thread (checked against the reference executor when
// `check_reference`), then with 2, 3 and 5 threads: every output must be the
// same bytes as the one-thread run's, and each threaded run must have
// dispatched jobs to the pool (or none, or either: `split`; exactly
// `jobs_per_run` per run when that is given). Returns the plan's step
// descriptions.
// Whether the threaded runs must hand jobs to the pool.
enum class Split { Some, None, Either };

std::vector<std::string> check_bit_identical(const Graph& graph, const std::vector<TensorPtr>& inputs,
                                             double min_work, bool check_reference = true,
                                             Split split = Split::Some, size_t jobs_per_run = 0) {
  ThreadSetting setting(min_work);
  const std::vector<NamedTensor> feeds = test::feeds_for(graph, inputs);
  Session single(graph);
  const std::vector<NamedTensor> want = single.run(feeds);
  if (check_reference) {
    const std::vector<TensorPtr> expected = run_reference(graph, inputs);
    REQUIRE(want.size() == expected.size());
    for (size_t i = 0; i < want.size(); ++i) {
      INFO("output " << want[i].name << ", one thread, against the reference executor");
      CHECK(test::session_mismatches(*want[i].tensor, *expected[i]) == "");
    }
  }
  for (size_t threads : {2, 3, 5}) {
    Session session(graph);
    session.set_threads(threads);
    REQUIRE(session.threads() == threads);
    const size_t jobs_before = ThreadPool::shared().jobs_dispatched();
    for (int repeat = 0; repeat < 2; ++repeat) {
      const std::vector<NamedTensor> got = session.run(feeds);
      REQUIRE(got.size() == want.size());
      for (size_t i = 0; i < got.size(); ++i) {
        INFO("output " << got[i].name << ", " << threads << " threads, run " << repeat);
        REQUIRE(got[i].tensor->dims == want[i].tensor->dims);
        CHECK(test::byte_mismatches(got[i].tensor->bytes, want[i].tensor->bytes) == "");
      }
    }
    const size_t jobs = ThreadPool::shared().jobs_dispatched() - jobs_before;
    // A timed run (per-layer profile) runs every step alone, joined pairs
    // too: the same bits, and every step timed.
    std::vector<StepTiming> timings;
    const std::vector<NamedTensor> timed = session.run_timed(feeds, timings);
    REQUIRE(timed.size() == want.size());
    for (size_t i = 0; i < timed.size(); ++i) {
      INFO("output " << timed[i].name << ", " << threads << " threads, timed run");
      CHECK(test::byte_mismatches(timed[i].tensor->bytes, want[i].tensor->bytes) == "");
    }
    CHECK(timings.size() == single.describe_plan().size());
    if (jobs_per_run > 0) {
      INFO(threads << " threads: every splittable step hands one job to the pool per run");
      CHECK(jobs == 2 * jobs_per_run);
    } else if (split == Split::Some) {
      INFO(threads << " threads: the steps never handed work to the pool");
      CHECK(jobs > 0);
    } else if (split == Split::None) {
      INFO(threads << " threads: " << jobs << " jobs went to the pool; the cost model should keep every step inline");
      CHECK(jobs == 0);
    }
  }
  return single.describe_plan();
}

AttributeMap conv_attrs(std::vector<int64_t> strides, std::vector<int64_t> pads, int64_t group = 1) {
  return {{"strides", Attribute::make_ints(strides)}, {"pads", Attribute::make_ints(pads)},
          {"group", Attribute::make_int(group)}};
}

TEST_CASE("threads: conv, depthwise and gemm steps on awkward shapes give the same bits for 1, 2, 3, 5 threads",
          "[threads]") {
  // Batch 2, 9x7 images (63 pixels: not a multiple of any MR), 13 channels,
  // grouped and strided convs, 3x3, 5x5 and 2x2 depthwise kernels, fused
  // clamp, HardSwish and PRelu epilogues, a 1x1 conv (GEMM), a 63-row GEMM
  // and a batch-1 GEMV with N = 37.
  test::OpGraph g;
  g.input("x", {2, 13, 9, 7})
      .tensor("w1", random_tensor({24, 13, 3, 3}, 11, 0.3f))
      .tensor("b1", random_tensor({24}, 12))
      .tensor("w2", random_tensor({24, 12, 3, 3}, 13, 0.3f))
      .tensor("dw3", random_tensor({24, 1, 3, 3}, 14, 0.5f))
      .tensor("dw5", random_tensor({24, 1, 5, 5}, 15, 0.3f))
      .tensor("dw2", random_tensor({24, 1, 2, 2}, 16, 0.5f))
      .tensor("pw", random_tensor({21, 24, 1, 1}, 17, 0.3f))
      .tensor("slope", random_tensor({21, 1, 1}, 18, 0.2f))
      .tensor("fc", random_tensor({21, 37}, 19, 0.3f))
      .tensor("fc_b", random_tensor({37}, 20))
      .floats("lo", {0.f}, {})
      .floats("hi", {6.f}, {})
      .node("Conv", {"x", "w1", "b1"}, {"c1"}, conv_attrs({1, 1}, {1, 1, 1, 1}), "conv3x3")
      .node("Clip", {"c1", "lo", "hi"}, {"r1"}, {}, "relu6")
      .node("Conv", {"r1", "w2"}, {"c2"}, conv_attrs({1, 1}, {1, 1, 1, 1}, 2), "grouped")
      .node("Conv", {"c2", "dw3"}, {"d3"}, conv_attrs({1, 1}, {1, 1, 1, 1}, 24), "dw3x3")
      .node("HardSwish", {"d3"}, {"h3"}, {}, "hardswish")
      .node("Conv", {"h3", "dw5"}, {"d5"}, conv_attrs({2, 2}, {2, 2, 2, 2}, 24), "dw5x5_s2")
      .node("Conv", {"d5", "dw2"}, {"d2"}, conv_attrs({1, 1}, {0, 0, 1, 1}, 24), "dw2x2")
      .node("Conv", {"d2", "pw"}, {"p"}, conv_attrs({1, 1}, {0, 0, 0, 0}), "pointwise")
      .node("PRelu", {"p", "slope"}, {"pr"}, {}, "prelu")
      .node("GlobalAveragePool", {"pr"}, {"gap"}, {}, "gap")
      .node("Flatten", {"gap"}, {"flat"}, {}, "flatten")
      .node("MatMul", {"flat", "fc"}, {"mm"}, {}, "fc")
      .node("Add", {"mm", "fc_b"}, {"y"}, {}, "fc_bias");
  g.graph.outputs = {g.graph.find_value("y"), g.graph.find_value("pr")};
  const std::vector<std::string> plan = check_bit_identical(g.graph, {random_tensor({2, 13, 9, 7}, 1)}, 0);
  INFO(test::listing(plan));
  CHECK(test::plan_has(plan, "f32 igemm"));
  CHECK(test::plan_has(plan, "f32 gemm (1x1)"));
  CHECK(test::count_steps(plan, "f32 dwconv") == 3);
  CHECK(test::plan_has(plan, "MatMul+Add -> f32 gemm "));  // 2 rows (batch 2)
}

TEST_CASE("threads: activation chain epilogues and steps give the same bits for 1, 2, 3, 5 threads", "[threads]") {
  // Paddle2ONNX's HardSwish written out (Add 3, Clip 0..6, Mul x, Div 6)
  // between PP-LCNetV3 affine blocks (Mul k, Add c): fused into a 1x1 conv's
  // and a depthwise conv's epilogue, and one standalone step (the dwconv's
  // output is also read by a Relu). 13 channels, 9x7 images, batch 2.
  test::OpGraph g;
  g.input("x", {2, 13, 9, 7})
      .tensor("pw", random_tensor({13, 13, 1, 1}, 41, 0.4f))
      .tensor("dw", random_tensor({13, 1, 3, 3}, 42, 0.5f))
      .floats("k", {1.75f}, {1})
      .floats("c", {-0.375f}, {1})
      .floats("three", {3.f}, {})
      .floats("zero", {0.f}, {})
      .floats("six", {6.f}, {})
      .node("Conv", {"x", "pw"}, {"p"}, conv_attrs({1, 1}, {0, 0, 0, 0}), "pointwise")
      .node("Mul", {"p", "k"}, {"m1"}).node("Add", {"m1", "c"}, {"a1"})
      .node("Add", {"a1", "three"}, {"t1"}).node("Clip", {"t1", "zero", "six"}, {"u1"})
      .node("Mul", {"a1", "u1"}, {"v1"}).node("Div", {"v1", "six"}, {"h1"})
      .node("Mul", {"h1", "k"}, {"m2"}).node("Add", {"m2", "c"}, {"a2"})
      .node("Conv", {"a2", "dw"}, {"d"}, conv_attrs({1, 1}, {1, 1, 1, 1}, 13), "depthwise")
      .node("Add", {"d", "three"}, {"t2"}).node("Clip", {"t2", "zero", "six"}, {"u2"})
      .node("Mul", {"u2", "d"}, {"v2"}).node("Div", {"v2", "six"}, {"h2"})
      .node("Relu", {"d"}, {"r"})
      .node("Add", {"h2", "r"}, {"y"});
  g.graph.outputs = {g.graph.find_value("y")};
  const std::vector<std::string> plan = check_bit_identical(g.graph, {random_tensor({2, 13, 9, 7}, 43, 3.f)}, 0);
  INFO(test::listing(plan));
  CHECK(test::plan_has(plan, "Conv+Mul+Add+Add+Clip+Mul+Div+Mul+Add (affine, HardSwish, affine) -> f32 gemm (1x1)"));
  CHECK(test::plan_has(plan, "Add+Clip+Mul+Div (HardSwish) -> f32_vhswishdiv_ukernel__wasmsimd_x8"));
}

TEST_CASE("threads: pooling, elementwise and layout steps on awkward shapes give the same bits for 1, 2, 3, 5 threads",
          "[threads]") {
  // 3 images of 19 channels x 11x13 (odd everywhere): NCHW->NHWC and back
  // (layout copies), max and average pooling with padding, a same-shape Add
  // (one flat loop), a per-channel Mul (rows x a scalar), a Sigmoid, and a
  // 1x1 conv that keeps the NHWC layout in between.
  test::OpGraph g;
  g.input("x", {3, 19, 11, 13})
      .tensor("w", random_tensor({19, 19, 1, 1}, 21, 0.3f))
      .tensor("scale", random_tensor({19, 1, 1}, 22))
      .node("Conv", {"x", "w"}, {"c"}, conv_attrs({1, 1}, {0, 0, 0, 0}), "pointwise")
      .node("MaxPool", {"c"}, {"mp"}, {{"kernel_shape", Attribute::make_ints({3, 3})},
                                       {"pads", Attribute::make_ints({1, 1, 1, 1})}}, "maxpool")
      .node("AveragePool", {"c"}, {"ap"}, {{"kernel_shape", Attribute::make_ints({3, 2})},
                                           {"pads", Attribute::make_ints({1, 0, 1, 1})}}, "avgpool")
      .node("Add", {"mp", "ap"}, {"sum"}, {}, "residual_add")
      .node("Mul", {"sum", "scale"}, {"scaled"}, {}, "per_channel_mul")
      .node("Sigmoid", {"scaled"}, {"y"}, {}, "sigmoid");
  g.graph.outputs = {g.graph.find_value("y")};
  const std::vector<std::string> plan = check_bit_identical(g.graph, {random_tensor({3, 19, 11, 13}, 4)}, 0);
  INFO(test::listing(plan));
  CHECK(test::plan_has(plan, "maxpool"));
  CHECK(test::plan_has(plan, "avgpool"));
  CHECK(test::plan_has(plan, "Add -> f32_vadd"));
  CHECK(test::plan_has(plan, "Mul -> f32_vmul"));
  CHECK(test::plan_has(plan, "Sigmoid -> f32_vsigmoid"));
  CHECK(test::plan_has(plan, "layout NCHW->NHWC"));
  CHECK(test::plan_has(plan, "layout NHWC->NCHW"));

  // Layout copies split over 64-pixel bands, or over 64-channel bands where
  // channels outnumber pixels: 131 channels (three bands: 64, 64 and a tail of 3) of
  // 3x5 pixels, both directions around a 1x1 conv.
  test::OpGraph wide;
  wide.input("x", {2, 131, 3, 5})
      .tensor("w", random_tensor({131, 131, 1, 1}, 23, 0.1f))
      .node("Conv", {"x", "w"}, {"y"}, conv_attrs({1, 1}, {0, 0, 0, 0}), "pointwise");
  wide.graph.outputs = {wide.graph.find_value("y")};
  const std::vector<std::string> wide_plan = check_bit_identical(wide.graph, {random_tensor({2, 131, 3, 5}, 5)}, 0);
  INFO(test::listing(wide_plan));
  CHECK(test::plan_has(wide_plan, "layout NCHW->NHWC"));
  CHECK(test::plan_has(wide_plan, "layout NHWC->NCHW"));
}

TEST_CASE("threads: a 1-row GEMV and a many-row GEMM with a fused activation give the same bits for any thread count",
          "[threads]") {
  for (int64_t rows : {1, 7, 131}) {
    DYNAMIC_SECTION(rows << " rows") {
      test::OpGraph g;
      g.input("x", {rows, 45})
          .tensor("w", random_tensor({45, 77}, 31, 0.3f))
          .tensor("b", random_tensor({77}, 32))
          .node("Gemm", {"x", "w", "b"}, {"g"}, {}, "gemm")
          .node("Sigmoid", {"g"}, {"y"}, {}, "sigmoid");
      g.graph.outputs = {g.graph.find_value("y")};
      const std::vector<std::string> plan = check_bit_identical(g.graph, {random_tensor({rows, 45}, 2)}, 0);
      INFO(test::listing(plan));
      CHECK(test::plan_has(plan, rows == 1 ? "f32 gemv" : "f32 gemm"));
    }
  }
}

// A calibrated int8 QDQ copy of `graph` (the quantize pass's defaults:
// per-channel weights, static activations), calibrated on `samples` inputs.
Graph quantized(const Graph& graph, const Shape& dims, int samples) {
  std::unique_ptr<Model> model = Model::from_graph(graph);
  const std::string input = graph.value(graph.inputs[0]).name;
  model->begin_calibration(false);
  for (int pass = 0; pass < model->calibration_passes(); ++pass) {
    model->calibration_begin_pass(pass);
    for (int i = 0; i < samples; ++i) model->calibrate({{input, random_tensor(dims, 500 + static_cast<uint64_t>(i))}});
  }
  return model->quantize(QuantizeSettings{})->graph();
}

// A magnitude-pruned copy of `graph`: every weighted layer at `sparsity`
// (the first conv and the classifier too: an empty skip list).
// `graph` pruned to `sparsity` by `method_options` (extra prune() options,
// e.g. R"("method": "block", "block": "8x1", )"), no layer skipped.
Graph pruned(const Graph& graph, double sparsity, const std::string& method_options = "") {
  std::string report;
  return Model::from_graph(graph)
      ->prune(str("{", method_options, "\"sparsity\": ", sparsity, ", \"skip\": []}"), &report)
      ->graph();
}

// The graph the sparse-step tests prune: by default 2 images of 9x7 (126
// rows) with 24 channels through two 1x1 convs (`c1` then `c2` channels, the
// second with a fused PRelu), a ReduceMean, then a batch-1 MatMul + Add with
// `n` outputs (the GEMV). Outputs: the MatMul+Add and the PRelu.
test::OpGraph pointwise_convs_then_dense(int64_t c1, int64_t c2, int64_t n,
                                         const std::vector<int64_t>& input_dims = {2, 24, 9, 7}) {
  test::OpGraph g;
  g.input("x", input_dims)
      .tensor("pw1", random_tensor({c1, 24, 1, 1}, 61, 0.3f))
      .tensor("b1", random_tensor({c1}, 62))
      .tensor("pw2", random_tensor({c2, c1, 1, 1}, 63, 0.3f))
      .tensor("slope", random_tensor({c2, 1, 1}, 64, 0.2f))
      .tensor("fc", random_tensor({c2, n}, 65, 0.3f))
      .tensor("fc_b", random_tensor({n}, 66))
      .node("Conv", {"x", "pw1", "b1"}, {"c1"}, conv_attrs({1, 1}, {0, 0, 0, 0}), "pw1")
      .node("Relu", {"c1"}, {"r1"}, {}, "relu")
      .node("Conv", {"r1", "pw2"}, {"c2"}, conv_attrs({1, 1}, {0, 0, 0, 0}), "pw2")
      .node("PRelu", {"c2", "slope"}, {"pr"}, {}, "prelu")
      .node("ReduceMean", {"pr"}, {"mean"}, {{"axes", Attribute::make_ints({0, 2, 3})}}, "mean")
      .node("Flatten", {"mean"}, {"row"}, {}, "row")
      .node("MatMul", {"row", "fc"}, {"mm"}, {}, "fc")
      .node("Add", {"mm", "fc_b"}, {"y"}, {}, "fc_bias");
  g.graph.outputs = {g.graph.find_value("y"), g.graph.find_value("pr")};
  g.infer();
  return g;
}

// The generated MobileNetV2 (folded BatchNorm) and its input dims with the
// batch set to 1.
Graph mobilenetv2(Shape* dims) {
  const std::vector<uint8_t> bytes = test_data::read_bytes(test_data::generated("mobilenetv2_folded.onnx"));
  Graph graph = import_onnx(bytes.data(), bytes.size());
  *dims = graph.value(graph.inputs[0]).shape;
  for (int64_t& d : *dims) d = d < 0 ? 1 : d;
  return graph;
}

// A 3x3 depthwise conv of a [1, channels, side, side] input, a residual Add
// of the input to it and a GlobalAveragePool of the sum.
Graph residual_then_global_pool(int64_t channels, int64_t side) {
  test::OpGraph g;
  g.input("x", {1, channels, side, side})
      .tensor("dw", random_tensor({channels, 1, 3, 3}, 30, 0.5f))
      .node("Conv", {"x", "dw"}, {"d"}, conv_attrs({1, 1}, {1, 1, 1, 1}, channels), "depthwise")
      .node("Add", {"d", "x"}, {"sum"}, {}, "residual_add")
      .node("GlobalAveragePool", {"sum"}, {"gap"}, {}, "gap");
  g.graph.outputs = {g.graph.find_value("gap")};
  g.infer();
  return g.graph;
}

TEST_CASE("threads: residual Adds and global average pools split by the bytes they move (default cost model)",
          "[threads][qdq]") {
  // 37 channels (16-channel blocks and a 5-channel tail; the kernel's
  // 4-channel tail inside it) of 56x56: the Add moves 1.4 MB and the pool
  // reads 464 KB, both above the cost model's 128 KB: with the depthwise
  // conv (1 M multiply-adds) and the layout copy of the input (a copy too:
  // 928 KB moved) one job each per run. 160 channels of 7x7 (a MobileNetV2
  // tail block: 94 KB and 31 KB moved, its input's layout 63 KB) stay
  // inline.
  const Graph big = residual_then_global_pool(37, 56);
  const std::vector<TensorPtr> big_input = {random_tensor({1, 37, 56, 56}, 31)};
  const std::vector<std::string> plan = check_bit_identical(big, big_input, kMinParallelWork, true, Split::Some, 4);
  INFO(test::listing(plan));
  CHECK(test::plan_has(plan, "Add -> f32_vadd"));
  CHECK(test::plan_has(plan, "GlobalAveragePool -> f32 gavgpool"));
  check_bit_identical(residual_then_global_pool(160, 7), {random_tensor({1, 160, 7, 7}, 33)}, kMinParallelWork, true,
                      Split::None);

  // The int8 twins (QDQ) split by the same rule, with the same bits.
  const Graph q = quantized(big, {1, 37, 56, 56}, 4);
  const std::vector<std::string> q_plan = check_bit_identical(q, big_input, kMinParallelWork, false, Split::Some);
  INFO(test::listing(q_plan));
  CHECK(test::plan_has(q_plan, "qs8 vadd"));
  CHECK(test::plan_has(q_plan, "qs8 gavgpool"));
}

// A [1, channels, side, side] input through a 3x3 stride-2 depthwise conv
// (MobileNetV2's 14x14 -> 7x7 layer shape at channels 576, side 14).
Graph strided_depthwise(int64_t channels, int64_t side) {
  test::OpGraph g;
  g.input("x", {1, channels, side, side})
      .tensor("dw", random_tensor({channels, 1, 3, 3}, 34, 0.5f))
      .node("Conv", {"x", "dw"}, {"y"}, conv_attrs({2, 2}, {1, 1, 1, 1}, channels), "depthwise_s2");
  g.graph.outputs = {g.graph.find_value("y")};
  g.infer();
  return g.graph;
}

TEST_CASE("threads: int8 depthwise convs and Q/DQ conversions split by the bytes they move (default cost model)",
          "[threads][qdq]") {
  // 576 channels, 14x14 -> 7x7: the depthwise conv has 254 K multiply-adds
  // (under the cost model's 256 K) but moves 141 KB (over its 128 KB); the
  // input's QuantizeLinear, which writes the NHWC codes in the same pass
  // (112,896 elements, 4 + 1 bytes each: 564 KB), and the output's
  // DequantizeLinear (28,224 elements: 141 KB) are over it too, as is the
  // output's layout copy (226 KB). One job per step and run.
  const Graph q = quantized(strided_depthwise(576, 14), {1, 576, 14, 14}, 4);
  const std::vector<std::string> plan =
      check_bit_identical(q, {random_tensor({1, 576, 14, 14}, 35)}, kMinParallelWork, false, Split::Some, 4);
  INFO(test::listing(plan));
  CHECK(test::plan_has(plan, "qs8 dwconv"));
  CHECK(test::plan_has(plan, "f32->qs8 vcvt wasmsimd + x8 transpose"));
  CHECK(test::plan_has(plan, "qs8->f32 vcvt"));
  // 64 channels, 8x8 -> 4x4 (9 K multiply-adds, 5 KB moved): every step stays inline.
  check_bit_identical(quantized(strided_depthwise(64, 8), {1, 64, 8, 8}, 4), {random_tensor({1, 64, 8, 8}, 36)},
                      kMinParallelWork, false, Split::None);
}

TEST_CASE("threads: an int8 depthwise conv and the 1x1 conv after it run as one job, same bits for 1, 2, 3, 5 threads",
          "[threads][qdq][joined]") {
  // runtime/joined_rows.h. 9x7 (63 pixels: no multiple of the depthwise
  // block, 8, or the GEMM strip, 4), 24 channels: depthwise 3x3 -> two 1x1
  // convs (24 -> 40) summed -> depthwise 3x3 stride 2 (5x4) -> 1x1 (40 ->
  // 16). The first depthwise output is read twice, so that pair must not
  // join; the second pair must.
  test::OpGraph g;
  g.input("x", {1, 24, 9, 7})
      .tensor("dw1", random_tensor({24, 1, 3, 3}, 71, 0.5f))
      .tensor("pw1", random_tensor({40, 24, 1, 1}, 72, 0.3f))
      .tensor("pw1b", random_tensor({40, 24, 1, 1}, 73, 0.3f))
      .tensor("dw2", random_tensor({40, 1, 3, 3}, 74, 0.5f))
      .tensor("pw2", random_tensor({16, 40, 1, 1}, 75, 0.3f))
      .node("Conv", {"x", "dw1"}, {"d1"}, conv_attrs({1, 1}, {1, 1, 1, 1}, 24), "dw1")
      .node("Conv", {"d1", "pw1"}, {"p1"}, conv_attrs({1, 1}, {0, 0, 0, 0}), "pw1")
      .node("Conv", {"d1", "pw1b"}, {"p1b"}, conv_attrs({1, 1}, {0, 0, 0, 0}), "pw1b")
      .node("Add", {"p1", "p1b"}, {"s1"}, {}, "sum")
      .node("Conv", {"s1", "dw2"}, {"d2"}, conv_attrs({2, 2}, {1, 1, 1, 1}, 40), "dw2")
      .node("Conv", {"d2", "pw2"}, {"y"}, conv_attrs({1, 1}, {0, 0, 0, 0}), "pw2");
  g.graph.outputs = {g.graph.find_value("y")};
  g.infer();
  const Graph q = quantized(g.graph, {1, 24, 9, 7}, 4);
  // Jobs per run, every step split (threshold 0): dw1, pw1, pw1b, the Add,
  // dw2 + pw2 as one, the output's DequantizeLinear: 6, not 7. (The input's
  // QuantizeLinear, one band of 63 pixels, and the output's layout copy, 16
  // channels of 20 pixels, are one unit each: inline.)
  const std::vector<std::string> plan =
      check_bit_identical(q, {random_tensor({1, 24, 9, 7}, 76)}, 0, false, Split::Some, 6);
  INFO(test::listing(plan));
  CHECK(test::count_steps(plan, "qs8 dwconv") == 2);
  CHECK(test::count_steps(plan, "qs8 gemm (1x1)") == 3);
  // The default cost model: the joined pair counts both steps' work.
  check_bit_identical(q, {random_tensor({1, 24, 9, 7}, 77)}, kMinParallelWork, false, Split::Either);
}

// Each joined pair (runtime/joined_rows.h) of a compiled plan: the second
// step's output must share no byte with the first step's input or the link
// (the first's output), which the job still reads while it is written.
// Returns the number of pairs.
size_t check_joined_pairs_apart(const Graph& graph) {
  const std::unique_ptr<CompiledPlan> compiled = compile_plan(graph);
  auto tensor = [&](int id) -> const TensorLifetime* {
    for (const TensorLifetime& t : compiled->memory.tensors)
      if (t.id == id) return &t;
    return nullptr;
  };
  auto overlap = [](const TensorLifetime& a, const TensorLifetime& b) {
    return a.offset < b.offset + b.bytes && b.offset < a.offset + a.bytes;
  };
  size_t pairs = 0;
  for (const auto& step : compiled->steps) {
    if (step->joined_next == nullptr) continue;
    ++pairs;
    const TensorLifetime* second = tensor(step->joined_next->outputs[0]);
    REQUIRE(second != nullptr);
    for (int read : {step->inputs[0], step->outputs[0]}) {
      const TensorLifetime* t = tensor(read);
      if (t == nullptr) continue;  // not in the arena (a weight, a graph input outside it)
      INFO(step->layer << ": value " << read << " and the joined output " << second->id);
      CHECK(!overlap(*t, *second));
    }
  }
  return pairs;
}

TEST_CASE("threads: f32 depthwise convs and the 1x1 convs after them (dense, block-sparse) run as one job, same bits",
          "[threads][joined]") {
  // Batch 1, 9x7 (63 pixels: no multiple of the f32 depthwise's 6-pixel
  // groups or the GEMM's 4-row strips, lcm 12), 24 -> 40 -> 16 channels:
  // depthwise 3x3 -> 1x1 -> depthwise 3x3 -> 1x1, every step split
  // (threshold 0); dense, then with both 1x1 convs block-pruned (8x1, 90%).
  test::OpGraph g;
  g.input("x", {1, 24, 9, 7})
      .tensor("dw1", random_tensor({24, 1, 3, 3}, 81, 0.5f))
      .tensor("pw1", random_tensor({40, 24, 1, 1}, 82, 0.3f))
      .tensor("dw2", random_tensor({40, 1, 3, 3}, 83, 0.5f))
      .tensor("pw2", random_tensor({16, 40, 1, 1}, 84, 0.3f))
      .node("Conv", {"x", "dw1"}, {"d1"}, conv_attrs({1, 1}, {1, 1, 1, 1}, 24), "dw1")
      .node("Conv", {"d1", "pw1"}, {"p1"}, conv_attrs({1, 1}, {0, 0, 0, 0}), "pw1")
      .node("Conv", {"p1", "dw2"}, {"d2"}, conv_attrs({1, 1}, {1, 1, 1, 1}, 40), "dw2")
      .node("Conv", {"d2", "pw2"}, {"y"}, conv_attrs({1, 1}, {0, 0, 0, 0}), "pw2");
  g.graph.outputs = {g.graph.find_value("y")};
  g.infer();
  SECTION("dense") {
    const std::vector<std::string> plan = check_bit_identical(g.graph, {random_tensor({1, 24, 9, 7}, 85)}, 0);
    INFO(test::listing(plan));
    CHECK(test::count_steps(plan, "f32 dwconv") == 2);
    CHECK(test::count_steps(plan, "f32 gemm (1x1)") == 2);
    CHECK(check_joined_pairs_apart(g.graph) == 2);
  }
  SECTION("block-sparse") {
    const Graph sparse = pruned(g.graph, 0.9, R"("method": "block", "block": "8x1", )");
    const std::vector<std::string> plan = check_bit_identical(sparse, {random_tensor({1, 24, 9, 7}, 86)}, 0);
    INFO(test::listing(plan));
    CHECK(test::count_steps(plan, "f32 bspmm 8x1") == 2);
    CHECK(check_joined_pairs_apart(sparse) == 2);
  }
}

TEST_CASE("threads: int8 (QDQ) steps on awkward shapes give the same bits for 1, 2, 3, 5 threads", "[threads][qdq]") {
  // Batch 2, 9x7 images (63 pixels: not a multiple of any MR or ppmm tile):
  // a 3-channel stem (qs8 GEMM over im2col patches), a grouped 3x3 conv
  // (IGEMM), a 3x3 depthwise conv, a 1x1 conv (GEMM), a residual Add, and a
  // 2-row Gemm head; the float input and outputs go through the Q/DQ
  // conversion steps. (session_qdq_test.cc checks these steps against the
  // reference executor; here the one-thread run is the oracle.)
  test::OpGraph g;
  g.input("x", {2, 3, 9, 7})
      .tensor("w1", random_tensor({24, 3, 3, 3}, 51, 0.3f))
      .tensor("b1", random_tensor({24}, 52))
      .tensor("w2", random_tensor({24, 12, 3, 3}, 53, 0.3f))
      .tensor("dw", random_tensor({24, 1, 3, 3}, 54, 0.5f))
      .tensor("pw", random_tensor({24, 24, 1, 1}, 55, 0.3f))
      .tensor("fc", random_tensor({37, 24}, 56, 0.3f))
      .tensor("fc_b", random_tensor({37}, 57))
      .node("Conv", {"x", "w1", "b1"}, {"c1"}, conv_attrs({1, 1}, {1, 1, 1, 1}), "stem")
      .node("Relu", {"c1"}, {"r1"}, {}, "relu")
      .node("Conv", {"r1", "w2"}, {"c2"}, conv_attrs({1, 1}, {1, 1, 1, 1}, 2), "grouped")
      .node("Conv", {"c2", "dw"}, {"d"}, conv_attrs({1, 1}, {1, 1, 1, 1}, 24), "dw3x3")
      .node("Conv", {"d", "pw"}, {"p"}, conv_attrs({1, 1}, {0, 0, 0, 0}), "pointwise")
      .node("Add", {"p", "r1"}, {"sum"}, {}, "residual_add")
      .node("GlobalAveragePool", {"sum"}, {"gap"}, {}, "gap")
      .node("Flatten", {"gap"}, {"flat"}, {}, "flatten")
      .node("Gemm", {"flat", "fc", "fc_b"}, {"y"}, {{"transB", Attribute::make_int(1)}}, "fc");
  g.graph.outputs = {g.graph.find_value("y"), g.graph.find_value("sum")};
  g.infer();
  const Graph q = quantized(g.graph, {2, 3, 9, 7}, 4);
  // Every step splits (one job each; the im2col conv one per image) but
  // the Flatten's int8 copy (48 bytes: one 64-byte block) and the 2-row
  // Gemm (one ppmm tile): 12 steps - 2 + 1 (the input's QuantizeLinear
  // writes the stem's NHWC codes itself: no layout copy).
  const std::vector<std::string> plan =
      check_bit_identical(q, {random_tensor({2, 3, 9, 7}, 6)}, 0, false, Split::Some, 11);
  INFO(test::listing(plan));
  CHECK(test::plan_has(plan, "qs8 gemm (im2col)"));
  CHECK(test::plan_has(plan, "qs8 igemm"));
  CHECK(test::plan_has(plan, "qs8 dwconv"));
  CHECK(test::plan_has(plan, "qs8 gemm (1x1)"));
  CHECK(test::plan_has(plan, "qs8 vadd"));
  CHECK(test::plan_has(plan, "qs8 gavgpool"));
  CHECK(test::plan_has(plan, "Flatten (QDQ) -> qs8 copy"));
  CHECK(test::plan_has(plan, "Gemm (QDQ) -> qs8 gemm"));
  CHECK(test::plan_has(plan, "f32->qs8 vcvt wasmsimd + x8 transpose (NCHW->NHWC)"));
  CHECK_FALSE(test::plan_has(plan, "layout NCHW->NHWC"));
  CHECK(test::plan_has(plan, "qs8->f32 vcvt"));
}

TEST_CASE("threads: QuantizeLinear straight into NHWC codes gives the reference's codes for 1, 2, 3, 5 threads",
          "[threads][qdq]") {
  // Read only by int8 convs, the input's quantization writes NHWC codes in
  // one pass. Shapes: 70 channels (a block of 64 and a tail of 6) over 9x13
  // images (117 pixels: a band of 64 and a tail of 53), batch 2; and an RGB
  // image of 40x37 (1480 pixels: a band of 1344 and a tail of 136). The
  // reference executor quantizes the NCHW tensor (the oracle) and runs the
  // two convs that read the codes.
  for (const Shape& dims : {Shape{2, 70, 9, 13}, Shape{1, 3, 40, 37}}) {
    INFO("input " << dims[0] << "x" << dims[1] << "x" << dims[2] << "x" << dims[3]);
    test::OpGraph g;
    g.input("x", dims)
        .tensor("w", random_tensor({5, dims[1], 3, 3}, 61, 0.2f))
        .tensor("w1", random_tensor({3, dims[1], 1, 1}, 62, 0.2f))
        .node("Conv", {"x", "w"}, {"y"}, conv_attrs({1, 1}, {1, 1, 1, 1}), "conv3x3")
        .node("Conv", {"x", "w1"}, {"z"}, conv_attrs({1, 1}, {0, 0, 0, 0}), "conv1x1");
    g.graph.outputs = {g.graph.find_value("y"), g.graph.find_value("z")};
    g.infer();
    const Graph q = quantized(g.graph, dims, 4);
    const std::vector<std::string> plan = check_bit_identical(q, {random_tensor(dims, 63)}, 0, true);
    INFO(test::listing(plan));
    CHECK(test::plan_has(plan, "f32->qs8 vcvt wasmsimd + x8 transpose (NCHW->NHWC)"));
    CHECK_FALSE(test::plan_has(plan, "layout NCHW->NHWC"));
  }
}

TEST_CASE("threads: int8 bilinear Resize, Mul and Transpose (QDQ) give the same bits for 1, 2, 3, 5 threads",
          "[threads][qdq]") {
  // 3 images of 19 channels x 7x9 upscaled to 13x17 (odd rows: uneven
  // splits; a 16-channel block and a tail), a squeeze-excite gate and a
  // same-shape Mul, then an int8 Transpose.
  test::OpGraph g;
  g.input("x", {3, 19, 7, 9})
      .floats("roi", {}, {0})
      .floats("scales", {}, {0})
      .ints("sizes", {3, 19, 13, 17})
      .node("Resize", {"x", "roi", "scales", "sizes"}, {"r"}, {{"mode", Attribute::make_string("linear")}}, "resize")
      .node("GlobalAveragePool", {"r"}, {"pooled"}, {}, "squeeze")
      .node("Sigmoid", {"pooled"}, {"gate"}, {}, "gate")
      .node("Mul", {"r", "gate"}, {"excited"}, {}, "excite")
      .node("Mul", {"excited", "r"}, {"square"}, {}, "same_shape_mul")
      .node("Transpose", {"square"}, {"y"}, {{"perm", Attribute::make_ints({0, 3, 1, 2})}}, "transpose");
  g.graph.outputs = {g.graph.find_value("y")};
  g.infer();
  const Graph q = quantized(g.graph, {3, 19, 7, 9}, 3);
  const std::vector<std::string> plan =
      check_bit_identical(q, {random_tensor({3, 19, 7, 9}, 8)}, 0, false, Split::Some);
  INFO(test::listing(plan));
  CHECK(test::plan_has(plan, "Resize (linear) (QDQ) -> qs8 ibilinear row c16"));
  CHECK(test::plan_has(plan, "Transpose (QDQ) -> qs8 transpose (x8 transpose 16x16 tiles)"));
  CHECK(test::plan_has(plan, "qs8 vmul wasmsimd (per-channel gate)"));
  CHECK(test::count_steps(plan, "qs8 vmul wasmsimd") == 2);
  CHECK(!test::plan_has(plan, "-> f32 "));
}

TEST_CASE("threads: weight-only int8 GEMV, GEMM and 1x1 conv steps (and the static int8 GEMV) give the same bits for 1, 2, 3, 5 threads",
          "[threads][weight-only]") {
  // model.quantize({activations: 'float32'}): int8 weights, f32 activations.
  // 1 row (GEMV over 5 panels of 16 columns), 300 rows (two row tiles of the
  // dequantized-block GEMM), and a 1x1 conv over 2 x 9x7 pixels.
  for (int64_t rows : {1, 300}) {
    DYNAMIC_SECTION(rows << " rows") {
      test::OpGraph g;
      g.input("x", {rows, 45})
          .tensor("w", random_tensor({45, 77}, 31, 0.3f))
          .tensor("b", random_tensor({77}, 32))
          .node("Gemm", {"x", "w", "b"}, {"g"}, {}, "gemm")
          .node("Sigmoid", {"g"}, {"y"}, {}, "sigmoid");
      g.graph.outputs = {g.graph.find_value("y")};
      QuantizeSettings settings;
      settings.options.weight_only = true;
      const Graph q = Model::from_graph(g.graph)->quantize(settings)->graph();
      // (Batch 1 quantizes the row to int16: session_weight_only_test.cc checks
      // it against the reference with its tolerance; here the bits matter.)
      const std::vector<std::string> plan = check_bit_identical(q, {random_tensor({rows, 45}, 2)}, 0, rows != 1);
      INFO(test::listing(plan));
      CHECK(test::plan_has(plan, rows == 1 ? "f32 x int8 gemv" : "f32 x int8 gemm"));
      if (rows == 1) {  // and static int8 at batch 1: the qs8 GEMV on int8-packed weights
        const Graph q8 = quantized(g.graph, {rows, 45}, 4);
        const std::vector<std::string> plan8 = check_bit_identical(q8, {random_tensor({rows, 45}, 2)}, 0, false);
        INFO(test::listing(plan8));
        CHECK(test::plan_has(plan8, "Gemm (QDQ) -> qs8 gemv"));
      }
    }
  }
  test::OpGraph g;
  g.input("x", {2, 19, 9, 7})
      .tensor("w", random_tensor({37, 19, 1, 1}, 33, 0.3f))
      .node("Conv", {"x", "w"}, {"c"}, conv_attrs({1, 1}, {0, 0, 0, 0}), "pointwise")
      .node("Relu", {"c"}, {"y"}, {}, "relu");
  g.graph.outputs = {g.graph.find_value("y")};
  g.infer();
  QuantizeSettings settings;
  settings.options.weight_only = true;
  const Graph q = Model::from_graph(g.graph)->quantize(settings)->graph();
  const std::vector<std::string> plan = check_bit_identical(q, {random_tensor({2, 19, 9, 7}, 3)}, 0);
  INFO(test::listing(plan));
  CHECK(test::plan_has(plan, "Conv+Relu -> f32 x int8 gemm"));
}

TEST_CASE("threads: int8 pooling, Concat and lookup-table steps give the same bits for 1, 2, 3, 5 threads",
          "[threads][qdq]") {
  // Batch 2, 9x7 images, 21 channels (a 16-channel block and a tail), a 2x
  // nearest upsampling: the
  // quantize pass puts every op between Q/DQ and the runtime runs them on
  // int8 (session_qdq_ops_test.cc checks them against the reference executor).
  test::OpGraph g;
  g.input("x", {2, 5, 9, 7})
      .tensor("w", random_tensor({21, 5, 3, 3}, 61, 0.3f))
      .node("Conv", {"x", "w"}, {"c"}, conv_attrs({1, 1}, {1, 1, 1, 1}), "conv")
      .node("Sigmoid", {"c"}, {"s"}, {}, "sigmoid")
      .node("MaxPool", {"s"}, {"m"},
            {{"kernel_shape", Attribute::make_ints({3, 3})}, {"pads", Attribute::make_ints({1, 1, 1, 1})}}, "maxpool")
      .node("AveragePool", {"c"}, {"a"},
            {{"kernel_shape", Attribute::make_ints({3, 3})}, {"pads", Attribute::make_ints({1, 1, 1, 1})}}, "avgpool")
      .node("Concat", {"m", "a"}, {"cat"}, {{"axis", Attribute::make_int(1)}}, "concat")
      .node("GlobalAveragePool", {"cat"}, {"y"}, {}, "gap")
      .floats("roi", {}, {0})
      .floats("scales", {1, 1, 2, 2}, {4})
      .node("Resize", {"cat", "roi", "scales"}, {"up"}, {{"mode", Attribute::make_string("nearest")}}, "resize");
  g.graph.outputs = {g.graph.find_value("y"), g.graph.find_value("up")};
  g.infer();
  const Graph q = quantized(g.graph, {2, 5, 9, 7}, 3);
  const std::vector<std::string> plan = check_bit_identical(q, {random_tensor({2, 5, 9, 7}, 8)}, 0, false);
  INFO(test::listing(plan));
  for (const char* step : {"qs8 lut", "qs8 maxpool", "qs8 avgpool", "qs8 concat", "qs8 gavgpool", "qs8 nearest copy"})
    CHECK(test::plan_has(plan, step));
}

TEST_CASE("threads: an int8 Concat of word rows (copied, looked up in blocks or in place, empty) gives the same bits "
          "for 1, 2, 3, 5 threads",
          "[threads][qdq]") {
  // An imported QDQ graph (the quantize pass puts Concat inputs on the
  // output's grid, so tables come from files like PP-OCRv4-det's): NCHW along
  // H, 2 x 16 rows of 4 (another grid: blocks of 1024 rows), 40 (the output's
  // grid: copied), 320 (another grid: looked up in place) and 0 bytes.
  test::OpGraph g;
  const Shape s0{2, 16, 1, 4}, s1{2, 16, 10, 4}, s2{2, 16, 80, 4}, s3{2, 16, 0, 4};
  g.input("x0", s0).input("x1", s1).input("x2", s2).input("x3", s3);
  const float scales[] = {1.7f / 255.0f, 2.0f / 255.0f, 2.6f / 255.0f, 1.1f / 255.0f};
  const int8_t zeros[] = {-3, 4, -9, 0};
  std::vector<std::string> parts;
  auto qdq = [&](const std::string& x, float scale, int8_t zero, const std::string& tag) {
    auto zt = std::make_shared<Tensor>();
    zt->dtype = DType::Int8;
    zt->bytes = {static_cast<uint8_t>(zero)};
    g.floats("s" + tag, {scale}, {}).tensor("z" + tag, zt);
    g.node("QuantizeLinear", {x, "s" + tag, "z" + tag}, {"q" + tag}, {}, "quant" + tag);
    g.node("DequantizeLinear", {"q" + tag, "s" + tag, "z" + tag}, {"dq" + tag}, {}, "dequant" + tag);
    return "dq" + tag;
  };
  for (int i = 0; i < 4; ++i) parts.push_back(qdq("x" + std::to_string(i), scales[i], zeros[i], std::to_string(i)));
  g.node("Concat", parts, {"cat"}, {{"axis", Attribute::make_int(2)}}, "concat");
  g.graph.outputs = {g.graph.find_value(qdq("cat", scales[1], zeros[1], "y"))};
  g.infer();
  const std::vector<std::string> plan =
      check_bit_identical(g.graph, {random_tensor(s0, 11), random_tensor(s1, 12), random_tensor(s2, 13), random_tensor(s3, 14)}, 0);
  INFO(test::listing(plan));
  CHECK(test::plan_has(plan, "qs8 concat copy + lut requantization of 3 inputs (x32 rows)"));
}

TEST_CASE("threads: folded int8 tables (x * Relu(x + 3) / 6) and an int8 Add+Relu give the same bits for 1, 2, 3, 5 threads",
          "[threads][qdq]") {
  // The Add/Relu/Div tables fold into the Mul's one table of the conv
  // output; the residual Add carries its Relu (a multiplier >= 1: the
  // shorter-shift fixed-point kernel). 2 x 21 x 9 x 7 values: blocks and tails.
  test::OpGraph g;
  g.input("x", {2, 5, 9, 7})
      .tensor("w", random_tensor({21, 5, 3, 3}, 71, 0.3f))
      .tensor("w2", random_tensor({21, 5, 1, 1}, 72, 0.3f))
      .floats("three", {3.0f}, {})
      .floats("six", {6.0f}, {})
      .node("Conv", {"x", "w"}, {"c"}, conv_attrs({1, 1}, {1, 1, 1, 1}), "conv")
      .node("Add", {"c", "three"}, {"c3"}, {}, "plus3")
      .node("Relu", {"c3"}, {"r"}, {}, "relu6")
      .node("Div", {"r", "six"}, {"gate"}, {}, "div6")
      .node("Mul", {"c", "gate"}, {"h"}, {}, "hswish")
      .node("Conv", {"x", "w2"}, {"skip"}, conv_attrs({1, 1}, {0, 0, 0, 0}), "skip")
      .node("Add", {"h", "skip"}, {"sum"}, {}, "residual")
      .node("Relu", {"sum"}, {"y"}, {}, "out_relu")
      .node("MaxPool", {"y"}, {"m"}, {{"kernel_shape", Attribute::make_ints({1, 1})}}, "pool");
  g.graph.outputs = {g.graph.find_value("m")};
  g.infer();
  const Graph q = quantized(g.graph, {2, 5, 9, 7}, 3);
  const std::vector<std::string> plan = check_bit_identical(q, {random_tensor({2, 5, 9, 7}, 9)}, 0, false);
  INFO(test::listing(plan));
  CHECK(test::plan_has(plan, "one table) -> qs8 lut"));
  CHECK(test::plan_has(plan, "Add+Relu (QDQ) -> qs8 vadd rndnu"));
}

TEST_CASE("threads: uint8 Q/DQ conversions give the same bits for 1, 2, 3, 5 threads", "[threads][qdq]") {
  // x -> QuantizeLinear (uint8, zero point 131) -> DequantizeLinear: the
  // scalar per-tensor conversion steps, over 3 x 11 x 13 x 7 = 3003 values
  // (not a multiple of the 16-value blocks).
  auto zero_point = std::make_shared<Tensor>();
  zero_point->dtype = DType::Uint8;
  zero_point->bytes = {131};
  test::OpGraph g;
  g.input("x", {3, 11, 13, 7})
      .floats("s", {0.013f}, {})
      .tensor("z", zero_point)
      .node("QuantizeLinear", {"x", "s", "z"}, {"q"}, {}, "quant")
      .node("DequantizeLinear", {"q", "s", "z"}, {"y"}, {}, "dequant");
  g.graph.outputs = {g.graph.find_value("y")};
  const std::vector<std::string> plan =
      check_bit_identical(g.graph, {random_tensor({3, 11, 13, 7}, 7)}, 0, true, Split::Some, 2);
  INFO(test::listing(plan));
  REQUIRE(plan.size() == 2);
  CHECK(test::plan_has(plan, "QuantizeLinear -> f32 scalar loop"));
  CHECK(test::plan_has(plan, "DequantizeLinear -> f32 scalar loop"));
}

TEST_CASE("threads: sparse SpMM and GEMV steps on awkward shapes give the same bits for 1, 2, 3, 5 threads",
          "[threads][sparse]") {
  // 2 images of 9x7 (126 rows: 7 strips of 16 and a 14-row tail) through
  // two pruned 1x1 convs (the second with a fused PRelu), then a batch-1
  // pruned MatMul + Add (the sparse GEMV, 37 output rows); all at 90%.
  const test::OpGraph g = pointwise_convs_then_dense(29, 21, 37);
  // One job per run from each step but the ReduceMean and the Flatten copy:
  // the two layout copies, the two SpMMs and the GEMV.
  const std::vector<std::string> plan =
      check_bit_identical(pruned(g.graph, 0.9), {random_tensor({2, 24, 9, 7}, 8)}, 0, true, Split::Some, 5);
  INFO(test::listing(plan));
  REQUIRE(plan.size() == 7);
  CHECK(test::count_steps(plan, "f32 spmm") == 2);
  CHECK(test::plan_has(plan, "MatMul+Add -> f32 spgemv"));
}

TEST_CASE("threads: sparse SpMM steps of a 7x7 image give the same bits for 1, 2, 3, 5 threads", "[threads][sparse]") {
  // 49 rows, as MobileNetV2's last 1x1 convs: 3 strips of 16 and a 1-row
  // strip (computed on 4 lanes), shared by 2, 3 or 5 threads; 29 then 21
  // output channels (the second with a fused PRelu). One job per run from
  // each SpMM and the GEMV (the layout copies of fewer than 64 pixels are
  // one band: they stay on the calling thread).
  const std::vector<int64_t> dims = {1, 24, 7, 7};
  const test::OpGraph g = pointwise_convs_then_dense(29, 21, 37, dims);
  const std::vector<std::string> plan =
      check_bit_identical(pruned(g.graph, 0.9), {random_tensor(dims, 9)}, 0, true, Split::Some, 3);
  INFO(test::listing(plan));
  CHECK(test::count_steps(plan, "f32 spmm") == 2);
}

TEST_CASE("threads: block-sparse steps on awkward shapes give the same bits for 1, 2, 3, 5 threads",
          "[threads][sparse][bspmm]") {
  // 2 images of 9x7 (126 rows: 31 groups of 4 pixels and a 2-pixel tail)
  // through two block-pruned 1x1 convs (the second with a fused PRelu),
  // then a batch-1 block-pruned MatMul + Add (the GEMV, 40 outputs: 5 or 10
  // block rows split among threads); 8x1 and 4x1 blocks, 90%. Jobs per run:
  // the two layout copies, the GEMV, and the two 1x1 convs as one (the
  // second reads only its own pixels of the first's output:
  // runtime/joined_rows.h).
  const test::OpGraph g = pointwise_convs_then_dense(32, 24, 40);
  for (const char* block : {"8x1", "4x1"}) {
    INFO(block);
    const Graph pruned_graph = pruned(g.graph, 0.9, str(R"("method": "block", "block": ")", block, R"(", )"));
    const std::vector<std::string> plan =
        check_bit_identical(pruned_graph, {random_tensor({2, 24, 9, 7}, 8)}, 0, true, Split::Some, 4);
    INFO(test::listing(plan));
    CHECK(test::count_steps(plan, str("f32 bspmm ", block)) == 3);
    CHECK(test::plan_has(plan, str("MatMul+Add -> f32 bspmm ", block)));
  }
}

TEST_CASE("threads: a block-sparse GEMV with its blocks in a few rows splits by blocks, same bits",
          "[threads][sparse][bspmm]") {
  // [1, 64] x [64, 100]: 13 block rows of 8 (the last one 4 wide, empty);
  // rows 0-2 hold all 64 of their blocks, row 11 holds 4, the others none.
  // The split cuts the rows by their blocks (plus one per row), so 2 threads
  // part the 3 full rows and most ranges of 3 and 5 threads hold no row
  // start at all (they return without a call). One job per run.
  std::vector<float> w(64 * 100, 0.f);
  const TensorPtr values = random_tensor({64, 100}, 101, 0.3f);
  for (size_t k = 0; k < 64; ++k)
    for (size_t n = 0; n < 100; ++n)
      if (n < 24 || (n >= 88 && n < 96 && k % 16 == 0)) w[k * 100 + n] = values->data<float>()[k * 100 + n];
  test::OpGraph g;
  g.input("x", {1, 64}).floats("fc", w, {64, 100}).node("MatMul", {"x", "fc"}, {"y"}, {}, "fc");
  g.graph.outputs = {g.graph.find_value("y")};
  g.infer();
  const std::vector<std::string> plan =
      check_bit_identical(g.graph, {random_tensor({1, 64}, 102)}, 0, true, Split::Some, 1);
  INFO(test::listing(plan));
  CHECK(test::plan_has(plan, "MatMul -> f32 bspmm 8x1"));
}

TEST_CASE("threads: an int8 block-sparse GEMV with its blocks in a few rows splits by blocks, same bits",
          "[threads][qdq][bspmm]") {
  // The f32 case above, quantized: [1, 64] x [64, 100], 13 block rows of 8;
  // rows 0-1 hold all their blocks, row 11 a few, the others none. The int8
  // GEMV's ranges are cut by pairs of blocks (plus one per row), so most
  // ranges of 3 and 5 threads hold no row start (they return without a call).
  std::vector<float> w(64 * 100, 0.f);
  const TensorPtr values = random_tensor({64, 100}, 103, 0.3f);
  for (size_t k = 0; k < 64; ++k)
    for (size_t n = 0; n < 100; ++n)
      if (n < 16 || (n >= 88 && n < 96 && k % 16 == 0)) w[k * 100 + n] = values->data<float>()[k * 100 + n];
  test::OpGraph g;
  g.input("x", {1, 64}).floats("fc", w, {64, 100}).node("MatMul", {"x", "fc"}, {"y"}, {}, "fc");
  g.graph.outputs = {g.graph.find_value("y")};
  g.infer();
  const Graph q = quantized(g.graph, {1, 64}, 4);
  const std::vector<std::string> plan = check_bit_identical(q, {random_tensor({1, 64}, 104)}, 0, false, Split::Some);
  INFO(test::listing(plan));
  CHECK(test::plan_has(plan, "MatMul (QDQ) -> qs8 bspmm 8x1"));
}

TEST_CASE("threads: int8 block-sparse steps give the same bits for 1, 2, 3, 5 threads", "[threads][qdq][bspmm]") {
  // The block-sparse graph above, block-pruned (8x1, 90%) and then quantized:
  // two 1x1 convs over 126 pixels (int8 bspmm over ranges of pixels) and the
  // batch-1 MatMul (40 outputs: ranges of block rows).
  test::OpGraph g;
  g.input("x", {2, 24, 9, 7})
      .tensor("pw1", random_tensor({32, 24, 1, 1}, 61, 0.3f))
      .tensor("b1", random_tensor({32}, 62))
      .tensor("pw2", random_tensor({24, 32, 1, 1}, 63, 0.3f))
      .tensor("fc", random_tensor({24, 40}, 65, 0.3f))
      .node("Conv", {"x", "pw1", "b1"}, {"c1"}, conv_attrs({1, 1}, {0, 0, 0, 0}), "pw1")
      .node("Relu", {"c1"}, {"r1"}, {}, "relu")
      .node("Conv", {"r1", "pw2"}, {"c2"}, conv_attrs({1, 1}, {0, 0, 0, 0}), "pw2")
      .node("ReduceMean", {"c2"}, {"mean"}, {{"axes", Attribute::make_ints({0, 2, 3})}}, "mean")
      .node("Flatten", {"mean"}, {"row"}, {}, "row")
      .node("MatMul", {"row", "fc"}, {"y"}, {}, "fc");
  g.graph.outputs = {g.graph.find_value("y"), g.graph.find_value("c2")};
  g.infer();
  std::string report;
  const Graph pruned_graph =
      Model::from_graph(g.graph)->prune(R"({"method": "block", "block": "8x1", "sparsity": 0.9, "skip": []})", &report)
          ->graph();
  const Graph q = quantized(pruned_graph, {2, 24, 9, 7}, 4);
  const std::vector<std::string> plan =
      check_bit_identical(q, {random_tensor({2, 24, 9, 7}, 8)}, 0, false, Split::Some);
  INFO(test::listing(plan));
  CHECK(test::count_steps(plan, "qs8 bspmm 8x1") == 3);
  CHECK(test::plan_has(plan, "MatMul (QDQ) -> qs8 bspmm 8x1"));
}

TEST_CASE("threads: MobileNetV2 gives the same bits for 1, 2, 3, 5 threads (default cost model)", "[threads][mobilenetv2]") {
  Shape dims;
  const Graph graph = mobilenetv2(&dims);
  // (session_test.cc checks the one-thread run against the reference.)
  check_bit_identical(graph, {random_tensor(dims, 3)}, kMinParallelWork, false);
}

TEST_CASE("threads: a quantized and a pruned MobileNetV2 give the same bits for 1, 2, 3, 5 threads (default cost model)",
          "[threads][mobilenetv2][qdq][sparse]") {
  Shape dims;
  const Graph graph = mobilenetv2(&dims);
  SECTION("int8 QDQ") {
    const Graph q = quantized(graph, dims, 2);
    const std::vector<std::string> plan = check_bit_identical(q, {random_tensor(dims, 9)}, kMinParallelWork, false);
    INFO(test::listing(plan));
    CHECK(test::count_steps(plan, "qs8 dwconv") == 17);
    CHECK(test::plan_has(plan, "qs8 gemm (1x1)"));
  }
  SECTION("pruned to 80%") {
    const std::vector<std::string> plan =
        check_bit_identical(pruned(graph, 0.8), {random_tensor(dims, 10)}, kMinParallelWork, false);
    INFO(test::listing(plan));
    CHECK(test::count_steps(plan, "f32 spmm") >= 30);
  }
}

TEST_CASE("threads: the real-model corpus gives the same bits for 1, 2, 3, 5 threads", "[threads][corpus]") {
  const std::string dir = std::string(NNSLIM_SOURCE_DIR) + "/tests/models";
  std::ifstream in(dir + "/corpus.json");
  REQUIRE(in.good());
  const nlohmann::json corpus = nlohmann::json::parse(in);
  REQUIRE(corpus.at("models").size() >= 5);
  for (const nlohmann::json& model : corpus.at("models")) {
    DYNAMIC_SECTION(model.at("name").get<std::string>()) {
      const std::vector<uint8_t> bytes = test_data::read_bytes(
          dir + "/packages/" + model.at("package").get<std::string>() + "/" + model.at("path").get<std::string>());
      const Graph graph = import_onnx(bytes.data(), bytes.size());
      std::vector<TensorPtr> inputs;
      for (size_t i = 0; i < graph.inputs.size(); ++i)
        inputs.push_back(random_tensor(model.at("inputs").at(graph.value(graph.inputs[i]).name).get<Shape>(), 40 + i));
      // (real_model_corpus_test.cc checks the one-thread run against the
      // reference.) The wake-word model's steps are all below the cost
      // model's threshold: it must stay on the calling thread.
      const bool tiny = model.at("name") == "hello-deepa";
      check_bit_identical(graph, inputs, kMinParallelWork, false, tiny ? Split::None : Split::Some);
    }
  }
}

#endif  // NNSLIM_THREADS

}  // namespace
}  // namespace nnslim
