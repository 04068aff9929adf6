// The int8 runtime's data-movement and lookup-table steps on QDQ graphs
// (DQ(x_q) -> op -> [Relu | Clip] -> Q): MaxPool, Concat and the
// elementwise functions run on int8 tensors and match the reference executor
// (which computes in f32 on the dequantized values) BIT FOR BIT: a max, a
// copy and a table of Q(f(DQ(q))) over the 256 q are exactly its
// computation. AveragePool / GlobalAveragePool sum int8 taps and requantize
// with one float multiplier: within one quantization step (the reference
// rounds a float sum and a division instead). Each plan must show the int8
// step and no float op, no reference step.
#include <catch2/catch.hpp>

#include <cstring>
#include <string>

#include "api/model.h"
#include "core/format.h"
#include "ops/reference/reference.h"
#include "ops_test_util.h"
#include "runtime/session.h"
#include "session_test_util.h"

namespace nnslim {
namespace {

using test::count_steps;
using test::listing;
using test::plan_has;
using test::random_tensor;

// Builds x -> Q -> DQ -> ... graphs: qdq(t, s, z) quantizes t and returns
// the dequantized copy's name.
struct QdqGraph {
  test::OpGraph g;
  int counter = 0;
  std::string fresh(const std::string& stem) { return stem + std::to_string(counter++); }
  std::string qdq(const std::string& x, float scale, int32_t zero_point) {
    const std::string s = fresh("s"), z = fresh("z"), q = fresh("q"), dq = fresh("dq");
    g.floats(s, {scale}, {});
    auto zt = std::make_shared<Tensor>();
    zt->dtype = DType::Int8;
    zt->bytes = {static_cast<uint8_t>(static_cast<int8_t>(zero_point))};
    g.tensor(z, zt);
    g.node("QuantizeLinear", {x, s, z}, {q}, {}, fresh("quant"));
    g.node("DequantizeLinear", {q, s, z}, {dq}, {}, fresh("dequant"));
    return dq;
  }
};

// Runs the graph (output `out`, quantized at `scale`) twice against the
// reference; |difference| <= steps * scale. Returns the plan.
std::vector<std::string> check_against_reference(QdqGraph& b, const std::string& out, float scale, float steps,
                                                 const Shape& input_shape) {
  b.g.graph.outputs = {b.g.graph.find_value(out)};
  b.g.infer();
  const TensorPtr x = random_tensor(input_shape, 7, 1.2f);
  const std::vector<TensorPtr> expected = run_reference(b.g.graph, {x});
  Session session(b.g.graph);
  for (int repeat = 0; repeat < 2; ++repeat) {
    const std::vector<NamedTensor> got = session.run({{"x", x}});
    REQUIRE(got.size() == 1);
    REQUIRE(got[0].tensor->dims == expected[0]->dims);
    INFO("run " << repeat);
    CHECK(test::describe_mismatches(got[0].tensor->data<float>(), expected[0]->data<float>(),
                                    static_cast<size_t>(expected[0]->numel()),
                                    test::Tolerance{0.0, steps * scale * 1.001}) == "");
  }
  const std::vector<std::string> plan = session.describe_plan();
  INFO(listing(plan));
  CHECK(!plan_has(plan, "reference"));
  CHECK(!plan_has(plan, "-> f32 "));  // no float op between the Q/DQ conversions
  return plan;
}

AttributeMap pool_attrs(int64_t k, int64_t stride, int64_t pad) {
  return {{"kernel_shape", Attribute::make_ints({k, k})},
          {"strides", Attribute::make_ints({stride, stride})},
          {"pads", Attribute::make_ints({pad, pad, pad, pad})}};
}

TEST_CASE("session: QDQ elementwise functions run as int8 table lookups, bit-exact", "[session][qdq][qdq-ops]") {
  struct Case {
    const char* op;
    AttributeMap attrs;
    const char* then;  // "", "Relu"
  };
  const Case cases[] = {
      {"Sigmoid", {}, ""},
      {"Tanh", {}, ""},
      {"HardSwish", {}, ""},
      {"HardSigmoid", {{"alpha", Attribute::make_float(0.25f)}, {"beta", Attribute::make_float(0.4f)}}, ""},
      {"LeakyRelu", {{"alpha", Attribute::make_float(0.1f)}}, ""},
      {"Elu", {}, "Relu"},
      {"Softplus", {}, ""},
      {"Relu", {}, ""},
  };
  for (const Case& c : cases)
    for (const Shape& shape : {Shape{2, 5, 7, 3}, Shape{3, 11}}) {
      INFO(c.op << (c.then[0] ? std::string(" + ") + c.then : "") << ", rank " << shape.size());
      QdqGraph b;
      b.g.input("x", shape);
      const std::string a = b.qdq("x", 2.4f / 255.0f, 9);
      b.g.node(c.op, {a}, {"f"}, c.attrs, "fn");
      std::string f = "f";
      if (c.then[0]) {
        b.g.node(c.then, {"f"}, {"g"}, {}, "then");
        f = "g";
      }
      const float scale = 1.3f / 255.0f;
      const auto plan = check_against_reference(b, b.qdq(f, scale, -17), scale, 0.0f, shape);
      CHECK(count_steps(plan, std::string(c.op) + (c.then[0] ? "+Relu" : "") + " (QDQ) -> qs8 lut") == 1);
    }
}

TEST_CASE("session: an int8 table with constant ends reads only the rows between them, bit-exact",
          "[session][qdq][qdq-ops]") {
  // Clip(x, -0.5, 0.5) on codes of [-1.2, 1.2]: the table is constant below
  // and above the codes of -0.5 and 0.5 (the inputs reach both ends), so the
  // step's range kernel clamps the index and reads fewer than 16 rows; a
  // Sigmoid's table changes over the whole range: 16 rows.
  for (const bool clip : {true, false}) {
    INFO((clip ? "Clip" : "Sigmoid"));
    QdqGraph b;
    const Shape shape{3, 7, 5, 11};
    b.g.input("x", shape);
    const std::string a = b.qdq("x", 2.4f / 255.0f, 0);
    if (clip) {
      b.g.floats("lo", {-0.5f}, {}).floats("hi", {0.5f}, {});
      b.g.node("Clip", {a, "lo", "hi"}, {"f"}, {}, "fn");
    } else {
      b.g.node("Sigmoid", {a}, {"f"}, {}, "fn");
    }
    const float scale = clip ? 1.1f / 255.0f : 1.0f / 255.0f;
    const auto plan = check_against_reference(b, b.qdq("f", scale, clip ? 0 : -128), scale, 0.0f, shape);
    CHECK(count_steps(plan, std::string(clip ? "Clip" : "Sigmoid") + " (QDQ) -> qs8 lut wasmsimd (") == 1);
    CHECK(count_steps(plan, "(16 rows)") == (clip ? 0 : 1));
  }
}

TEST_CASE("session: QDQ binary ops with a constant scalar operand are table lookups, bit-exact",
          "[session][qdq][qdq-ops]") {
  // x + 3, x / 6 (HardSwish written out), 1 - x (the tensor second), x * 0.5
  // (a [1, 1, 1, 1] constant, as converters write), x ^ 2, max(x, 0.2).
  struct Case {
    const char* op;
    float constant;
    bool constant_first;
    Shape constant_dims;
  };
  for (const Case& c : {Case{"Add", 3.0f, false, {}}, Case{"Div", 6.0f, false, {}}, Case{"Sub", 1.0f, true, {}},
                        Case{"Mul", 0.5f, false, {1, 1, 1, 1}}, Case{"Pow", 2.0f, false, {}},
                        Case{"Max", 0.2f, true, {1}}}) {
    INFO(c.op << " with " << c.constant << (c.constant_first ? " first" : " second") << ", rank "
              << c.constant_dims.size());
    QdqGraph b;
    const Shape shape{2, 6, 5, 3};
    b.g.input("x", shape);
    const std::string a = b.qdq("x", 2.4f / 255.0f, -3);
    b.g.floats("k", {c.constant}, c.constant_dims);
    b.g.node(c.op, c.constant_first ? std::vector<std::string>{"k", a} : std::vector<std::string>{a, "k"}, {"f"}, {},
             "binary");
    const float scale = 2.9f / 255.0f;
    const auto plan = check_against_reference(b, b.qdq("f", scale, 7), scale, 0.0f, shape);
    CHECK(count_steps(plan, std::string(c.op) + " (QDQ) -> qs8 lut") == 1);
  }
}

TEST_CASE("session: QDQ Clip with constant bounds is a table lookup too", "[session][qdq][qdq-ops]") {
  QdqGraph b;
  b.g.input("x", {1, 3, 4, 5});
  const std::string a = b.qdq("x", 2.4f / 255.0f, 0);
  b.g.floats("lo", {-0.3f}, {}).floats("hi", {0.45f}, {});
  b.g.node("Clip", {a, "lo", "hi"}, {"c"}, {}, "clip");
  const float scale = 0.8f / 255.0f;
  const auto plan = check_against_reference(b, b.qdq("c", scale, 3), scale, 0.0f, {1, 3, 4, 5});
  CHECK(count_steps(plan, "Clip (QDQ) -> qs8 lut") == 1);
}

TEST_CASE("session: QDQ MaxPool runs on int8, bit-exact, with or without a requantization", "[session][qdq][qdq-ops]") {
  struct Case {
    int64_t k, stride, pad;
    bool same_grid, relu;
  };
  for (const Case& c : {Case{3, 2, 1, true, false}, Case{2, 2, 0, false, false}, Case{3, 1, 1, true, true},
                        Case{3, 2, 1, false, true}}) {
    INFO("k " << c.k << " stride " << c.stride << " pad " << c.pad << " same grid " << c.same_grid << " relu " << c.relu);
    QdqGraph b;
    const Shape shape{2, 19, 9, 8};
    b.g.input("x", shape);
    const float sx = 2.4f / 255.0f;
    const std::string a = b.qdq("x", sx, -6);
    b.g.node("MaxPool", {a}, {"m"}, pool_attrs(c.k, c.stride, c.pad), "pool");
    std::string m = "m";
    if (c.relu) {
      b.g.node("Relu", {"m"}, {"r"}, {}, "relu");
      m = "r";
    }
    const float sy = c.same_grid ? sx : 1.9f / 255.0f;
    const auto plan = check_against_reference(b, b.qdq(m, sy, c.same_grid ? -6 : 20), sy, 0.0f, shape);
    CHECK(count_steps(plan, c.same_grid ? "qs8 maxpool c16" : "qs8 maxpool c16 + lut requantization") == 1);
  }
}

TEST_CASE("session: QDQ AveragePool and GlobalAveragePool run on int8 within one step", "[session][qdq][qdq-ops]") {
  struct Case {
    const char* op;
    int64_t k, stride, pad, count_include_pad;
  };
  for (const Case& c : {Case{"AveragePool", 3, 1, 1, 0}, Case{"AveragePool", 3, 2, 1, 1}, Case{"AveragePool", 2, 2, 0, 0},
                        Case{"GlobalAveragePool", 0, 0, 0, 0}}) {
    INFO(c.op << " k " << c.k << " stride " << c.stride << " pad " << c.pad << " count_include_pad "
              << c.count_include_pad);
    QdqGraph b;
    const Shape shape{2, 21, 7, 9};
    b.g.input("x", shape);
    const std::string a = b.qdq("x", 2.4f / 255.0f, 11);
    AttributeMap attrs;
    if (c.k > 0) {
      attrs = pool_attrs(c.k, c.stride, c.pad);
      attrs["count_include_pad"] = Attribute::make_int(c.count_include_pad);
    }
    b.g.node(c.op, {a}, {"p"}, attrs, "pool");
    const float scale = 1.1f / 255.0f;
    const auto plan = check_against_reference(b, b.qdq("p", scale, -30), scale, 1.0f, shape);
    CHECK(count_steps(plan, c.k > 0 ? "qs8 avgpool c16" : "qs8 gavgpool c16") == 1);
  }
}

TEST_CASE("session: QDQ Concat runs on int8, bit-exact, copying or requantizing each input", "[session][qdq][qdq-ops]") {
  for (const int64_t axis : {1, 2, -1, 0}) {
    for (const bool nhwc : {false, true}) {
      INFO("axis " << axis << (nhwc ? ", NHWC (inputs from int8 MaxPools)" : ", NCHW"));
      QdqGraph b;
      const Shape shape{2, 5, 6, 7};
      b.g.input("x", shape);
      const float sy = 2.0f / 255.0f;
      // Three inputs: one on the output's grid, two on others.
      std::vector<std::string> parts = {b.qdq("x", sy, 4), b.qdq("x", 2.6f / 255.0f, -9), b.qdq("x", 1.2f / 255.0f, 0)};
      if (nhwc)
        for (std::string& p : parts) {
          const std::string pooled = b.fresh("pooled");
          b.g.node("MaxPool", {p}, {pooled}, pool_attrs(1, 1, 0), b.fresh("pool"));
          p = b.qdq(pooled, p == parts[0] ? sy : 2.6f / 255.0f, p == parts[0] ? 4 : -9);
        }
      b.g.node("Concat", {parts[0], parts[1], parts[2]}, {"c"}, {{"axis", Attribute::make_int(axis)}}, "concat");
      const auto plan = check_against_reference(b, b.qdq("c", sy, 4), sy, 0.0f, shape);
      CHECK(count_steps(plan, "qs8 concat copy + lut requantization of 2 inputs") == 1);
      // Each of the three int8 copies of x moved to NHWC for its MaxPool (the
      // QuantizeLinear runs in its input's layout), the output's NCHW one.
      if (nhwc) CHECK(count_steps(plan, "layout") <= 4);
    }
  }
}

TEST_CASE("session: QDQ channel Concat of 4-byte rows moves words, tables in blocks, bit-exact",
          "[session][qdq][qdq-ops]") {
  // NHWC rows of 8, 4 and 12 channels (multiples of 4 bytes: the x32 row
  // copies), two inputs on other grids (looked up in blocks of 4096 / row
  // bytes rows: 1250 pixels per image is several blocks and a partial one),
  // batch 2; and with a 6-channel input (not a multiple of 4) the per-row path.
  for (const bool words : {true, false}) {
    INFO((words ? "rows of 8, 4, 12 channels" : "rows of 8, 6, 12 channels"));
    QdqGraph b;
    const int64_t c1 = words ? 4 : 6;
    const Shape s0{2, 8, 25, 50}, s1{2, c1, 25, 50}, s2{2, 12, 25, 50};
    b.g.input("a", s0).input("b", s1).input("c", s2);
    const float sy = 2.0f / 255.0f;
    std::vector<std::string> parts = {b.qdq("a", sy, 4), b.qdq("b", 2.6f / 255.0f, -9), b.qdq("c", 1.2f / 255.0f, 0)};
    for (std::string& p : parts) {
      const std::string pooled = b.fresh("pooled");
      b.g.node("MaxPool", {p}, {pooled}, pool_attrs(1, 1, 0), b.fresh("pool"));
      p = b.qdq(pooled, p == parts[0] ? sy : p == parts[1] ? 2.6f / 255.0f : 1.2f / 255.0f,
                p == parts[0] ? 4 : p == parts[1] ? -9 : 0);
    }
    b.g.node("Concat", {parts[0], parts[1], parts[2]}, {"cat"}, {{"axis", Attribute::make_int(1)}}, "concat");
    b.g.graph.outputs = {b.g.graph.find_value(b.qdq("cat", sy, 4))};
    b.g.infer();
    const TensorPtr a = random_tensor(s0, 3, 1.5f), bb = random_tensor(s1, 4, 1.5f), c = random_tensor(s2, 5, 1.5f);
    const std::vector<TensorPtr> expected = run_reference(b.g.graph, {a, bb, c});
    Session session(b.g.graph);
    const std::vector<NamedTensor> got = session.run({{"a", a}, {"b", bb}, {"c", c}});
    REQUIRE(got[0].tensor->dims == expected[0]->dims);
    CHECK(test::describe_mismatches(got[0].tensor->data<float>(), expected[0]->data<float>(),
                                    static_cast<size_t>(expected[0]->numel()), test::Tolerance{0.0, 0.0}) == "");
    const std::vector<std::string> plan = session.describe_plan();
    INFO(listing(plan));
    CHECK(count_steps(plan, "qs8 concat copy + lut requantization of 2 inputs") == 1);
    CHECK(count_steps(plan, "(x32 rows)") == (words ? 1 : 0));
  }
}

TEST_CASE("session: QDQ Concat skips empty inputs and looks long rows up in place, bit-exact",
          "[session][qdq][qdq-ops]") {
  // NCHW along H: rows of H_i * W bytes, 16 per image. a: 40-byte rows on the
  // output's grid (copied), b: 320-byte rows on another grid (looked up
  // straight into the output), e: 0 rows high (skipped: it used to make the
  // word copy move one word per row and the block lookup divide by zero),
  // on the output's grid or another, first or last.
  for (const bool empty_first : {false, true}) {
    for (const bool empty_on_other_grid : {false, true}) {
      INFO("empty input " << (empty_first ? "first" : "last") << ", on "
                          << (empty_on_other_grid ? "another grid" : "the output's grid"));
      QdqGraph b;
      const Shape sa{2, 16, 5, 8}, sb{2, 16, 40, 8}, se{2, 16, 0, 8};
      b.g.input("a", sa).input("b", sb).input("e", se);
      const float sy = 2.0f / 255.0f;
      const std::string qa = b.qdq("a", sy, 4), qb = b.qdq("b", 2.6f / 255.0f, -9),
                        qe = empty_on_other_grid ? b.qdq("e", 1.2f / 255.0f, 0) : b.qdq("e", sy, 4);
      const std::vector<std::string> parts =
          empty_first ? std::vector<std::string>{qe, qa, qb} : std::vector<std::string>{qa, qb, qe};
      b.g.node("Concat", parts, {"cat"}, {{"axis", Attribute::make_int(2)}}, "concat");
      b.g.graph.outputs = {b.g.graph.find_value(b.qdq("cat", sy, 4))};
      b.g.infer();
      const TensorPtr a = random_tensor(sa, 3, 1.5f), bb = random_tensor(sb, 4, 1.5f), e = random_tensor(se, 5);
      const std::vector<TensorPtr> expected = run_reference(b.g.graph, {a, bb, e});
      Session session(b.g.graph);
      for (int repeat = 0; repeat < 2; ++repeat) {
        const std::vector<NamedTensor> got = session.run({{"a", a}, {"b", bb}, {"e", e}});
        REQUIRE(got[0].tensor->dims == expected[0]->dims);
        REQUIRE(expected[0]->numel() == 2 * 16 * 45 * 8);
        CHECK(test::describe_mismatches(got[0].tensor->data<float>(), expected[0]->data<float>(),
                                        static_cast<size_t>(expected[0]->numel()), test::Tolerance{0.0, 0.0}) == "");
      }
      const std::vector<std::string> plan = session.describe_plan();
      INFO(listing(plan));
      CHECK(count_steps(plan, "(x32 rows)") == 1);
      CHECK(count_steps(plan, str("qs8 concat copy + lut requantization of ", empty_on_other_grid ? 2 : 1,
                                  " inputs")) == 1);
    }
  }
}

// The resize tests' graph: input x (kResizeInput) quantized with scale
// kResizeInputScale and zero point 13, resized to "r" by scales 2x2, or to
// `sizes` when by_sizes, with the given mode and coordinate transformation.
const Shape kResizeInput{2, 19, 7, 9};
const float kResizeInputScale = 2.4f / 255.0f;

void add_qdq_resize(QdqGraph& b, const char* mode, const char* transform, bool by_sizes,
                    const std::vector<int64_t>& sizes) {
  b.g.input("x", kResizeInput);
  const std::string a = b.qdq("x", kResizeInputScale, 13);
  b.g.floats("roi", {}, {0}).floats("scales", by_sizes ? std::vector<float>{} : std::vector<float>{1, 1, 2, 2},
                                     {by_sizes ? 0 : 4});
  b.g.ints("sizes", sizes);
  b.g.node("Resize", {a, "roi", "scales", by_sizes ? "sizes" : ""}, {"r"},
           {{"mode", Attribute::make_string(mode)},
            {"coordinate_transformation_mode", Attribute::make_string(transform)}},
           "resize");
}

TEST_CASE("session: QDQ nearest Resize runs on int8, bit-exact, copying or requantizing", "[session][qdq][qdq-ops]") {
  struct Case {
    bool by_sizes, same_grid;
    const char* transform;
  };
  for (const Case& c : {Case{false, true, "asymmetric"}, Case{true, true, "half_pixel"}, Case{true, false, "align_corners"},
                        Case{false, false, "pytorch_half_pixel"}}) {
    INFO((c.by_sizes ? "sizes 11x13" : "scales 2x2") << ", " << c.transform << ", same grid " << c.same_grid);
    QdqGraph b;
    add_qdq_resize(b, "nearest", c.transform, c.by_sizes, {2, 19, 11, 13});
    const float sy = c.same_grid ? kResizeInputScale : 1.7f / 255.0f;
    const auto plan = check_against_reference(b, b.qdq("r", sy, c.same_grid ? 13 : -40), sy, 0.0f, kResizeInput);
    CHECK(count_steps(plan, c.same_grid ? "qs8 nearest copy" : "qs8 nearest copy + lut requantization") == 1);
  }
}

TEST_CASE("session: QDQ bilinear Resize runs on int8 within one step", "[session][qdq][qdq-ops]") {
  // Upscales and a downscale, by scales and by sizes, the coordinate modes
  // converters write, 19 channels (a 16-channel block and a tail), the
  // output on its own grid or the input's, and a fused Relu.
  struct Case {
    bool by_sizes, same_grid, relu;
    const char* transform;
  };
  for (const Case& c : {Case{false, true, false, "asymmetric"}, Case{true, false, false, "half_pixel"},
                        Case{true, false, true, "align_corners"}, Case{false, false, false, "pytorch_half_pixel"}}) {
    INFO((c.by_sizes ? "sizes 5x13" : "scales 2x2") << ", " << c.transform << ", same grid " << c.same_grid);
    QdqGraph b;
    add_qdq_resize(b, "linear", c.transform, c.by_sizes, {2, 19, 5, 13});
    std::string r = "r";
    if (c.relu) {
      b.g.node("Relu", {"r"}, {"relu"}, {}, "relu");
      r = "relu";
    }
    const float sy = c.same_grid ? kResizeInputScale : 1.7f / 255.0f;
    const auto plan = check_against_reference(b, b.qdq(r, sy, c.same_grid ? 13 : -40), sy, 1.0f, kResizeInput);
    CHECK(count_steps(plan, std::string("Resize (linear)") + (c.relu ? "+Relu" : "") + " (QDQ) -> qs8 ibilinear row c16") ==
          1);
  }
}

TEST_CASE("session: QDQ Mul of two int8 tensors runs on int8 within one step", "[session][qdq][qdq-ops]") {
  // Same shapes (rank 4 and rank 2), and a squeeze-excite gate [N|1, C, 1, 1]
  // as either operand, 21 channels (a 16-lane block and a tail), batch 2,
  // with a fused Relu once.
  struct Case {
    Shape a, b;
    bool relu;
    const char* kernel;
  };
  const Case cases[] = {
      {{2, 21, 5, 7}, {2, 21, 5, 7}, false, "qs8 vmul wasmsimd"},
      {{3, 37}, {3, 37}, true, "qs8 vmul wasmsimd"},
      {{2, 21, 5, 7}, {2, 21, 1, 1}, false, "qs8 vmul wasmsimd (per-channel gate)"},
      {{1, 21, 1, 1}, {2, 21, 5, 7}, true, "qs8 vmul wasmsimd (per-channel gate)"},
  };
  for (const Case& c : cases) {
    INFO("a rank " << c.a.size() << " [" << c.a[0] << ", " << c.a[1] << "], b [" << c.b[0] << ", " << c.b[1] << "]");
    QdqGraph b;
    b.g.input("x", c.a).input("g", c.b);
    const std::string qa = b.qdq("x", 2.4f / 255.0f, -7);
    const std::string qb = b.qdq("g", 1.1f / 255.0f, 30);
    b.g.node("Mul", {qa, qb}, {"m"}, {}, "mul");
    std::string m = "m";
    if (c.relu) {
      b.g.node("Relu", {"m"}, {"r"}, {}, "relu");
      m = "r";
    }
    const float sy = 1.6f / 255.0f;
    b.g.graph.outputs = {b.g.graph.find_value(b.qdq(m, sy, -3))};
    b.g.infer();
    const TensorPtr x = random_tensor(c.a, 7, 1.2f), g = random_tensor(c.b, 8, 0.9f);
    const std::vector<TensorPtr> expected = run_reference(b.g.graph, {x, g});
    Session session(b.g.graph);
    const std::vector<NamedTensor> got = session.run({{"x", x}, {"g", g}});
    REQUIRE(got[0].tensor->dims == expected[0]->dims);
    CHECK(test::describe_mismatches(got[0].tensor->data<float>(), expected[0]->data<float>(),
                                    static_cast<size_t>(expected[0]->numel()), test::Tolerance{0.0, sy * 1.001}) == "");
    const std::vector<std::string> plan = session.describe_plan();
    INFO(listing(plan));
    CHECK(count_steps(plan, std::string("Mul") + (c.relu ? "+Relu" : "") + " (QDQ) -> " + c.kernel) == 1);
    CHECK(!plan_has(plan, "reference"));
    CHECK(!plan_has(plan, "-> f32 "));
  }
}

TEST_CASE("session: a QDQ squeeze-excite block (GlobalAveragePool -> HardSigmoid -> Mul) stays int8 across layouts",
          "[session][qdq][qdq-ops]") {
  // The gate is made in NHWC by the int8 pool and table steps and read as
  // [N, C] rows by the Mul: a layout mistake would scramble channels. The
  // pool may differ from the reference by one step, which the table and
  // the product carry on: a few steps at most (here <= 3).
  QdqGraph b;
  const Shape shape{2, 21, 6, 5};
  b.g.input("x", shape);
  const float sx = 2.4f / 255.0f;
  const std::string x = b.qdq("x", sx, -7);
  b.g.node("GlobalAveragePool", {x}, {"pooled"}, {}, "squeeze");
  const std::string pooled = b.qdq("pooled", 0.6f / 255.0f, 0);
  b.g.node("HardSigmoid", {pooled}, {"gate"}, {{"alpha", Attribute::make_float(0.2f)}}, "gate");
  const std::string gate = b.qdq("gate", 1.0f / 255.0f, -128);
  b.g.node("Mul", {x, gate}, {"excited"}, {}, "excite");
  const float sy = 1.5f / 255.0f;
  const auto plan = check_against_reference(b, b.qdq("excited", sy, -3), sy, 3.0f, shape);
  CHECK(count_steps(plan, "Mul (QDQ) -> qs8 vmul wasmsimd (per-channel gate)") == 1);
  CHECK(count_steps(plan, "qs8 gavgpool") == 1);
}

TEST_CASE("session: QDQ Transpose runs on int8, bit-exact, copying runs, tiles or requantizing",
          "[session][qdq][qdq-ops]") {
  // Odd extents (tails of the 16x16 byte tiles), the attention perms
  // (innermost dim kept: memcpy runs; moved: tiles), a rank-4 perm that is
  // no layout change, a rank-3 perm, and a requantization to another grid.
  struct Case {
    Shape shape;
    std::vector<int64_t> perm;
    bool same_grid;
    const char* kernel;
  };
  const Case cases[] = {
      {{2, 5, 19, 7}, {0, 2, 1, 3}, true, "(memcpy runs of 7)"},
      {{2, 5, 19, 23}, {0, 1, 3, 2}, true, "(x8 transpose 16x16 tiles)"},
      {{1, 37, 9, 5}, {0, 3, 2, 1}, true, "(x8 transpose 16x16 tiles)"},
      {{3, 17, 33}, {2, 0, 1}, false, "(x8 transpose 16x16 tiles) + lut requantization"},
  };
  for (const Case& c : cases) {
    INFO("rank " << c.shape.size() << ", perm[1] " << c.perm[1] << ", same grid " << c.same_grid);
    QdqGraph b;
    b.g.input("x", c.shape);
    const float sx = 2.4f / 255.0f;
    const std::string a = b.qdq("x", sx, -5);
    b.g.node("Transpose", {a}, {"t"}, {{"perm", Attribute::make_ints(c.perm)}}, "transpose");
    const float sy = c.same_grid ? sx : 1.9f / 255.0f;
    const auto plan = check_against_reference(b, b.qdq("t", sy, c.same_grid ? -5 : 21), sy, 0.0f, c.shape);
    CHECK(count_steps(plan, std::string("Transpose (QDQ) -> qs8 transpose ") + c.kernel) == 1);
  }
}

TEST_CASE("session: QDQ NCHW <-> NHWC Transposes of rank 4 are int8 layout changes, bit-exact",
          "[session][qdq][qdq-ops]") {
  // A converter's NHWC -> NCHW Transpose after the image input, and the
  // opposite: the ONNX bytes of x are the NHWC bytes of the result, so the
  // step moves the codes between layout slots (copy or requantizing table),
  // from the layout x exists in (NCHW: the graph input; NHWC: after an int8
  // MaxPool). Odd extents; a MaxPool after it reads the NHWC slot.
  struct Case {
    std::vector<int64_t> perm;
    bool same_grid;
    const char* step;
  };
  const Case cases[] = {
      {{0, 3, 1, 2}, true, "Transpose(NHWC->NCHW) as layout (QDQ) -> qs8 copy"},
      {{0, 3, 1, 2}, false, "Transpose(NHWC->NCHW) as layout (QDQ) -> qs8 lut wasmsimd"},
      {{0, 2, 3, 1}, true, "Transpose(NCHW->NHWC) as layout (QDQ) -> qs8 copy"},
      {{0, 2, 3, 1}, false, "Transpose(NCHW->NHWC) as layout (QDQ) -> qs8 lut wasmsimd"},
  };
  for (const Case& c : cases)
    for (const bool pool_after : {false, true}) {
      INFO("perm[1] " << c.perm[1] << ", same grid " << c.same_grid << ", MaxPool after " << pool_after);
      QdqGraph b;
      const Shape shape{2, 9, 7, 3};
      b.g.input("x", shape);
      const float sx = 2.4f / 255.0f, sy = c.same_grid ? sx : 1.9f / 255.0f;
      const int32_t zy = c.same_grid ? -5 : 21;
      std::string a = b.qdq("x", sx, -5);
      if (c.perm[1] == 2) {  // x in NHWC
        b.g.node("MaxPool", {a}, {"pooled"}, pool_attrs(1, 1, 0), "pool_before");
        a = b.qdq("pooled", sx, -5);
      }
      b.g.node("Transpose", {a}, {"t"}, {{"perm", Attribute::make_ints(c.perm)}}, "transpose");
      std::string out = b.qdq("t", sy, zy);
      if (pool_after) {
        b.g.node("MaxPool", {out}, {"m"}, pool_attrs(3, 2, 1), "pool");
        out = b.qdq("m", sy, zy);
      }
      const auto plan = check_against_reference(b, out, sy, 0.0f, shape);
      CHECK(count_steps(plan, c.step) == 1);
      CHECK(!plan_has(plan, "qs8 transpose"));
    }
}

TEST_CASE("session: QuantizeLinear of a constant is computed once; its int8 readers take it as an activation",
          "[session][qdq][qdq-ops]") {
  // A channel-padding Concat (tf2onnx's channel Pad): x next to a quantized
  // constant block, which the step copies from codes made at compile time
  // (in NHWC for the int8 Concat, which reads NHWC after a MaxPool). The
  // constant is random, not zeros, so a layout mistake shows.
  for (const bool nhwc : {false, true}) {
    INFO((nhwc ? "NHWC (x from an int8 MaxPool)" : "NCHW"));
    QdqGraph b;
    const Shape shape{1, 5, 6, 7};
    b.g.input("x", shape);
    const float sy = 2.0f / 255.0f;
    std::string x = b.qdq("x", sy, 4);
    if (nhwc) {
      b.g.node("MaxPool", {x}, {"pooled"}, pool_attrs(1, 1, 0), "pool");
      x = b.qdq("pooled", sy, 4);
    }
    const TensorPtr block = random_tensor({1, 3, 6, 7}, 11, 0.9f);
    b.g.tensor("block", block);
    b.g.node("Concat", {x, b.qdq("block", sy, 4)}, {"c"}, {{"axis", Attribute::make_int(1)}}, "concat");
    const auto plan = check_against_reference(b, b.qdq("c", sy, 4), sy, 0.0f, shape);
    CHECK(count_steps(plan, std::string("QuantizeLinear of a constant -> qs8 copy") + (nhwc ? " (NHWC)" : "")) == 1);
    CHECK(count_steps(plan, "qs8 concat copy") == 1);
  }
}

TEST_CASE("session: a written-out QDQ HardSwish (Add, Clip, Div, then Mul by x) is one int8 table, bit-exact",
          "[session][qdq][qdq-ops]") {
  // x * Clip(x + 3, 0, 6) / 6 with a Q/DQ pair after each op (as the quantize
  // pass writes PaddleOCR's HardSwish): the chain of tables folds into one,
  // and the Mul of x by a table of x is itself a table of x. The reference
  // rounds after each op too, so folding keeps every code. Rank 4 (NHWC, after
  // an int8 MaxPool) and rank 2; x first or second in the Mul; x itself an
  // affine table of the input (PP-OCRv4's x * k + c before its HardSwish).
  for (const bool rank4 : {true, false})
    for (const bool x_first : {true, false})
      for (const bool affine : {false, true}) {
        INFO((rank4 ? "rank 4" : "rank 2") << ", x " << (x_first ? "first" : "second") << (affine ? ", affine x" : ""));
        QdqGraph b;
        const Shape shape = rank4 ? Shape{2, 19, 5, 3} : Shape{3, 37};
        b.g.input("x", shape);
        std::string x = b.qdq("x", 9.0f / 255.0f, -10);
        if (rank4) {
          b.g.node("MaxPool", {x}, {"pooled"}, pool_attrs(1, 1, 0), "pool");
          x = b.qdq("pooled", 9.0f / 255.0f, -10);
        }
        if (affine) {
          b.g.floats("k", {0.8f}, {}).floats("c", {0.1f}, {});
          b.g.node("Mul", {x, "k"}, {"scaled"}, {}, "scale");
          b.g.node("Add", {b.qdq("scaled", 7.0f / 255.0f, -5), "c"}, {"moved"}, {}, "move");
          x = b.qdq("moved", 8.0f / 255.0f, -20);
        }
        b.g.floats("three", {3.0f}, {}).floats("zero", {0.0f}, {}).floats("six", {6.0f}, {}).floats("six_b", {6.0f}, {});
        b.g.node("Add", {x, "three"}, {"shifted"}, {}, "add");
        b.g.node("Clip", {b.qdq("shifted", 10.0f / 255.0f, -60), "zero", "six"}, {"clipped"}, {}, "clip");
        b.g.node("Div", {b.qdq("clipped", 6.0f / 255.0f, -128), "six_b"}, {"gate"}, {}, "div");
        const std::string gate = b.qdq("gate", 1.0f / 255.0f, -128);
        b.g.node("Mul", x_first ? std::vector<std::string>{x, gate} : std::vector<std::string>{gate, x}, {"y"}, {}, "mul");
        const float sy = 6.5f / 255.0f;
        const auto plan = check_against_reference(b, b.qdq("y", sy, -90), sy, 0.0f, rank4 ? Shape{2, 19, 5, 3} : shape);
        CHECK(count_steps(plan, "Mul (QDQ, both operands tables of one tensor: one table) -> qs8 lut wasmsimd") == 1);
        CHECK(count_steps(plan, "qs8 lut") == 1);  // the Add, Clip and Div tables folded into it
        CHECK(!plan_has(plan, "qs8 vmul"));
      }
}

TEST_CASE("session: folded int8 tables keep a step whose output is read elsewhere", "[session][qdq][qdq-ops]") {
  // Sigmoid -> Q/DQ -> Neg: the Neg step folds the Sigmoid table, and the
  // Sigmoid step stays for its second reader (a graph output). Both outputs
  // bit-exact.
  QdqGraph b;
  const Shape shape{4, 23};
  b.g.input("x", shape);
  b.g.node("Sigmoid", {b.qdq("x", 4.0f / 255.0f, 3)}, {"s"}, {}, "sigmoid");
  const std::string s = b.qdq("s", 1.0f / 255.0f, -128);
  b.g.node("Neg", {s}, {"n"}, {}, "neg");
  const std::string n = b.qdq("n", 1.0f / 255.0f, 127);
  b.g.graph.outputs = {b.g.graph.find_value(s), b.g.graph.find_value(n)};
  b.g.infer();
  const TensorPtr x = random_tensor(shape, 5, 1.5f);
  const std::vector<TensorPtr> expected = run_reference(b.g.graph, {x});
  Session session(b.g.graph);
  const std::vector<NamedTensor> got = session.run({{"x", x}});
  REQUIRE(got.size() == 2);
  for (size_t i = 0; i < 2; ++i) {
    INFO("output " << i);
    REQUIRE(got[i].tensor->dims == expected[i]->dims);
    CHECK(test::describe_mismatches(got[i].tensor->data<float>(), expected[i]->data<float>(),
                                    static_cast<size_t>(expected[i]->numel()), test::Tolerance{0.0, 0.0}) == "");
  }
  const std::vector<std::string> plan = session.describe_plan();
  INFO(listing(plan));
  CHECK(count_steps(plan, "Sigmoid (QDQ) -> qs8 lut") == 1);
  CHECK(count_steps(plan, "Neg (QDQ, earlier tables folded in) -> qs8 lut") == 1);
}

// The quantize pass puts these ops between Q/DQ (MaxPool taking its input's
// grid, Concat inputs the output's), and the runtime then runs them all in int8.
TEST_CASE("session: a quantized float model keeps pooling, Concat and activations in int8", "[session][qdq][qdq-ops]") {
  test::OpGraph g;
  g.input("x", {1, 4, 10, 10})
      .tensor("w", random_tensor({8, 4, 3, 3}, 3, 0.4f))
      .node("Conv", {"x", "w"}, {"c"},
            {{"pads", Attribute::make_ints({1, 1, 1, 1})}, {"kernel_shape", Attribute::make_ints({3, 3})}}, "conv")
      .node("Sigmoid", {"c"}, {"s"}, {}, "sigmoid")
      .node("MaxPool", {"s"}, {"m"}, pool_attrs(2, 2, 0), "maxpool")
      .node("AveragePool", {"c"}, {"a"}, pool_attrs(2, 2, 0), "avgpool")
      .node("HardSwish", {"a"}, {"h"}, {}, "hardswish")
      .node("Concat", {"m", "h"}, {"cat"}, {{"axis", Attribute::make_int(1)}}, "concat")
      .node("GlobalAveragePool", {"cat"}, {"y"}, {}, "gap");
  g.graph.outputs = {g.graph.find_value("y")};
  g.infer();
  std::unique_ptr<Model> model = Model::from_graph(g.graph);
  model->begin_calibration(false);
  for (int pass = 0; pass < model->calibration_passes(); ++pass) {
    model->calibration_begin_pass(pass);
    for (uint64_t i = 0; i < 3; ++i) model->calibrate({{"x", random_tensor({1, 4, 10, 10}, 40 + i)}});
  }
  const Graph q = model->quantize(QuantizeSettings{})->graph();
  const TensorPtr x = random_tensor({1, 4, 10, 10}, 99);
  const std::vector<TensorPtr> expected = run_reference(q, {x});
  Session session(q);
  const std::vector<NamedTensor> got = session.run({{"x", x}});
  const std::vector<std::string> plan = session.describe_plan();
  INFO(listing(plan));
  for (const char* step : {"Sigmoid (QDQ) -> qs8 lut", "MaxPool (QDQ) -> qs8 maxpool c16", "qs8 avgpool",
                           "HardSwish (QDQ) -> qs8 lut", "qs8 concat copy", "qs8 gavgpool"})
    CHECK(count_steps(plan, step) == 1);
  CHECK(!plan_has(plan, "-> f32 "));
  CHECK(!plan_has(plan, "reference"));
  // One quantization step of the output (the averages may round the other way).
  float out_scale = 0;
  for (const Node& node : q.nodes)
    if (node.op_type == "DequantizeLinear" && node.outputs[0] == q.outputs[0])
      out_scale = q.value(node.inputs[1]).constant->data<float>()[0];
  REQUIRE(out_scale > 0);
  CHECK(test::describe_mismatches(got[0].tensor->data<float>(), expected[0]->data<float>(),
                                  static_cast<size_t>(expected[0]->numel()),
                                  test::Tolerance{0.0, 2.0 * out_scale * 1.001}) == "");
}

}  // namespace
}  // namespace nnslim
