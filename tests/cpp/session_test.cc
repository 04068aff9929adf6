// The optimized runtime (Session: fast NHWC/SIMD lowerings, fused
// activations, layout copies, arena) against the reference executor on the
// same graphs: every fast path must agree with the plain scalar oracle.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>

#include "error_matchers.h"
#include "onnx/onnx_import.h"
#include "ops_test_util.h"
#include "ops/reference/reference.h"
#include "runtime/session.h"
#include "session_test_util.h"
#include "test_data.h"

namespace nnslim {
using test::check_session_matches_reference;
using test::plan_has;
using test::random_tensor;

namespace {

AttributeMap conv_attrs(std::vector<int64_t> strides, std::vector<int64_t> pads, int64_t group = 1,
                        std::vector<int64_t> dilations = {1, 1}) {
  return {{"strides", Attribute::make_ints(strides)},
          {"pads", Attribute::make_ints(pads)},
          {"group", Attribute::make_int(group)},
          {"dilations", Attribute::make_ints(dilations)}};
}

TEST_CASE("session: conv chain with fused activations, groups, dilation and gemm head", "[session]") {
  test::OpGraph g;
  g.input("x", {2, 13, 9, 7})
      .tensor("w1", random_tensor({24, 13, 3, 3}, 1, 0.3f)).tensor("b1", random_tensor({24}, 2))
      .tensor("w2", random_tensor({12, 24, 1, 1}, 3, 0.3f)).tensor("b2", random_tensor({12}, 4))
      .tensor("w3", random_tensor({12, 4, 3, 3}, 5, 0.3f))
      .tensor("wd", random_tensor({12, 1, 5, 5}, 6, 0.3f)).tensor("bd", random_tensor({12}, 7))
      .tensor("wg", random_tensor({5, 12}, 8, 0.5f)).tensor("bg", random_tensor({5}, 9))
      .floats("lo", {0.f}, {}).floats("hi", {6.f}, {})
      .node("Conv", {"x", "w1", "b1"}, {"c1"}, conv_attrs({2, 2}, {1, 1, 1, 1}), "conv1")
      .node("Relu", {"c1"}, {"r1"}, {}, "relu1")
      .node("Conv", {"r1", "w2", "b2"}, {"c2"}, conv_attrs({1, 1}, {0, 0, 0, 0}), "conv2_1x1")
      .node("Clip", {"c2", "lo", "hi"}, {"r2"}, {}, "relu6")
      .node("Conv", {"r2", "w3"}, {"c3"}, conv_attrs({1, 1}, {2, 2, 2, 2}, 3, {2, 2}), "conv3_grouped_dilated")
      .node("Conv", {"c3", "wd", "bd"}, {"c4"}, conv_attrs({2, 2}, {2, 1, 2, 1}, 12), "depthwise5x5")
      .node("GlobalAveragePool", {"c4"}, {"gap"}, {}, "gap")
      .node("Flatten", {"gap"}, {"flat"}, {}, "flatten")
      .node("Gemm", {"flat", "wg", "bg"}, {"logits"}, {{"transB", Attribute::make_int(1)}}, "gemm")
      .node("Relu", {"logits"}, {"relu_out"}, {}, "relu_out")
      .node("Softmax", {"relu_out"}, {"y"}, {}, "softmax");
  g.graph.outputs = {g.graph.find_value("y"), g.graph.find_value("r2")};  // r2: an NHWC value read back as NCHW
  const auto plan = check_session_matches_reference(g.graph, {random_tensor({2, 13, 9, 7}, 42)});
  std::string listing;
  for (const auto& step : plan) listing += step + "\n";
  INFO(listing);
  CHECK(plan_has(plan, "Conv+Relu -> f32 igemm"));
  CHECK(plan_has(plan, "Conv+Clip -> f32 gemm (1x1)"));
  CHECK(plan_has(plan, "Gemm+Relu -> f32 gemm"));
  CHECK(plan_has(plan, "layout NCHW->NHWC"));
  CHECK(plan_has(plan, "Softmax -> f32 softmax row"));
}

TEST_CASE("session: depthwise 3x3/5x5, pools, residual add and unary ops stay NHWC", "[session]") {
  test::OpGraph g;
  g.input("x", {2, 12, 11, 9})
      .tensor("w0", random_tensor({13, 12, 3, 3}, 21, 0.3f))
      .tensor("dw3", random_tensor({13, 1, 3, 3}, 22, 0.5f)).tensor("db3", random_tensor({13}, 23))
      .tensor("dw5", random_tensor({13, 1, 5, 5}, 24, 0.3f))
      .floats("half", {0.5f}, {}).floats("lo", {0.f}, {}).floats("hi", {6.f}, {})
      .node("Conv", {"x", "w0"}, {"c0"}, conv_attrs({1, 1}, {1, 1, 1, 1}), "conv0")
      .node("Conv", {"c0", "dw3", "db3"}, {"d3"}, conv_attrs({1, 1}, {1, 1, 1, 1}, 13), "dw3x3_s1")
      .node("Clip", {"d3", "lo", "hi"}, {"d3r"}, {}, "dw_relu6")
      .node("Add", {"d3r", "c0"}, {"res"}, {}, "residual")
      .node("Relu", {"res"}, {"resr"}, {}, "residual_relu")
      .node("Conv", {"resr", "dw5"}, {"d5"}, conv_attrs({2, 2}, {2, 2, 2, 2}, 13), "dw5x5_s2")
      .node("HardSwish", {"d5"}, {"hs"}, {}, "hardswish")
      .node("Sub", {"half", "hs"}, {"neg"}, {}, "half_minus")
      .node("MaxPool", {"neg"}, {"mp"},
            {{"kernel_shape", Attribute::make_ints({3, 3})}, {"strides", Attribute::make_ints({2, 2})},
             {"pads", Attribute::make_ints({1, 1, 1, 1})}}, "maxpool")
      .node("AveragePool", {"hs"}, {"ap"},
            {{"kernel_shape", Attribute::make_ints({3, 2})}, {"pads", Attribute::make_ints({1, 0, 1, 1})},
             {"count_include_pad", Attribute::make_int(0)}}, "avgpool")
      .node("Sigmoid", {"ap"}, {"sg"}, {}, "sigmoid")
      .node("GlobalAveragePool", {"sg"}, {"gap"}, {}, "gap");
  g.graph.outputs = {g.graph.find_value("mp"), g.graph.find_value("gap")};
  const auto plan = check_session_matches_reference(g.graph, {random_tensor({2, 12, 11, 9}, 5)});
  std::string listing;
  for (const auto& step : plan) listing += step + "\n";
  INFO(listing);
  CHECK(plan_has(plan, "DepthwiseConv+Clip -> f32 dwconv f32_dwconv_minmax_ukernel_9p4c__wasmsimd_3px_cols"));
  CHECK(plan_has(plan,  // fused epilogue
                 "DepthwiseConv+HardSwish -> f32 dwconv f32_dwconv_minmax_ukernel_25p4c__wasmsimd_2px_split5"));
  CHECK(plan_has(plan, "Add+Relu -> f32_vadd"));
  CHECK(plan_has(plan, "Sub -> f32_vrsubc"));
  CHECK(plan_has(plan, "MaxPool -> f32 maxpool"));
  CHECK(plan_has(plan, "AveragePool -> f32 avgpool"));
  CHECK(plan_has(plan, "GlobalAveragePool -> f32 gavgpool"));
  // One copy in (x to NHWC) and one out (mp back to NCHW); gap needs none.
  int layout_copies = 0;
  for (const auto& step : plan) layout_copies += step.find("layout") != std::string::npos;
  CHECK(layout_copies == 2);
}

TEST_CASE("session: channels-last input, zero Pad fused into the conv, Transpose back (tf2onnx/Keras pattern)", "[session]") {
  test::OpGraph g;
  g.input("x_nhwc", {2, 9, 11, 5})
      .tensor("w", random_tensor({7, 5, 3, 3}, 31, 0.4f)).tensor("b", random_tensor({7}, 32))
      .ints("pads", {0, 0, 0, 1, 0, 0, 1, 0})
      .node("Transpose", {"x_nhwc"}, {"x"}, {{"perm", Attribute::make_ints({0, 3, 1, 2})}}, "to_nchw")
      .node("Pad", {"x", "pads"}, {"xp"}, {}, "zero_pad")
      .node("Conv", {"xp", "w", "b"}, {"c"}, conv_attrs({2, 2}, {0, 0, 0, 0}), "conv_valid_s2")
      .node("Relu", {"c"}, {"r"}, {}, "relu")
      .node("Transpose", {"r"}, {"y"}, {{"perm", Attribute::make_ints({0, 2, 3, 1})}}, "to_nhwc");
  g.graph.outputs = {g.graph.find_value("y")};
  const auto plan = check_session_matches_reference(g.graph, {random_tensor({2, 9, 11, 5}, 8)});
  std::string listing;
  for (const auto& step : plan) listing += step + "\n";
  INFO(listing);
  CHECK(plan.size() == 3);  // transpose-as-layout, conv(+pad, +relu), transpose-as-layout
  CHECK(!plan_has(plan, "reference"));
  CHECK(!plan_has(plan, "layout NCHW->NHWC"));
}

TEST_CASE("session: batched MatMul and Gemm with alpha, beta and broadcast C", "[session]") {
  test::OpGraph g;
  g.input("a", {3, 4, 13})
      .tensor("b", random_tensor({13, 17}, 11))
      .tensor("w", random_tensor({17, 9}, 12)).tensor("c", random_tensor({1, 9}, 13))
      .ints("shape", {12, 17})
      .node("MatMul", {"a", "b"}, {"m"}, {}, "matmul")
      .node("Reshape", {"m", "shape"}, {"m2"}, {}, "reshape")
      .node("Gemm", {"m2", "w", "c"}, {"y"},
            {{"alpha", Attribute::make_float(0.5f)}, {"beta", Attribute::make_float(2.f)}}, "gemm");
  g.graph.outputs = {g.graph.find_value("y")};
  const auto plan = check_session_matches_reference(g.graph, {random_tensor({3, 4, 13}, 7)});
  CHECK(plan_has(plan, "MatMul -> f32 gemm"));
  CHECK(plan_has(plan, "Gemm -> f32 gemm"));
}

TEST_CASE("session: large MatMul, Gemm and 1x1 Conv take the packed-A 4x8 tile", "[session]") {
  // M, N, K >= 256 select f32_gemm_large_config (A packed into a workspace
  // owned by the step); odd sizes leave tails in every direction.
  test::OpGraph g;
  g.input("a", {259, 261})
      .tensor("b", random_tensor({261, 257}, 21, 0.1f))
      .tensor("w", random_tensor({263, 257}, 22, 0.1f)).tensor("c", random_tensor({263}, 23))
      .node("MatMul", {"a", "b"}, {"m"}, {}, "matmul")
      .node("Gemm", {"m", "w", "c"}, {"g"}, {{"transB", Attribute::make_int(1)}}, "gemm")
      .node("Relu", {"g"}, {"y"}, {}, "relu");
  g.graph.outputs = {g.graph.find_value("y")};
  const auto plan = check_session_matches_reference(g.graph, {random_tensor({259, 261}, 24)});
  CHECK(plan_has(plan, "MatMul -> f32 gemm 4x8 ppmm"));
  CHECK(plan_has(plan, "Gemm+Relu -> f32 gemm 4x8 ppmm"));

  test::OpGraph conv;
  conv.input("x", {1, 258, 17, 16})
      .tensor("w", random_tensor({259, 258, 1, 1}, 25, 0.1f)).tensor("b", random_tensor({259}, 26))
      .node("Conv", {"x", "w", "b"}, {"y"}, conv_attrs({1, 1}, {0, 0, 0, 0}), "conv1x1");
  conv.graph.outputs = {conv.graph.find_value("y")};
  const auto conv_plan = check_session_matches_reference(conv.graph, {random_tensor({1, 258, 17, 16}, 27)});
  CHECK(plan_has(conv_plan, "Conv -> f32 gemm (1x1) 4x8 ppmm"));
}

TEST_CASE("session: wrong, missing and misshapen inputs name the input and what it expects", "[session]") {
  test::OpGraph g;
  g.input("image", {1, 3, 4, 4}).node("Relu", {"image"}, {"y"});
  g.graph.outputs = {g.graph.find_value("y")};
  Session session(g.graph);
  auto good = random_tensor({1, 3, 4, 4}, 1);
  auto expect_error = [&](std::vector<NamedTensor> feeds, const std::string& needle) {
    CHECK_THROWS_MATCHES(session.run(feeds), Error, test::IsError(ErrorCode::InvalidInput, {needle}));
  };
  expect_error({{"img", good}}, "unknown input 'img'");
  expect_error({}, "missing input 'image' (float32 [1, 3, 4, 4])");
  expect_error({{"image", random_tensor({1, 3, 4, 5}, 2)}}, "expected float32 [1, 3, 4, 4]");
  auto ints = Tensor::from_int64(std::vector<int64_t>(48, 1), {1, 3, 4, 4});
  expect_error({{"image", ints}}, "has dtype int64");
  // Still usable afterwards.
  auto out = session.run({{"image", good}});
  REQUIRE(out.size() == 1);
  CHECK(out[0].tensor->dims == Shape{1, 3, 4, 4});
}

}  // namespace
}  // namespace nnslim

namespace nnslim {
namespace {

TEST_CASE("session: MobileNetV2 (BN-folded ONNX) matches the reference executor", "[session][mobilenetv2]") {
  const std::vector<uint8_t> bytes = test_data::read_bytes(test_data::generated("mobilenetv2_folded.onnx"));
  Graph graph = import_onnx(bytes.data(), bytes.size());
  const Value& input = graph.value(graph.inputs[0]);
  Shape dims = input.shape;
  for (int64_t& d : dims) d = d < 0 ? 1 : d;
  const auto plan = check_session_matches_reference(graph, {random_tensor(dims, 3)});
  int fast = 0, reference = 0;
  for (const auto& step : plan) (step.find("reference") != std::string::npos ? reference : fast)++;
  INFO(fast << " fast steps, " << reference << " reference steps");
  CHECK(reference == 0);
}

TEST_CASE("session: broadcasting binary ops (per-channel, SE gate, last-axis bias, reversed) on fast kernels", "[session]") {
  test::OpGraph g;
  g.input("x", {2, 13, 5, 7})
      .tensor("w", random_tensor({13, 13, 1, 1}, 51, 0.4f))
      .tensor("scale_c11", random_tensor({13, 1, 1}, 52))
      .tensor("bias_w", random_tensor({7}, 53))
      .tensor("numerator_h", random_tensor({1, 1, 5, 1}, 54))
      .tensor("full", random_tensor({2, 13, 5, 7}, 55))
      .tensor("row_bias", random_tensor({13}, 56))
      .tensor("col", random_tensor({2, 1, 5, 1}, 57))
      .node("Conv", {"x", "w"}, {"c"}, conv_attrs({1, 1}, {0, 0, 0, 0}), "conv_nhwc")
      .node("Mul", {"c", "scale_c11"}, {"scaled"}, {}, "per_channel_scale")
      .node("GlobalAveragePool", {"scaled"}, {"squeeze"}, {}, "se_squeeze")
      .node("Sigmoid", {"squeeze"}, {"gate"}, {}, "se_gate")
      .node("Mul", {"gate", "scaled"}, {"excited"}, {}, "se_excite")  // broadcast operand first: swapped
      .node("Sub", {"excited", "bias_w"}, {"shifted"}, {}, "last_axis_sub")
      .node("Div", {"numerator_h", "shifted"}, {"ratio"}, {}, "reversed_div")
      .node("Add", {"ratio", "full"}, {"plus_full"}, {}, "full_shape_constant")
      .node("Add", {"col", "scaled"}, {"both"}, {}, "mixed")
      .node("Transpose", {"plus_full"}, {"t"}, {{"perm", Attribute::make_ints({0, 2, 3, 1})}}, "to_nhwc")
      .node("Add", {"t", "row_bias"}, {"biased"}, {}, "tf_bias_add")
      .node("Relu", {"biased"}, {"y"}, {}, "relu");
  g.graph.outputs = {g.graph.find_value("y"), g.graph.find_value("both")};
  const auto plan = check_session_matches_reference(g.graph, {random_tensor({2, 13, 5, 7}, 9)});
  std::string listing;
  for (const auto& step : plan) listing += step + "\n";
  INFO(listing);
  CHECK(plan_has(plan, "Mul -> f32_vmul"));
  CHECK(plan_has(plan, "Sub -> f32_vsub"));
  CHECK(plan_has(plan, "Div -> f32_vrdiv"));
  CHECK(plan_has(plan, "Add+Relu -> f32_vadd"));
  int reference = 0;
  for (const auto& step : plan) reference += step == "reference";
  CHECK(reference == 0);
}

TEST_CASE("session: shape arithmetic on a bound batch folds away (Shape/Gather/Unsqueeze/Concat -> Reshape)", "[session]") {
  test::OpGraph g;
  g.input("x", {3, 4, 5})
      .ints("zero", {0}, {}).ints("axes", {0}).ints("minus_one", {-1})
      .node("Shape", {"x"}, {"shape"}, {}, "shape")
      .node("Gather", {"shape", "zero"}, {"batch"}, {{"axis", Attribute::make_int(0)}}, "batch")
      .node("Unsqueeze", {"batch", "axes"}, {"batch1"}, {}, "unsqueeze")
      .node("Concat", {"batch1", "minus_one"}, {"target"}, {{"axis", Attribute::make_int(0)}}, "concat")
      .node("Reshape", {"x", "target"}, {"y"}, {}, "flatten");
  g.graph.outputs = {g.graph.find_value("y")};
  const auto plan = check_session_matches_reference(g.graph, {random_tensor({3, 4, 5}, 3)});
  REQUIRE(plan.size() == 1);
  CHECK(plan[0] == "Reshape -> memcpy");
}

TEST_CASE("session: MatMul + Add of a bias row fuses into the GEMM / GEMV bias (Dense as tf2onnx writes it)", "[session]") {
  for (int64_t rows : {1, 5}) {  // M = 1 (GEMV) and M = 15 (GEMM)
    const int64_t seq = rows == 1 ? 1 : 3;
    test::OpGraph g;
    g.input("a", {rows, seq, 13})
        .tensor("w", random_tensor({13, 17}, 61)).tensor("bias", random_tensor({1, 17}, 62))
        .tensor("w2", random_tensor({17, 6}, 63)).tensor("full", random_tensor({rows, seq, 6}, 64))
        .node("MatMul", {"a", "w"}, {"m"}, {}, "dense/MatMul")
        .node("Add", {"bias", "m"}, {"biased"}, {}, "dense/BiasAdd")
        .node("Relu", {"biased"}, {"h"}, {}, "dense/Relu")
        .node("MatMul", {"h", "w2"}, {"m2"}, {}, "dense_1/MatMul")
        .node("Add", {"m2", "full"}, {"y"}, {}, "second_add");  // [5, 3, 6] stays an Add; [1, 1, 6] is a bias row
    g.graph.outputs = {g.graph.find_value("y")};
    const auto plan = check_session_matches_reference(g.graph, {random_tensor({rows, seq, 13}, 65)});
    std::string listing;
    for (const auto& step : plan) listing += step + "\n";
    INFO(listing);
    CHECK(plan_has(plan, rows == 1 ? "MatMul+Add+Relu -> f32 gemv" : "MatMul+Add+Relu -> f32 gemm"));
    if (rows == 1) {
      CHECK(plan.size() == 2);
      CHECK(plan_has(plan, "MatMul+Add -> f32 gemv"));
    } else {
      CHECK(plan.size() == 3);
      CHECK(plan_has(plan, "Add -> f32_vadd"));
    }
  }
}

}  // namespace
}  // namespace nnslim
