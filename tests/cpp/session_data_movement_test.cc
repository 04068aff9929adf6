// Fast lowerings of the data-movement ops (Concat, Slice, Split, Pad, Expand,
// Tile, Gather) and the aliases (Identity, Dropout, same-type Cast), each
// against the reference executor on awkward shapes (3/5/13 channels, 3 and 5
// Concat inputs, negative axes and steps, broadcasting), fed by an NHWC
// producer (a 1x1 Conv) and by an NCHW one (a graph input). Data movement
// does no arithmetic: outputs must match the reference bit for bit (which
// also catches a NaN where a number belongs). Each test checks the plan took
// the fast path, ran no reference step and added no layout copy beyond the
// graph's edges.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <random>

#include "core/error.h"
#include "ops_test_util.h"
#include "ops/reference/reference.h"
#include "runtime/compiled_plan.h"
#include "runtime/session.h"
#include "runtime/steps/move_step.h"
#include "session_test_util.h"

namespace nnslim {
namespace {

using test::count_steps;
using test::listing;
using test::plan_has;
using test::random_tensor;

TensorPtr int64_tensor(const Shape& dims, uint64_t seed) {
  std::vector<int64_t> values(static_cast<size_t>(shape_numel(dims)));
  for (size_t i = 0; i < values.size(); ++i) values[i] = static_cast<int64_t>((i * 7919 + seed * 104729) % 2001) - 1000;
  return Tensor::from_int64(values, dims);
}

// Session outputs against the reference executor's, byte for byte, on two
// runs (the second reuses the plan). Returns the plan's step descriptions.
std::vector<std::string> check_exact(const Graph& graph, const std::vector<TensorPtr>& inputs) {
  return test::check_runs_match_reference(
      graph, inputs, [](const Tensor& got, const Tensor& want) { return test::byte_mismatches(got.bytes, want.bytes); });
}

// An exact NHWC producer (or consumer): a 1x1 MaxPool of `x`, named
// "pool_<name>". It runs on the NHWC pool kernel and, being a max over one
// element, changes no bit, so the whole graph stays comparable bit for bit.
void nhwc_producer(test::OpGraph& g, const std::string& x, const std::string& name) {
  g.node("MaxPool", {x}, {name}, {{"kernel_shape", Attribute::make_ints({1, 1})}}, "pool_" + name);
}

AttributeMap axis_attr(int64_t axis) { return {{"axis", Attribute::make_int(axis)}}; }

// ---- Concat

TEST_CASE("session: channel Concat of NHWC convs (2, 3 and 5 inputs, odd channels, zero padding)", "[session][concat]") {
  const Shape x{2, 3, 5, 7};
  for (int inputs : {2, 3, 5}) {
    for (int64_t axis : {1, -3}) {
      INFO(inputs << " inputs, axis " << axis);
      test::OpGraph g;
      const int64_t channels[] = {3, 5, 13, 1, 4};
      std::vector<std::string> names;
      std::vector<TensorPtr> feeds;
      for (int k = 0; k < inputs; ++k) {
        const std::string name = "p" + std::to_string(k);
        const Shape s{x[0], channels[k], x[2], x[3]};
        if (k == 1) {  // channel padding: zeros concatenated to an activation (tf2onnx)
          g.floats(name, std::vector<float>(static_cast<size_t>(shape_numel(s)), 0.f), s);
        } else {
          g.input("x" + name, s);
          feeds.push_back(random_tensor(s, 10 + static_cast<uint64_t>(k)));
          nhwc_producer(g, "x" + name, name);
        }
        names.push_back(name);
      }
      g.node("Concat", names, {"cat"}, axis_attr(axis), "concat");
      nhwc_producer(g, "cat", "y");
      g.graph.outputs = {g.graph.find_value("y"), g.graph.find_value("cat")};
      const auto plan = check_exact(g.graph, feeds);
      INFO(listing(plan));
      CHECK(plan_has(plan, "Concat of " + std::to_string(inputs) + " on axis 1 -> x32 copy rows (NHWC)"));
      CHECK(!plan_has(plan, "reference"));
      // The inputs' conversions and the two graph outputs', nothing around the Concat.
      CHECK(count_steps(plan, "layout") == static_cast<int>(feeds.size()) + 2);
      CHECK(count_steps(plan, "for graph output") == 2);
    }
  }
}

TEST_CASE("session: an FPN decoder block (conv, upsample, channel Concat, conv) has no layout copy inside", "[session][concat]") {
  // top-down path: upsample the coarse map x2 and concatenate it with the
  // lateral conv of the fine map, then a 3x3 conv: all NHWC end to end.
  test::OpGraph g;
  g.input("fine", {1, 13, 10, 12}).input("coarse", {1, 5, 5, 6});
  g.tensor("w_lat", random_tensor({7, 13, 1, 1}, 1, 0.5f))
      .tensor("w_top", random_tensor({5, 5, 1, 1}, 2, 0.5f))
      .tensor("w_out", random_tensor({3, 12, 3, 3}, 3, 0.5f))
      .floats("scales", {1.f, 1.f, 2.f, 2.f});
  g.node("Conv", {"fine", "w_lat"}, {"lat"}, {}, "lateral")
      .node("Conv", {"coarse", "w_top"}, {"top"}, {}, "top")
      .node("Resize", {"top", "", "scales"}, {"up"}, {{"mode", Attribute::make_string("nearest")}}, "upsample")
      .node("Concat", {"up", "lat"}, {"cat"}, axis_attr(-3), "decoder_concat")
      .node("Conv", {"cat", "w_out"}, {"y"}, {{"pads", Attribute::make_ints({1, 1, 1, 1})}}, "out");
  g.graph.outputs = {g.graph.find_value("y")};
  const auto plan =
      test::check_session_matches_reference(g.graph, {random_tensor({1, 13, 10, 12}, 4), random_tensor({1, 5, 5, 6}, 5)});
  INFO(listing(plan));
  CHECK(plan_has(plan, "Concat of 2 on axis 1 -> x32 copy rows (NHWC)"));
  CHECK(!plan_has(plan, "reference"));
  CHECK(count_steps(plan, "layout") == 3);  // the two inputs and the output
}

TEST_CASE("session: Concat of NCHW inputs on every axis, negative axes, 3 and 5 inputs", "[session][concat]") {
  for (int64_t axis : {0, 1, 2, 3, -1, -2}) {
    for (int inputs : {3, 5}) {
      INFO("axis " << axis << ", " << inputs << " inputs");
      const size_t a = static_cast<size_t>(axis < 0 ? axis + 4 : axis);
      test::OpGraph g;
      std::vector<std::string> names;
      std::vector<TensorPtr> feeds;
      for (int k = 0; k < inputs; ++k) {
        Shape s{2, 3, 5, 7};
        s[a] = 1 + 2 * k % 5;  // 1, 3, 5, 2, 4 along the axis
        const std::string name = "x" + std::to_string(k);
        if (k == 2) {
          g.tensor(name, random_tensor(s, 70 + static_cast<uint64_t>(k)));  // a constant that is no splat
        } else {
          g.input(name, s);
          feeds.push_back(random_tensor(s, 50 + static_cast<uint64_t>(k)));
        }
        names.push_back(name);
      }
      g.node("Concat", names, {"y"}, axis_attr(axis), "concat");
      g.graph.outputs = {g.graph.find_value("y")};
      const auto plan = check_exact(g.graph, feeds);
      INFO(listing(plan));
      CHECK(plan_has(plan, "Concat of " + std::to_string(inputs)));
      CHECK(!plan_has(plan, "reference"));
      CHECK(!plan_has(plan, "layout"));
    }
  }
}

TEST_CASE("session: Concat in NHWC along H and W, and of mixed layouts", "[session][concat]") {
  for (int64_t axis : {2, -1}) {
    INFO("axis " << axis);
    test::OpGraph g;
    const Shape s{1, 5, 4, 6};
    g.input("x", s).input("z", s);
    nhwc_producer(g, "x", "a");
    // a (NHWC), z (a graph input: NCHW), a again, a splat constant (a fill),
    // and a constant that is no splat
    g.floats("pad", std::vector<float>(5 * 4 * 6, 0.25f), s);
    g.tensor("k", random_tensor(s, 4));
    g.node("Concat", {"a", "z", "a", "pad", "k"}, {"cat"}, axis_attr(axis), "concat");
    nhwc_producer(g, "cat", "y");
    g.graph.outputs = {g.graph.find_value("y")};
    const auto plan = check_exact(g.graph, {random_tensor(s, 2), random_tensor(s, 3)});
    INFO(listing(plan));
    CHECK(plan_has(plan, "Concat of 5 on axis " + std::to_string(axis < 0 ? axis + 4 : axis)));
    CHECK(plan_has(plan, "(NHWC)"));
    CHECK(!plan_has(plan, "reference"));
    CHECK(count_steps(plan, "layout") == 2);  // x in, y out
  }
}

TEST_CASE("session: Concat with a ConstantOfShape too large to fold (channel padding at 100x100)", "[session][concat]") {
  for (float value : {0.f, 0.5f}) {
    for (bool fill_is_output : {false, true}) {
      INFO("value " << value << " ConstantOfShape output is a graph output " << fill_is_output);
      test::OpGraph g;
      g.input("x", {1, 5, 100, 100}).ints("pad_shape", {1, 8, 100, 100});  // 80,000 elements: not folded
      nhwc_producer(g, "x", "a");
      g.node("ConstantOfShape", {"pad_shape"}, {"zeros"}, {{"value", Attribute::make_tensor(Tensor::from_float({value}, {1}))}},
             "pad_fill");
      g.node("Concat", {"a", "zeros"}, {"cat"}, axis_attr(1), "concat");
      nhwc_producer(g, "cat", "y");
      g.graph.outputs = {g.graph.find_value("y")};
      if (fill_is_output) g.graph.outputs.push_back(g.graph.find_value("zeros"));
      const auto plan = check_exact(g.graph, {random_tensor({1, 5, 100, 100}, 60)});
      INFO(listing(plan));
      // The Concat reads the fill's one element; its bytes exist only for the graph output.
      CHECK(plan_has(plan, "ConstantOfShape -> x32 copy rows") == fill_is_output);
      CHECK(plan_has(plan, "Concat of 2 on axis 1 -> x32 copy rows (NHWC)"));
      CHECK(!plan_has(plan, "reference"));
      CHECK(count_steps(plan, "layout") == 2);  // x in, y out
    }
  }
}

TEST_CASE("session: Concat of rank 2 and 3 values and of int64 tensors", "[session][concat]") {
  {
    test::OpGraph g;
    g.input("a", {3, 5}).input("b", {3, 13}).input("c", {3, 1});
    g.node("Concat", {"a", "b", "c"}, {"y"}, axis_attr(-1), "concat");
    g.graph.outputs = {g.graph.find_value("y")};
    const auto plan = check_exact(g.graph, {random_tensor({3, 5}, 4), random_tensor({3, 13}, 5), random_tensor({3, 1}, 6)});
    CHECK(plan_has(plan, "Concat of 3 on axis 1 -> x32 copy rows"));
  }
  {
    test::OpGraph g;
    g.input("a", {2, 3, 5}, DType::Int64).input("b", {2, 4, 5}, DType::Int64);
    g.node("Concat", {"a", "b"}, {"y"}, axis_attr(1), "concat");
    g.graph.outputs = {g.graph.find_value("y")};
    const auto plan = check_exact(g.graph, {int64_tensor({2, 3, 5}, 1), int64_tensor({2, 4, 5}, 2)});
    INFO(listing(plan));
    CHECK(plan_has(plan, "Concat of 2 on axis 1 -> memcpy rows"));
    CHECK(!plan_has(plan, "reference"));
  }
}

TEST_CASE("session: Concat inputs whose shapes disagree: an Error naming the node, the model stays usable", "[session][concat]") {
  test::OpGraph g;
  g.input("a", {-1, 3}).input("b", {-1, 4});
  g.graph.value(g.graph.find_value("a")).dim_params = {"n", ""};
  g.graph.value(g.graph.find_value("b")).dim_params = {"m", ""};
  g.node("Concat", {"a", "b"}, {"y"}, axis_attr(1), "my_concat");
  g.graph.outputs = {g.graph.find_value("y")};
  Session session(g.graph);
  const auto bad = [&] { session.run({{"a", random_tensor({2, 3}, 1)}, {"b", random_tensor({5, 4}, 2)}}); };
  CHECK_THROWS_AS(bad(), Error);
  try {
    bad();
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("my_concat") != std::string::npos);
  }
  const auto a = random_tensor({2, 3}, 3), b = random_tensor({2, 4}, 4);
  const auto got = session.run({{"a", a}, {"b", b}});
  const auto expected = run_reference(g.graph, {a, b});
  REQUIRE(got.size() == 1);
  CHECK(std::memcmp(got[0].tensor->bytes.data(), expected[0]->bytes.data(), expected[0]->bytes.size()) == 0);
}

// ---- Slice and Split

// Slice of x (opset 13) with constant starts/ends/axes/steps; `nhwc`: x comes
// from a conv (and the slice feeds another), else x is the graph input.
std::vector<std::string> check_slice(const Shape& x, const std::vector<int64_t>& starts, const std::vector<int64_t>& ends,
                                     const std::vector<int64_t>& axes, const std::vector<int64_t>& steps, bool nhwc,
                                     uint64_t seed) {
  INFO("x " << shape_to_string(x) << " starts " << shape_to_string(starts) << " ends " << shape_to_string(ends)
            << " axes " << shape_to_string(axes) << " steps " << shape_to_string(steps) << " nhwc " << nhwc);
  test::OpGraph g;
  g.input("x", x).ints("starts", starts).ints("ends", ends).ints("axes", axes).ints("steps", steps);
  std::string src = "x";
  if (nhwc) {
    nhwc_producer(g, "x", "c");
    src = "c";
  }
  g.node("Slice", {src, "starts", "ends", "axes", "steps"}, {"s"}, {}, "slice");
  g.graph.outputs = {g.graph.find_value("s")};
  const auto plan = check_exact(g.graph, {random_tensor(x, seed)});
  INFO(listing(plan));
  CHECK(plan_has(plan, "Slice"));
  CHECK(!plan_has(plan, "reference"));
  CHECK(count_steps(plan, "layout") == (nhwc ? 2 : 0));
  if (nhwc) CHECK(plan_has(plan, "(NHWC)"));
  return plan;
}

TEST_CASE("session: Slice with steps, negative steps, any axes, clamped starts and ends", "[session][slice]") {
  for (bool nhwc : {false, true}) {
    check_slice({2, 13, 9, 11}, {1, 0}, {12, 9}, {1, 2}, {2, 1}, nhwc, 1);               // every other channel
    check_slice({2, 13, 9, 11}, {-1, -2}, {-100, 0}, {-3, -1}, {-1, -3}, nhwc, 2);        // reversed, step -3
    check_slice({1, 5, 8, 8}, {0, 0}, {INT64_MAX, INT64_MAX}, {2, 3}, {2, 2}, nhwc, 3);  // stride-2 subsample
    check_slice({2, 5, 7, 3}, {-1000, 2, 1}, {1000, 5, -1}, {0, 1, 2}, {1, 1, 1}, nhwc, 4);
    check_slice({1, 3, 6, 5}, {100}, {-100}, {3}, {-2}, nhwc, 5);                         // start clamped to d-1
    check_slice({1, 3, 6, 5}, {4}, {2}, {2}, {1}, nhwc, 6);                               // empty
  }
  check_slice({7, 13}, {-5}, {INT64_MIN}, {-1}, {-1}, false, 7);
  check_slice({3, 4, 5, 6, 2}, {1, 5, 0}, {3, 0, 2}, {0, 3, -1}, {1, -2, 1}, false, 8);
}

TEST_CASE("session: random Slices (starts/ends beyond the dims, steps -3..3) match the reference", "[session][slice]") {
  std::mt19937 rng(5);
  const Shape x{2, 5, 4, 7};
  for (int iter = 0; iter < 60; ++iter) {
    std::vector<int64_t> starts, ends, axes, steps;
    std::vector<int64_t> order = {0, 1, 2, 3};
    std::shuffle(order.begin(), order.end(), rng);
    const size_t count = 1 + rng() % 4;
    for (size_t i = 0; i < count; ++i) {
      const int64_t d = x[static_cast<size_t>(order[i])];
      axes.push_back(rng() % 2 ? order[i] : order[i] - 4);
      starts.push_back(static_cast<int64_t>(rng() % (2 * d + 5)) - d - 2);
      ends.push_back(static_cast<int64_t>(rng() % (2 * d + 5)) - d - 2);
      int64_t step = static_cast<int64_t>(rng() % 6) - 3;
      steps.push_back(step >= 0 ? step + 1 : step);
    }
    check_slice(x, starts, ends, axes, steps, iter % 2 == 1, 200 + static_cast<uint64_t>(iter));
  }
}

TEST_CASE("session: Slice before opset 10 (attributes)", "[session][slice]") {
  test::OpGraph g(9);
  g.input("x", {2, 5, 6});
  g.node("Slice", {"x"}, {"y"},
         {{"starts", Attribute::make_ints({1, -4})}, {"ends", Attribute::make_ints({5, 100})}, {"axes", Attribute::make_ints({1, 2})}},
         "slice");
  g.graph.outputs = {g.graph.find_value("y")};
  const auto plan = check_exact(g.graph, {random_tensor({2, 5, 6}, 9)});
  CHECK(plan_has(plan, "Slice -> x32 copy rows"));
}

TEST_CASE("session: Split by sizes (input and attribute), equal parts and num_outputs", "[session][split]") {
  for (bool nhwc : {false, true}) {
    INFO("nhwc " << nhwc);
    const Shape x{2, 13, 5, 7};
    struct Case {
      int64_t opset, axis;
      std::vector<int64_t> sizes;  // empty: none given
      int outputs;
      bool num_outputs;
    };
    const Case cases[] = {{13, 1, {3, 5, 5}, 3, false}, {11, -3, {1, 12}, 2, false}, {13, 2, {}, 5, false},
                          {18, -1, {}, 3, true},        {18, 1, {}, 5, true},          {13, 3, {7, 0}, 2, false}};
    for (const Case& c : cases) {
      INFO("opset " << c.opset << " axis " << c.axis << " outputs " << c.outputs);
      test::OpGraph g(c.opset);
      g.input("x", x);
      std::string src = "x";
      if (nhwc) {
        nhwc_producer(g, "x", "c");
        src = "c";
      }
      std::vector<std::string> ins = {src}, outs;
      for (int k = 0; k < c.outputs; ++k) outs.push_back("y" + std::to_string(k));
      AttributeMap attrs = axis_attr(c.axis);
      if (!c.sizes.empty() && c.opset < 13) attrs["split"] = Attribute::make_ints(c.sizes);
      if (!c.sizes.empty() && c.opset >= 13) {
        g.ints("split", c.sizes);
        ins.push_back("split");
      }
      if (c.num_outputs) attrs["num_outputs"] = Attribute::make_int(c.outputs);
      g.node("Split", ins, outs, attrs, "split_node");
      for (const std::string& out : outs) g.graph.outputs.push_back(g.graph.find_value(out));
      const auto plan = check_exact(g.graph, {random_tensor(x, 91)});
      INFO(listing(plan));
      CHECK(plan_has(plan, "Split into " + std::to_string(c.outputs)));
      CHECK(!plan_has(plan, "reference"));
    }
  }
}

// ---- Aliases

TEST_CASE("session: Identity, Dropout and same-type Cast are aliases: no step, no copy", "[session][alias]") {
  test::OpGraph g(13);
  g.input("x", {1, 5, 4, 3});
  nhwc_producer(g, "x", "c");
  g.node("Identity", {"c"}, {"i1"}, {}, "identity1")
      .node("Dropout", {"i1"}, {"d"}, {}, "dropout")
      .node("Cast", {"d"}, {"k"}, {{"to", Attribute::make_int(1)}}, "cast_same")
      .node("Identity", {"k"}, {"i2"}, {}, "identity2");
  nhwc_producer(g, "i2", "y");
  g.node("Identity", {"x"}, {"x_out"}, {}, "identity_of_input");
  // Graph outputs: the alias of an NHWC value, its producer, and an alias of a graph input.
  g.graph.outputs = {g.graph.find_value("y"), g.graph.find_value("i2"), g.graph.find_value("c"), g.graph.find_value("x_out")};
  const auto plan = check_exact(g.graph, {random_tensor({1, 5, 4, 3}, 102)});
  INFO(listing(plan));
  CHECK(!plan_has(plan, "Identity"));
  CHECK(!plan_has(plan, "Dropout"));
  CHECK(!plan_has(plan, "Cast"));
  CHECK(!plan_has(plan, "memcpy"));
  CHECK(!plan_has(plan, "reference"));
  // Pools and layout copies only: x in; y out; c (shared by i2) out once.
  CHECK(plan.size() == 2 + 3);
}

TEST_CASE("session: an alias keeps its source alive in the memory plan", "[session][alias]") {
  // c is read through its alias long after its last direct reader: the arena
  // must not hand c's bytes to the values computed in between.
  test::OpGraph g(13);
  g.input("x", {1, 8, 6, 6});
  nhwc_producer(g, "x", "c");
  g.node("Identity", {"c"}, {"alias"}, {}, "identity");
  std::string prev = "c";
  for (int k = 0; k < 4; ++k) {
    const std::string name = "h" + std::to_string(k);
    g.node("Neg", {prev}, {name + "n"}, {}, "neg" + std::to_string(k));
    nhwc_producer(g, name + "n", name);
    prev = name;
  }
  g.node("Max", {prev, "alias"}, {"y"}, {}, "max");
  g.graph.outputs = {g.graph.find_value("y")};
  const auto plan = check_exact(g.graph, {random_tensor({1, 8, 6, 6}, 115)});
  INFO(listing(plan));
  CHECK(!plan_has(plan, "Identity"));
}

TEST_CASE("session: a Dropout whose mask is read aliases its output and fills the mask", "[session][alias]") {
  for (int64_t opset : {9, 13}) {  // a float32 mask before opset 10, bool after
    INFO("opset " << opset);
    test::OpGraph g(opset);
    g.input("x", {2, 3, 5});
    g.node("Dropout", {"x"}, {"y", "mask"}, {}, "dropout");
    g.graph.outputs = {g.graph.find_value("y"), g.graph.find_value("mask")};
    const auto plan = check_exact(g.graph, {random_tensor({2, 3, 5}, 120)});
    INFO(listing(plan));
    CHECK(plan.size() == 1);
    CHECK(plan_has(plan, opset < 10 ? "Dropout mask -> x32 copy rows" : "Dropout mask -> memcpy rows"));
  }
}

// ---- Layout copies say why

TEST_CASE("session: a layout copy names the node or graph output that needs it", "[session][layout]") {
  test::OpGraph g(13);
  g.input("x", {1, 4, 3, 3});
  nhwc_producer(g, "x", "c");
  g.floats("scale", {1.f, 2.f, 3.f, 4.f}).floats("bias", {0.f, 0.5f, 1.f, 1.5f});
  g.node("InstanceNormalization", {"c", "scale", "bias"}, {"d"}, {}, "inorm");
  g.graph.outputs = {g.graph.find_value("d"), g.graph.find_value("c")};
  const auto plan = test::check_session_matches_reference(g.graph, {random_tensor({1, 4, 3, 3}, 131)});
  INFO(listing(plan));
  CHECK(plan_has(plan, "layout NCHW->NHWC for node 'pool_c' (MaxPool)"));
  CHECK(plan_has(plan, "layout NHWC->NCHW for node 'inorm' (InstanceNormalization): reference op"));
  CHECK(count_steps(plan, "layout NHWC->NCHW") == 1);  // the graph output c shares it
}

// ---- Pad

// Pad (opset 18 with axes when given, else 13) of x; `nhwc`: x comes from a
// pool and the Pad feeds another, else x is the graph input.
std::vector<std::string> check_pad(const Shape& x, const std::string& mode, const std::vector<int64_t>& pads,
                                   const std::vector<int64_t>& axes, float value, bool nhwc, uint64_t seed) {
  INFO("x " << shape_to_string(x) << " mode " << mode << " pads " << shape_to_string(pads) << " axes "
            << shape_to_string(axes) << " nhwc " << nhwc);
  test::OpGraph g(axes.empty() ? 13 : 18);
  g.input("x", x).ints("pads", pads).floats("value", {value}, {});
  std::vector<std::string> ins = {"x", "pads", "value"};
  if (nhwc) {
    nhwc_producer(g, "x", "c");
    ins[0] = "c";
  }
  if (!axes.empty()) {
    g.ints("axes", axes);
    ins.push_back("axes");
  }
  g.node("Pad", ins, {"p"}, {{"mode", Attribute::make_string(mode)}}, "pad");
  std::string out = "p";
  if (nhwc) {
    nhwc_producer(g, "p", "y");
    out = "y";
  }
  g.graph.outputs = {g.graph.find_value(out)};
  const auto plan = check_exact(g.graph, {random_tensor(x, seed)});
  INFO(listing(plan));
  CHECK(plan_has(plan, "Pad (" + mode + ")"));
  CHECK(!plan_has(plan, "reference"));
  CHECK(count_steps(plan, "layout") == (nhwc ? 2 : 0));
  return plan;
}

TEST_CASE("session: Pad constant (non-zero value), reflect and edge, in NCHW and NHWC", "[session][pad]") {
  for (bool nhwc : {false, true}) {
    for (const char* mode : {"constant", "reflect", "edge"}) {
      check_pad({2, 3, 5, 7}, mode, {0, 0, 1, 2, 0, 0, 2, 1}, {}, 0.f, nhwc, 1);     // H and W
      check_pad({1, 5, 4, 6}, mode, {0, 2, 0, 0, 0, 3, 0, 0}, {}, -1.5f, nhwc, 2);   // channels
      check_pad({2, 13, 3, 3}, mode, {1, 1, 2, 1, 0, 4, 1, 2}, {}, 7.f, nhwc, 3);   // every axis
      check_pad({1, 3, 4, 5}, mode, {3, 2, 1, 0}, {-1, 2}, 2.5f, nhwc, 4);          // axes input
    }
    check_pad({1, 3, 4, 5}, "reflect", {0, 0, 7, 9, 0, 0, 6, 11}, {}, 0.f, nhwc, 5);  // several periods
    check_pad({2, 3, 6, 5}, "constant", {0, -1, 2, -2, 0, 0, -3, 1}, {}, 3.f, nhwc, 6);  // crops
  }
  check_pad({7, 1}, "reflect", {2, 3, 1, 0}, {}, 0.f, false, 7);  // an axis of 1 reflects to itself
  check_pad({3, 4, 5, 2, 3}, "edge", {1, 0, 2, 0, 1, 2, 1, 0, 0, 1}, {}, 0.f, false, 8);
}

TEST_CASE("session: random Pads (every mode, several reflection periods, crops) match the reference", "[session][pad]") {
  std::mt19937 rng(9);
  const Shape x{1, 3, 4, 5};
  const char* const modes[] = {"constant", "reflect", "edge"};
  for (int iter = 0; iter < 45; ++iter) {
    const std::string mode = modes[iter % 3];
    std::vector<int64_t> pads(8);
    for (size_t i = 0; i < 8; ++i) {
      const int64_t d = x[i % 4];
      // constant mode may crop (never below an empty axis)
      pads[i] = mode == "constant" ? static_cast<int64_t>(rng() % 9) - d / 2 : static_cast<int64_t>(rng() % 9);
    }
    check_pad(x, mode, pads, {}, 1.25f, (iter / 3) % 2 == 1, 300 + static_cast<uint64_t>(iter));
  }
}

// The moves of the one data-movement step of `plan` (the Pad's). The
// library has no RTTI (the wasm test binary could not link a dynamic_cast
// to its steps): a MoveStep is recognised by its description
// (MoveStepBuilder writes "... -> x32 copy rows" or "... -> memcpy rows").
size_t move_count(const CompiledPlan& plan) {
  size_t moves = 0, steps = 0;
  for (const auto& step : plan.steps) {
    const std::string what = step->describe();
    if (what.find(" copy rows") != std::string::npos || what.find("memcpy rows") != std::string::npos) {
      moves = static_cast<const MoveStep*>(step.get())->moves.size();
      ++steps;
    }
  }
  CHECK(steps == 1);
  return moves;
}

TEST_CASE("session: a reflect Pad many periods wide matches the reference in a few moves", "[session][pad]") {
  struct Case {
    Shape x;
    std::vector<int64_t> pads;
    size_t most_moves;  // see below
  };
  // Per padded side of an axis of n: n - 1 mirrored rows, then copies of
  // the rows written so far (2^k periods of 2 (n - 1) rows plus one), so
  // ceil(log2(pad / period)) + 1 more; plus the interior. One move per
  // border row would be 1997, 919 and 1124 moves.
  const Case cases[] = {
      {{2, 3}, {0, 1000, 0, 997}, 1 + 2 * (2 + 10)},                     // period 4
      {{3, 2, 4}, {0, 517, 3, 0, 400, 2}, 1 + 2 * (1 + 10) + 2 * (3 + 2)},  // period 2 on the outer axis
      {{1, 4, 5}, {0, 0, 560, 0, 0, 559}, 1 + 2 * (4 + 8)},               // pads not a whole number of periods
  };
  for (const Case& c : cases) {
    INFO("x " << shape_to_string(c.x) << " pads " << shape_to_string(c.pads));
    test::OpGraph g;
    g.input("x", c.x).ints("pads", c.pads);
    g.node("Pad", {"x", "pads"}, {"y"}, {{"mode", Attribute::make_string("reflect")}}, "pad");
    g.graph.outputs = {g.graph.find_value("y")};
    const auto listed = check_exact(g.graph, {random_tensor(c.x, 17)});
    INFO(listing(listed));
    CHECK(plan_has(listed, "Pad (reflect)"));
    CHECK(!plan_has(listed, "reference"));
    const auto plan = compile_plan(g.graph);
    CHECK(move_count(*plan) <= c.most_moves);
  }
  // In NHWC, with a wide pad of H.
  check_pad({1, 3, 2, 5}, "reflect", {0, 0, 300, 1, 0, 0, 299, 2}, {}, 0.f, true, 18);
}

TEST_CASE("session: Pad with its constant_value fed at run time", "[session][pad]") {
  test::OpGraph g;
  g.input("x", {1, 5, 3, 4}).input("value", {}).ints("pads", {0, 1, 1, 0, 0, 2, 0, 3});
  nhwc_producer(g, "x", "c");
  g.node("Pad", {"c", "pads", "value"}, {"p"}, {}, "pad");
  nhwc_producer(g, "p", "y");
  g.graph.outputs = {g.graph.find_value("y")};
  for (float value : {-2.f, 0.75f}) {
    const auto plan = check_exact(g.graph, {random_tensor({1, 5, 3, 4}, 9), Tensor::from_float({value}, {})});
    INFO(listing(plan));
    CHECK(plan_has(plan, "Pad (constant) -> x32 copy rows (NHWC)"));
    CHECK(!plan_has(plan, "reference"));
  }
}

TEST_CASE("session: a zero Pad of H and W still folds into the conv after it", "[session][pad]") {
  test::OpGraph g;
  g.input("x", {1, 3, 6, 6}).ints("pads", {0, 0, 1, 1, 0, 0, 1, 1});
  g.tensor("w", random_tensor({4, 3, 3, 3}, 1, 0.5f));
  g.node("Pad", {"x", "pads"}, {"p"}, {}, "pad").node("Conv", {"p", "w"}, {"y"}, {}, "conv");
  g.graph.outputs = {g.graph.find_value("y")};
  const auto plan = test::check_session_matches_reference(g.graph, {random_tensor({1, 3, 6, 6}, 2)});
  INFO(listing(plan));
  CHECK(!plan_has(plan, "Pad"));
}

// ---- Expand and Tile

TEST_CASE("session: Expand broadcasts any dims, NCHW and NHWC", "[session][expand]") {
  struct Case {
    Shape x, shape;
    bool nhwc;
  };
  const Case cases[] = {{{1, 13, 1, 1}, {2, 13, 5, 3}, true},  {{2, 1, 5, 1}, {2, 3, 5, 7}, true},
                        {{3, 1}, {2, 1, 3, 5}, false},        {{5}, {3, 1, 5}, false},
                        {{2, 1, 4}, {2, 1, 4}, false},        {{1, 1, 3, 1}, {2, 5, 3, 4}, false}};
  for (const Case& c : cases) {
    INFO("x " << shape_to_string(c.x) << " shape " << shape_to_string(c.shape) << " nhwc " << c.nhwc);
    test::OpGraph g;
    g.input("x", c.x).ints("shape", c.shape);
    std::string src = "x";
    if (c.nhwc) {
      nhwc_producer(g, "x", "c");
      src = "c";
    }
    g.node("Expand", {src, "shape"}, {"y"}, {}, "expand");
    g.graph.outputs = {g.graph.find_value("y")};
    const auto plan = check_exact(g.graph, {random_tensor(c.x, 20)});
    INFO(listing(plan));
    CHECK(plan_has(plan, c.nhwc ? "Expand -> x32 copy rows (NHWC)" : "Expand -> x32 copy rows"));
    CHECK(!plan_has(plan, "reference"));
  }
}

TEST_CASE("session: Tile of every axis, NCHW and NHWC", "[session][tile]") {
  for (bool nhwc : {false, true}) {
    for (const std::vector<int64_t>& repeats : std::vector<std::vector<int64_t>>{{1, 3, 2, 1}, {2, 1, 1, 3}, {1, 1, 1, 1}, {3, 2, 2, 2}}) {
      INFO("repeats " << shape_to_string(repeats) << " nhwc " << nhwc);
      test::OpGraph g;
      g.input("x", {1, 5, 3, 2}).ints("repeats", repeats);
      std::string src = "x";
      if (nhwc) {
        nhwc_producer(g, "x", "c");
        src = "c";
      }
      g.node("Tile", {src, "repeats"}, {"y"}, {}, "tile");
      g.graph.outputs = {g.graph.find_value("y")};
      const auto plan = check_exact(g.graph, {random_tensor({1, 5, 3, 2}, 21)});
      INFO(listing(plan));
      CHECK(plan_has(plan, "Tile"));
      CHECK(!plan_has(plan, "reference"));
    }
  }
  test::OpGraph g;
  g.input("x", {2, 3}, DType::Int64).ints("repeats", {3, 2});
  g.node("Tile", {"x", "repeats"}, {"y"}, {}, "tile");
  g.graph.outputs = {g.graph.find_value("y")};
  CHECK(plan_has(check_exact(g.graph, {int64_tensor({2, 3}, 3)}), "Tile -> memcpy rows"));
}

// ---- Gather

TEST_CASE("session: Gather with constant indices on any axis, negative indices, NHWC data", "[session][gather]") {
  struct Case {
    Shape data;
    int64_t axis;
    std::vector<int64_t> indices;
    Shape indices_shape;
    bool nhwc;
  };
  const Case cases[] = {
      {{2, 13, 3, 4}, 1, {0, 1, 2, 7, -1, 3, 3}, {7}, true},   // channels of an NHWC value, runs and repeats
      {{2, 5, 3, 4}, -1, {3, 0, -2}, {3}, true},              // W of an NHWC value
      {{2, 5, 3, 4}, 2, {1}, {}, true},                       // scalar index: rank 3 out, read NHWC in place
      {{7, 5}, 0, {6, -7, 2, 2, 3, 4}, {2, 3}, false},        // 2-D indices
      {{3, 5, 2}, -2, {4, 0}, {2}, false},
  };
  for (const Case& c : cases) {
    INFO("data " << shape_to_string(c.data) << " axis " << c.axis << " indices " << shape_to_string(c.indices));
    test::OpGraph g;
    g.input("x", c.data).ints("idx", c.indices, c.indices_shape);
    std::string src = "x";
    if (c.nhwc) {
      nhwc_producer(g, "x", "c");
      src = "c";
    }
    g.node("Gather", {src, "idx"}, {"y"}, axis_attr(c.axis), "gather");
    g.graph.outputs = {g.graph.find_value("y")};
    const auto plan = check_exact(g.graph, {random_tensor(c.data, 30)});
    INFO(listing(plan));
    CHECK(plan_has(plan, "constant indices"));
    CHECK(!plan_has(plan, "reference"));
    // Only the input's conversion (and the output's, when it stays NHWC).
    CHECK(count_steps(plan, "layout") <= (c.nhwc ? 2 : 0));
  }
}

TEST_CASE("session: Gather with run-time indices (int64 and int32) and a constant table", "[session][gather]") {
  for (DType dtype : {DType::Int64, DType::Int32}) {
    test::OpGraph g;
    g.tensor("table", random_tensor({11, 6}, 40)).input("ids", {2, 5}, dtype);
    g.node("Gather", {"table", "ids"}, {"y"}, axis_attr(0), "embedding");
    g.graph.outputs = {g.graph.find_value("y")};
    std::vector<int64_t> ids = {0, 10, -1, 3, 3, -11, 5, 9, 1, 2};
    TensorPtr feed = Tensor::from_int64(ids, {2, 5});
    if (dtype == DType::Int32) {
      auto t = std::make_shared<Tensor>();
      t->dtype = DType::Int32;
      t->dims = {2, 5};
      t->bytes.resize(t->byte_size());
      for (size_t i = 0; i < ids.size(); ++i) t->data<int32_t>()[i] = static_cast<int32_t>(ids[i]);
      feed = t;
    }
    const auto plan = check_exact(g.graph, {feed});
    INFO(listing(plan));
    CHECK(plan_has(plan, "Gather on axis 0 (indices at run time)"));
    CHECK(!plan_has(plan, "reference"));
  }
}

TEST_CASE("session: Gather indices out of range: an Error naming the node, the model stays usable", "[session][gather]") {
  {  // constant indices: refused when the plan is compiled
    test::OpGraph g;
    g.input("x", {3, 4}).ints("idx", {0, 4});
    g.node("Gather", {"x", "idx"}, {"y"}, axis_attr(1), "bad_gather");
    g.graph.outputs = {g.graph.find_value("y")};
    Session session(g.graph);
    try {
      session.run({{"x", random_tensor({3, 4}, 1)}});
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(std::string(e.what()).find("bad_gather") != std::string::npos);
    }
  }
  // run-time indices: checked when the step runs
  test::OpGraph g;
  g.input("x", {1, 6, 2, 3}).input("ids", {3}, DType::Int64);
  nhwc_producer(g, "x", "c");
  g.node("Gather", {"c", "ids"}, {"y"}, axis_attr(1), "runtime_gather");
  g.graph.outputs = {g.graph.find_value("y")};
  Session session(g.graph);
  const auto x = random_tensor({1, 6, 2, 3}, 2);
  for (int64_t bad : {6, -7}) {
    try {
      session.run({{"x", x}, {"ids", Tensor::from_int64({0, bad, 1}, {3})}});
      FAIL("no error for index " << bad);
    } catch (const Error& e) {
      CHECK(std::string(e.what()).find("runtime_gather") != std::string::npos);
      CHECK(std::string(e.what()).find(std::to_string(bad)) != std::string::npos);
    }
  }
  const auto ids = Tensor::from_int64({5, -6, 2}, {3});
  const auto got = session.run({{"x", x}, {"ids", ids}});
  const auto expected = run_reference(g.graph, {x, ids});
  REQUIRE(got.size() == 1);
  REQUIRE(got[0].tensor->bytes.size() == expected[0]->bytes.size());
  CHECK(std::memcmp(got[0].tensor->bytes.data(), expected[0]->bytes.data(), expected[0]->bytes.size()) == 0);
}

TEST_CASE("session: Slice with a zero step or an axis out of range is refused naming the node", "[session][slice]") {
  for (const auto& [axes, steps] : std::vector<std::pair<std::vector<int64_t>, std::vector<int64_t>>>{{{1}, {0}}, {{2}, {1}}, {{-3}, {1}}}) {
    test::OpGraph g;
    g.input("x", {3, 4}).ints("starts", {0}).ints("ends", {2}).ints("axes", axes).ints("steps", steps);
    g.node("Slice", {"x", "starts", "ends", "axes", "steps"}, {"y"}, {}, "bad_slice");
    g.graph.outputs = {g.graph.find_value("y")};
    Session session(g.graph);
    try {
      session.run({{"x", random_tensor({3, 4}, 1)}});
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(std::string(e.what()).find("bad_slice") != std::string::npos);
    }
  }
}

}  // namespace
}  // namespace nnslim
