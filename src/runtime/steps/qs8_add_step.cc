#include "runtime/steps/qs8_add_step.h"

#include "kernels/qs8-vadd/qs8-vadd.h"
#include "runtime/parallel.h"
#include "runtime/steps/qdq_match.h"

namespace nnslim {

namespace {

class Qs8AddStep : public Step {
 public:
  Qs8AddStep(size_t n, kernels::QS8AddParams params, std::string what)
      : n_(n), params_(params), what_(std::move(what)),
        fixed_point_(kernels::qs8_add_rndnu_params(params, &rndnu_params_)) {}
  void run(CompiledPlan& plan) override {
    const int8_t* a = plan.data<const int8_t>(inputs[0]);
    const int8_t* b = plan.data<const int8_t>(inputs[1]);
    int8_t* y = plan.data<int8_t>(outputs[0]);
    // Blocks of 16 elements: each element is computed alone, the same way
    // in a vector lane or the tail.
    parallel_ranges(plan, n_, 16, bytes_moved_work(3.0 * double(n_)), [&](size_t begin, size_t end) {
      if (fixed_point_) {
        kernels::qs8_vadd_minmax_rndnu_ukernel__wasmsimd_dot16_x16(end - begin, a + begin, b + begin, y + begin,
                                                                   &rndnu_params_);
      } else {
        kernels::qs8_vadd_minmax_fp32_ukernel__wasmsimd_x8(end - begin, a + begin, b + begin, y + begin, &params_);
      }
    });
  }
  std::string describe() const override {
    return what_ + (fixed_point_ ? " -> qs8 vadd rndnu wasmsimd dot16" : " -> qs8 vadd fp32 wasmsimd");
  }

 private:
  size_t n_;
  kernels::QS8AddParams params_;
  std::string what_;
  // Multipliers below 8 (every add whose output range is not far narrower
  // than its inputs'): the fixed-point kernel, else the fp32 one.
  kernels::QS8AddRndnuParams rndnu_params_{};
  bool fixed_point_;
};

}  // namespace

std::unique_ptr<Step> lower_qs8_add(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  if (node.op_type != "Add" || node.inputs.size() != 2) return nullptr;
  QuantizedActivation a, b;
  if (!match_dq_activation(ctx.graph, node.inputs[0], &a) || !match_dq_activation(ctx.graph, node.inputs[1], &b))
    return nullptr;
  const Shape sa = ctx.graph.value(a.q_value).shape, sb = ctx.graph.value(b.q_value).shape;
  if (sa != sb || sa != ctx.graph.value(node.outputs[0]).shape) return nullptr;  // no broadcasting
  QuantizedOutput y;
  if (!match_quantized_output(ctx, node.outputs[0], &y)) return nullptr;
  const size_t n = static_cast<size_t>(shape_numel(sa));
  if (n == 0) return nullptr;
  const kernels::QS8AddParams params{a.params.scale / y.params.scale, b.params.scale / y.params.scale,
                                     a.params.zero_point, b.params.zero_point, y.params.zero_point, y.qmin, y.qmax};
  auto step = std::make_unique<Qs8AddStep>(n, params, "Add" + y.activation + " (QDQ)");
  return connect_qs8_binary(ctx, node, std::move(step), a, b, false, y);
}

}  // namespace nnslim
