// A LayerNorm written out as ReduceMean / Sub / Pow / ReduceMean / Add /
// Sqrt / Div / Mul / Add (runtime/steps/layernorm_pattern.h): run as one
// layernorm step, checked against the reference executor running the nine
// ops; chains that are not exactly a LayerNorm keep their own steps.
#include <catch2/catch.hpp>

#include "ops_test_util.h"
#include "session_test_util.h"

using namespace nnslim;
using namespace nnslim::test;

namespace {

// x [dims] -> LayerNorm over the last axis -> Neg -> y. `gamma_first`
// swaps the Mul's operands; `leak` makes the variance a second graph output.
Graph written_out_layer_norm(const Shape& dims, bool gamma_first, bool leak, float exponent = 2.f) {
  const int64_t c = dims.back();
  OpGraph g;
  g.input("x", dims)
      .tensor("two", Tensor::from_float({exponent}, {}))
      .tensor("eps", Tensor::from_float({1e-5f}, {1}))
      .tensor("gamma", random_tensor({c}, 81, 1.f))
      .tensor("beta", random_tensor(dims.size() > 1 ? Shape{1, c} : Shape{c}, 82, 0.5f))  // no broadcast past x's rank
      .node("ReduceMean", {"x"}, {"mean"}, {{"axes", ints_attr({-1})}}, "ln_mean")
      .node("Sub", {"x", "mean"}, {"centered"}, {}, "ln_sub")
      .node("Pow", {"centered", "two"}, {"squared"}, {}, "ln_pow")
      .node("ReduceMean", {"squared"}, {"var"}, {{"axes", ints_attr({static_cast<int64_t>(dims.size()) - 1})}},
            "ln_var")
      .node("Add", {"eps", "var"}, {"var_eps"}, {}, "ln_eps")
      .node("Sqrt", {"var_eps"}, {"std"}, {}, "ln_sqrt")
      .node("Div", {"centered", "std"}, {"normed"}, {}, "ln_div")
      .node("Mul", gamma_first ? std::vector<std::string>{"gamma", "normed"} : std::vector<std::string>{"normed", "gamma"},
            {"scaled"}, {}, "ln_gamma")
      .node("Add", {"scaled", "beta"}, {"ln"}, {}, "ln_beta")
      .node("Neg", {"ln"}, {"y"}, {}, "neg");
  g.graph.outputs = {g.graph.find_value("y")};
  if (leak) g.graph.outputs.push_back(g.graph.find_value("var"));
  g.infer();
  return g.graph;
}

}  // namespace

TEST_CASE("a written-out LayerNorm runs as one layernorm step, matching the nine ops", "[layernorm]") {
  // Awkward row lengths (tails of the x8 kernels) and row counts; values
  // with a large common offset (the two-pass variance must not cancel).
  for (const Shape& dims : {Shape{1, 7, 13}, Shape{3, 1}, Shape{2, 5, 120}, Shape{33}}) {
    for (bool gamma_first : {false, true}) {
      INFO("dims rank " << dims.size() << " last " << dims.back() << " gamma_first " << gamma_first);
      const Graph graph = written_out_layer_norm(dims, gamma_first, false);
      TensorPtr x = random_tensor(dims, 90, 2.f);
      for (int64_t i = 0; i < x->numel(); ++i) x->data<float>()[i] += 30.f;
      const std::vector<std::string> plan = check_runs_match_reference(graph, {x}, [](const Tensor& a, const Tensor& b) {
        return describe_mismatches_scaled(a.data<float>(), b.data<float>(), static_cast<size_t>(b.numel()), 1e-4);
      });
      INFO(listing(plan));
      CHECK(count_steps(plan, "LayerNorm of 9 ops -> f32 layernorm") ==
            1);
      CHECK(!plan_has(plan, "rsum"));
    }
  }
}

TEST_CASE("a LayerNorm-like chain that is not one keeps its own steps", "[layernorm]") {
  // The variance is also a graph output, or the exponent is 3: no fusion,
  // and the outputs still match the reference.
  for (int variant = 0; variant < 2; ++variant) {
    const Graph graph = written_out_layer_norm({2, 9}, false, variant == 0, variant == 0 ? 2.f : 3.f);
    const std::vector<std::string> plan = check_runs_match_reference(graph, {random_tensor({2, 9}, 91)},
                                                                     [](const Tensor& a, const Tensor& b) {
      return describe_mismatches_scaled(a.data<float>(), b.data<float>(), static_cast<size_t>(b.numel()), 1e-4);
    });
    INFO(listing(plan));
    CHECK(!plan_has(plan, "LayerNorm of 9 ops"));
  }
}
