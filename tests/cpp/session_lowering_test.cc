// Fast lowerings of the ops that used to run on the reference executor
// (MatMul with a run-time B, LayerNormalization, Resize, ConvTranspose),
// each against the reference executor on awkward shapes: odd sizes, 13
// channels, batch > 1, broadcast batch dims. Each test also checks that the
// plan took the fast path (and no reference step).
#include <catch2/catch.hpp>

#include "ops_test_util.h"
#include "ops/reference/reference.h"
#include "runtime/session.h"
#include "session_test_util.h"

namespace nnslim {
namespace {

using test::check_session_matches_reference;
using test::count_steps;
using test::listing;
using test::plan_has;
using test::random_tensor;

// Runs y = MatMul(a, b) with both operands as graph inputs.
std::vector<std::string> check_matmul(const Shape& a, const Shape& b, uint64_t seed) {
  test::OpGraph g;
  g.input("a", a).input("b", b).node("MatMul", {"a", "b"}, {"y"}, {}, "matmul");
  g.graph.outputs = {g.graph.find_value("y")};
  INFO("A " << shape_to_string(a) << " x B " << shape_to_string(b));
  const auto plan = check_session_matches_reference(g.graph, {random_tensor(a, seed), random_tensor(b, seed + 1)});
  INFO(listing(plan));
  CHECK(plan_has(plan, "MatMul -> f32 gemm"));
  CHECK(!plan_has(plan, "reference"));
  return plan;
}

TEST_CASE("session: MatMul with a run-time B, batched and broadcast", "[session][matmul]") {
  // Attention: [B, H, S, D] x [B, H, D, S], then [B, H, S, S] x [B, H, S, D].
  check_matmul({2, 3, 13, 8}, {2, 3, 8, 13}, 1);
  check_matmul({2, 3, 13, 13}, {2, 3, 13, 8}, 3);
  // Broadcast batch dims on either side, and ranks that differ.
  check_matmul({2, 1, 5, 7}, {1, 3, 7, 9}, 5);
  check_matmul({3, 5, 7}, {2, 1, 7, 17}, 7);
  check_matmul({1, 5, 7}, {4, 7, 3}, 9);
  // B without batch: A's batch folds into rows (one GEMM).
  const auto folded = check_matmul({2, 3, 5, 24}, {24, 13}, 11);
  CHECK(plan_has(folded, "(B packed at run time, 1 matrix)"));
  // 1-D operands (row / column vectors), single rows, N = 1.
  check_matmul({7}, {3, 7, 5}, 13);
  check_matmul({2, 1, 9}, {9}, 15);
  check_matmul({1, 1}, {1, 1}, 17);
  // Large enough for the packed-A ("large") GEMM configuration.
  check_matmul({2, 256, 260}, {2, 260, 257}, 19);
}

TEST_CASE("session: MatMul with a constant batched B packs it at compile time", "[session][matmul]") {
  test::OpGraph g;
  g.input("a", {2, 3, 5, 13}).tensor("b", random_tensor({3, 13, 24}, 25)).node("MatMul", {"a", "b"}, {"y"}, {}, "matmul");
  g.graph.outputs = {g.graph.find_value("y")};
  const auto plan = check_session_matches_reference(g.graph, {random_tensor({2, 3, 5, 13}, 26)});
  INFO(listing(plan));
  CHECK(plan_has(plan, "MatMul -> f32 gemm"));
  CHECK(plan_has(plan, "(B packed, 6 matrices)"));
}

TEST_CASE("session: attention block QK^T -> Softmax -> xV with a fused Relu", "[session][matmul]") {
  test::OpGraph g;
  g.input("q", {2, 3, 11, 8}).input("kt", {2, 3, 8, 11}).input("v", {2, 3, 11, 8})
      .floats("scale", {0.35f}, {})
      .node("MatMul", {"q", "kt"}, {"scores"}, {}, "qk")
      .node("Mul", {"scores", "scale"}, {"scaled"}, {}, "scale")
      .node("Softmax", {"scaled"}, {"p"}, {}, "softmax")
      .node("MatMul", {"p", "v"}, {"pv"}, {}, "pv")
      .node("Relu", {"pv"}, {"y"}, {}, "relu");
  g.graph.outputs = {g.graph.find_value("y")};
  const auto plan = check_session_matches_reference(
      g.graph, {random_tensor({2, 3, 11, 8}, 21), random_tensor({2, 3, 8, 11}, 22), random_tensor({2, 3, 11, 8}, 23)});
  INFO(listing(plan));
  CHECK(plan_has(plan, "MatMul+Relu -> f32 gemm"));
  CHECK(!plan_has(plan, "reference"));
}

// LayerNormalization of x over [axis, rank) with Scale/B shaped X[axis:].
std::vector<std::string> check_layer_norm(const Shape& x, int64_t axis, bool bias, int outputs, float epsilon,
                                          uint64_t seed) {
  const size_t ax = static_cast<size_t>(axis < 0 ? axis + static_cast<int64_t>(x.size()) : axis);
  const Shape param(x.begin() + static_cast<std::ptrdiff_t>(ax), x.end());
  test::OpGraph g(17);
  g.input("x", x).tensor("scale", random_tensor(param, seed + 1)).tensor("b", random_tensor(param, seed + 2));
  std::vector<std::string> outs = {"y", "mean", "inv_std"};
  outs.resize(static_cast<size_t>(outputs));
  g.node("LayerNormalization", {"x", "scale", bias ? "b" : ""}, outs,
         {{"axis", Attribute::make_int(axis)}, {"epsilon", Attribute::make_float(epsilon)}}, "layer_norm");
  for (const std::string& out : outs) g.graph.outputs.push_back(g.graph.find_value(out));
  INFO("X " << shape_to_string(x) << " axis " << axis << " bias " << bias << " outputs " << outputs);
  // An offset mean (x in [2, 4)): the variance must not cancel away.
  auto input = random_tensor(x, seed);
  for (int64_t i = 0; i < input->numel(); ++i) input->data<float>()[i] += 3.f;
  const auto plan = check_session_matches_reference(g.graph, {input});
  INFO(listing(plan));
  CHECK(plan_has(plan, "LayerNormalization -> f32 layernorm row"));
  CHECK(!plan_has(plan, "reference"));
  return plan;
}

TEST_CASE("session: LayerNormalization over the last axis and over several axes", "[session][layernorm]") {
  check_layer_norm({2, 13, 24}, -1, true, 1, 1e-5f, 31);   // transformer-like rows
  check_layer_norm({3, 5, 13}, 2, false, 3, 1e-2f, 33);    // no bias, Mean and InvStdDev
  check_layer_norm({2, 3, 5, 7}, 1, true, 3, 1e-5f, 35);   // rows of 3 * 5 * 7
  check_layer_norm({2, 3, 5, 7}, 0, true, 2, 1e-5f, 37);   // one row over everything
  check_layer_norm({1, 1}, -1, true, 1, 1e-5f, 39);        // a row of 1: y = bias
  check_layer_norm({4, 1000}, -1, true, 1, 1e-5f, 41);
}

TEST_CASE("session: LayerNormalization with a Scale that broadcasts per element runs on the reference", "[session][layernorm]") {
  test::OpGraph g(17);
  g.input("x", {2, 3, 4}).tensor("scale", random_tensor({4}, 1)).tensor("b", random_tensor({3, 1}, 2));
  g.node("LayerNormalization", {"x", "scale", "b"}, {"y"}, {{"axis", Attribute::make_int(1)}}, "layer_norm");
  g.graph.outputs = {g.graph.find_value("y")};
  const auto plan = check_session_matches_reference(g.graph, {random_tensor({2, 3, 4}, 3)});
  INFO(listing(plan));
  CHECK(plan_has(plan, "reference"));
}

// Resize (opset 13) of x to `sizes` with the given mode attributes, between
// two convs so the NHWC path meets NHWC producers and consumers.
std::vector<std::string> check_resize(const Shape& x, const std::vector<int64_t>& sizes, AttributeMap attrs,
                                      uint64_t seed) {
  const int64_t c = x[1];
  test::OpGraph g(13);
  g.input("x", x)
      .tensor("w1", random_tensor({c, c, 1, 1}, seed + 1, 0.5f))
      .tensor("w2", random_tensor({3, c, 1, 1}, seed + 2, 0.5f))
      .ints("sizes", sizes)
      .node("Conv", {"x", "w1"}, {"c1"}, {}, "conv1")
      .node("Resize", {"c1", "", "", "sizes"}, {"r"}, std::move(attrs), "resize")
      .node("Conv", {"r", "w2"}, {"y"}, {}, "conv2");
  g.graph.outputs = {g.graph.find_value("y"), g.graph.find_value("r")};
  const auto plan = check_session_matches_reference(g.graph, {random_tensor(x, seed)});
  INFO(listing(plan));
  CHECK(!plan_has(plan, "reference"));
  return plan;
}

AttributeMap resize_attrs(const std::string& mode, const std::string& coordinates,
                          const std::string& nearest_mode = "round_prefer_floor") {
  return {{"mode", Attribute::make_string(mode)},
          {"coordinate_transformation_mode", Attribute::make_string(coordinates)},
          {"nearest_mode", Attribute::make_string(nearest_mode)}};
}

TEST_CASE("session: Resize nearest and linear, NHWC, every supported coordinate mode", "[session][resize]") {
  for (const char* coordinates : {"half_pixel", "asymmetric", "align_corners", "pytorch_half_pixel", "tf_half_pixel_for_nn"}) {
    INFO("coordinate_transformation_mode " << coordinates);
    // Up by 2 (the FPN/U-Net case), up by odd factors, down, mixed, to one pixel.
    for (const std::vector<int64_t>& sizes : std::vector<std::vector<int64_t>>{
             {2, 13, 14, 18}, {2, 13, 17, 23}, {2, 13, 4, 3}, {2, 13, 11, 5}, {2, 13, 1, 1}}) {
      INFO("sizes " << shape_to_string(sizes));
      if (std::string(coordinates) != "tf_half_pixel_for_nn")
        CHECK(plan_has(check_resize({2, 13, 7, 9}, sizes, resize_attrs("linear", coordinates), 51),
                       "Resize (linear) -> f32 ibilinear row"));
      for (const char* nearest_mode : {"round_prefer_floor", "round_prefer_ceil", "floor", "ceil"}) {
        INFO("nearest_mode " << nearest_mode);
        // tf_half_pixel_for_nn maps o to o + 0.5 even on unscaled dims, which
        // ceil-ish rounding moves to o + 1: N and C are remapped, not fast-pathed.
        if (std::string(coordinates) == "tf_half_pixel_for_nn" && std::string(nearest_mode).find("ceil") != std::string::npos)
          continue;
        CHECK(plan_has(check_resize({2, 13, 7, 9}, sizes, resize_attrs("nearest", coordinates, nearest_mode), 53),
                       "Resize (nearest) -> f32 inearest row"));
      }
    }
  }
}

TEST_CASE("session: Resize with scales, Upsample, and what stays on the reference", "[session][resize]") {
  test::OpGraph g(13);
  g.input("x", {1, 5, 6, 4})
      .floats("roi", {}, {0})
      .floats("scales", {1.f, 1.f, 2.5f, 0.5f})
      .floats("scales_c", {1.f, 2.f, 1.f, 1.f})
      .node("Resize", {"x", "roi", "scales"}, {"up"}, {{"mode", Attribute::make_string("linear")}}, "resize_scales")
      .node("Resize", {"x", "roi", "scales"}, {"crop"},
            {{"mode", Attribute::make_string("linear")},
             {"coordinate_transformation_mode", Attribute::make_string("tf_crop_and_resize")}}, "resize_crop")
      .node("Resize", {"x", "roi", "scales_c"}, {"chan"}, {}, "resize_channels");
  g.graph.outputs = {g.graph.find_value("up"), g.graph.find_value("crop"), g.graph.find_value("chan")};
  const auto plan = check_session_matches_reference(g.graph, {random_tensor({1, 5, 6, 4}, 61)});
  INFO(listing(plan));
  CHECK(plan_has(plan, "Resize (linear) -> f32 ibilinear row"));
  int reference_steps = 0;
  for (const auto& step : plan) reference_steps += step == "reference";
  CHECK(reference_steps == 2);  // tf_crop_and_resize; scaled channels

  test::OpGraph u(9);
  u.input("x", {2, 3, 5, 4}).floats("scales", {1.f, 1.f, 2.f, 3.f})
      .node("Upsample", {"x", "scales"}, {"y"}, {}, "upsample");
  u.graph.outputs = {u.graph.find_value("y")};
  const auto uplan = check_session_matches_reference(u.graph, {random_tensor({2, 3, 5, 4}, 62)});
  INFO(listing(uplan));
  CHECK(plan_has(uplan, "Upsample (nearest) -> f32 inearest row"));
}

struct ConvTransposeCase {
  Shape x;
  int64_t out_per_group, kh, kw, group;
  AttributeMap attrs;
  bool bias;
};

std::vector<std::string> check_conv_transpose(const ConvTransposeCase& c, uint64_t seed) {
  test::OpGraph g(13);
  AttributeMap attrs = c.attrs;
  attrs["group"] = Attribute::make_int(c.group);
  g.input("x", c.x)
      .tensor("w", random_tensor({c.x[1], c.out_per_group, c.kh, c.kw}, seed + 1, 0.5f))
      .tensor("b", random_tensor({c.out_per_group * c.group}, seed + 2))
      .node("ConvTranspose", {"x", "w", c.bias ? "b" : ""}, {"y"}, std::move(attrs), "deconv");
  g.graph.outputs = {g.graph.find_value("y")};
  INFO("X " << shape_to_string(c.x) << " W " << c.kh << "x" << c.kw << " out/group " << c.out_per_group << " group "
            << c.group);
  const auto plan = check_session_matches_reference(g.graph, {random_tensor(c.x, seed)});
  INFO(listing(plan));
  CHECK(plan_has(plan, "ConvTranspose -> f32 gemm"));
  CHECK(!plan_has(plan, "reference"));
  return plan;
}

TEST_CASE("session: ConvTranspose as GEMM + col2im with groups, strides, pads, output_padding, dilations", "[session][convtranspose]") {
  auto ints = [](std::vector<int64_t> v) { return Attribute::make_ints(std::move(v)); };
  const ConvTransposeCase cases[] = {
      // 2x2 stride 2 upsampling (U-Net decoder), 13 -> 24 channels, batch 2.
      {{2, 13, 5, 7}, 24, 2, 2, 1, {{"strides", ints({2, 2})}}, true},
      // 3x3 stride 2 with pads and output_padding (the usual "same x2" deconv).
      {{2, 12, 4, 5}, 13, 3, 3, 1,
       {{"strides", ints({2, 2})}, {"pads", ints({1, 1, 1, 1})}, {"output_padding", ints({1, 1})}}, true},
      // Groups and dilation, no bias, asymmetric pads.
      {{1, 12, 5, 4}, 3, 3, 2, 4,
       {{"dilations", ints({2, 1})}, {"pads", ints({0, 1, 2, 0})}, {"strides", ints({1, 3})}}, false},
      // Depthwise-like transpose (group = C) and stride > kernel.
      {{2, 13, 3, 3}, 1, 2, 2, 13, {{"strides", ints({3, 3})}}, true},
      // output_shape and auto_pad SAME_UPPER decide the pads.
      {{1, 5, 4, 4}, 7, 3, 3, 1, {{"strides", ints({2, 2})}, {"output_shape", ints({9, 10})}}, true},
      {{1, 5, 3, 5}, 7, 4, 3, 1, {{"strides", ints({2, 2})}, {"auto_pad", Attribute::make_string("SAME_UPPER")}}, true},
      // Enough pixels for several column-buffer chunks.
      {{1, 8, 40, 48}, 16, 4, 4, 1, {{"strides", ints({2, 2})}, {"pads", ints({1, 1, 1, 1})}}, true},
  };
  uint64_t seed = 71;
  for (const ConvTransposeCase& c : cases) check_conv_transpose(c, seed += 3);
}

TEST_CASE("session: ConvTranspose with W and B fed at run time packs W on every run", "[session][convtranspose]") {
  test::OpGraph g(13);
  g.input("x", {2, 6, 4, 5}).input("w", {6, 5, 3, 3}).input("b", {10})
      .node("ConvTranspose", {"x", "w", "b"}, {"y"},
            {{"group", Attribute::make_int(2)}, {"strides", Attribute::make_ints({2, 1})},
             {"pads", Attribute::make_ints({1, 0, 0, 1})}}, "deconv");
  g.graph.outputs = {g.graph.find_value("y")};
  const auto plan = check_session_matches_reference(
      g.graph, {random_tensor({2, 6, 4, 5}, 91), random_tensor({6, 5, 3, 3}, 92), random_tensor({10}, 93)});
  INFO(listing(plan));
  CHECK(plan_has(plan, "ConvTranspose -> f32 gemm"));
  CHECK(plan_has(plan, "(W packed at run time)"));
  CHECK(!plan_has(plan, "reference"));
}

std::vector<std::string> check_transpose(const Shape& x, const std::vector<int64_t>& perm, DType dtype = DType::Float32) {
  test::OpGraph g;
  g.input("x", x, dtype);
  AttributeMap attrs;
  if (!perm.empty()) attrs["perm"] = Attribute::make_ints(perm);
  g.node("Transpose", {"x"}, {"y"}, std::move(attrs), "transpose");
  g.graph.outputs = {g.graph.find_value("y")};
  INFO("X " << shape_to_string(x) << " perm " << shape_to_string(perm));
  TensorPtr input = random_tensor(x, 97);
  if (dtype == DType::Int32) {
    input->dtype = DType::Int32;  // same bytes, read as integers: transposes move bits only
    for (int64_t i = 0; i < input->numel(); ++i) input->data<int32_t>()[i] = static_cast<int32_t>(i * 7 - 50);
  }
  const std::vector<TensorPtr> expected = run_reference(g.graph, {input});
  Session session(g.graph);
  const auto got = session.run({{"x", input}});
  REQUIRE(got.size() == 1);
  REQUIRE(got[0].tensor->dims == expected[0]->dims);
  CHECK(got[0].tensor->bytes == expected[0]->bytes);  // a permutation: bit-exact
  const auto plan = session.describe_plan();
  INFO(listing(plan));
  CHECK(!plan_has(plan, "reference"));
  return plan;
}

TEST_CASE("session: general Transpose as memcpy runs or 4x4 tile transposes, bit-exact", "[session][transpose]") {
  // Attention: head split/merge keep D innermost (runs), K^T swaps the last two (tiles).
  CHECK(plan_has(check_transpose({2, 13, 3, 8}, {0, 2, 1, 3}), "memcpy runs of 8"));
  CHECK(plan_has(check_transpose({2, 3, 13, 8}, {0, 1, 3, 2}), "x32 transpose 4x4 tiles"));
  CHECK(plan_has(check_transpose({2, 13, 8}, {0, 2, 1}), "x32 transpose 4x4 tiles"));
  // Every permutation of a 3-D tensor with odd sizes, the default (reversed) perm, size-1 dims.
  for (const std::vector<int64_t>& perm : std::vector<std::vector<int64_t>>{
           {0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}})
    check_transpose({5, 7, 3}, perm);
  check_transpose({5, 7, 3}, {});
  CHECK(plan_has(check_transpose({1, 5, 1, 7}, {2, 0, 1, 3}), "Transpose -> memcpy"));  // only size-1 dims move
  CHECK(plan_has(check_transpose({1, 5, 1, 7}, {2, 0, 3, 1}), "x32 transpose 4x4 tiles"));
  check_transpose({3, 1, 4, 5, 2}, {4, 2, 0, 1, 3});
  check_transpose({6, 9}, {1, 0}, DType::Int32);
  // NHWC <-> NCHW perms of a 4-D value stay layout changes (lower_layout_transpose).
  CHECK(plan_has(check_transpose({2, 3, 4, 5}, {0, 3, 1, 2}), "as layout"));
  CHECK(plan_has(check_transpose({2, 3, 4, 5}, {0, 2, 3, 1}), "as layout"));
}

}  // namespace
}  // namespace nnslim
