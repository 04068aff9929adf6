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

#include <cstring>

#include "core/error.h"
#include "ops_test_util.h"
#include "runtime/reference/reference.h"
#include "runtime/session.h"
#include "session_test_util.h"

namespace nnslim {
namespace {

using test::plan_has;
using test::random_tensor;

std::string listing(const std::vector<std::string>& plan) {
  std::string text;
  for (const auto& step : plan) text += step + "\n";
  return text;
}

int count_steps(const std::vector<std::string>& plan, const std::string& needle) {
  int n = 0;
  for (const auto& step : plan) n += step.find(needle) != std::string::npos;
  return n;
}

TensorPtr int64_tensor(const Shape& dims, uint64_t seed) {
  std::vector<int64_t> values(static_cast<size_t>(shape_numel(dims)));
  for (size_t i = 0; i < values.size(); ++i) values[i] = static_cast<int64_t>((i * 7919 + seed * 104729) % 2001) - 1000;
  return Tensor::from_int64(values, dims);
}

// Session outputs against the reference executor's, byte for byte, on two
// runs (the second reuses the plan). Returns the plan's step descriptions.
std::vector<std::string> check_exact(const Graph& graph, const std::vector<TensorPtr>& inputs) {
  const std::vector<TensorPtr> expected = run_reference(graph, inputs);
  Session session(graph);
  std::vector<NamedTensor> feeds;
  for (size_t i = 0; i < inputs.size(); ++i) feeds.push_back({graph.value(graph.inputs[i]).name, inputs[i]});
  for (int repeat = 0; repeat < 2; ++repeat) {
    const std::vector<NamedTensor> got = session.run(feeds);
    REQUIRE(got.size() == expected.size());
    for (size_t i = 0; i < got.size(); ++i) {
      INFO("output " << got[i].name << " run " << repeat);
      REQUIRE(got[i].tensor->dtype == expected[i]->dtype);
      REQUIRE(got[i].tensor->dims == expected[i]->dims);
      REQUIRE(got[i].tensor->bytes.size() == expected[i]->bytes.size());
      CHECK(std::memcmp(got[i].tensor->bytes.data(), expected[i]->bytes.data(), expected[i]->bytes.size()) == 0);
    }
  }
  return session.describe_plan();
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

TEST_CASE("session: a Dropout whose mask is read is no alias", "[session][alias]") {
  test::OpGraph g(13);
  g.input("x", {2, 3});
  g.node("Dropout", {"x"}, {"y", "mask"}, {}, "dropout");
  g.graph.outputs = {g.graph.find_value("y"), g.graph.find_value("mask")};
  const auto plan = check_exact(g.graph, {random_tensor({2, 3}, 120)});
  CHECK(plan_has(plan, "reference"));
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

}  // namespace
}  // namespace nnslim
