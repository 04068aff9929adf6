#include "runtime/steps/qs8_transpose_step.h"

#include "kernels/x8-lut/x8-lut.h"
#include "runtime/steps/qdq_match.h"
#include "runtime/steps/qs8_lut_step.h"
#include "runtime/steps/qs8_table.h"
#include "runtime/steps/transpose_step.h"

namespace nnslim {
namespace {

class Qs8MoveTableStep : public Step {
 public:
  Qs8MoveTableStep(std::unique_ptr<Step> move, size_t n, std::vector<int8_t> table, std::string what,
                   std::string family)
      : move_(std::move(move)), n_(n), table_(std::move(table)), what_(std::move(what)), family_(std::move(family)) {
    if (!table_.empty()) kernels::x8_lut_range_init(table_.data(), &range_);
  }
  void run(CompiledPlan& plan) override {
    move_->run(plan);
    if (!table_.empty()) {
      int8_t* y = plan.data<int8_t>(outputs[0]);
      kernels::x8_lut_ukernel__wasmsimd_x64_range(n_, y, y, &range_);
    }
  }
  std::string describe() const override {
    const std::string how = move_->describe();  // "Transpose -> <kernel>"
    return what_ + " -> qs8 " + family_ + " (" + how.substr(how.find(" -> ") + 4) + ")" +
           (table_.empty() ? "" : " + lut requantization");
  }

 private:
  std::unique_ptr<Step> move_;
  size_t n_;
  std::vector<int8_t> table_;
  kernels::X8LutRange range_;  // table_ for the kernel
  std::string what_, family_;
};

// NCHW <-> NHWC of a 4-D tensor is a change of layout, as for floats
// (lower_layout_transpose): the ONNX bytes of x are the NHWC bytes of
// Transpose(x, [0, 3, 1, 2]). The step moves them from one layout slot to the
// other through the requantization table (a copy when it is the identity),
// so a converter's NHWC->NCHW Transpose before an int8 conv costs one pass
// over the int8 codes instead of a transpose and two layout conversions.
std::unique_ptr<Step> qs8_layout_transpose(LoweringContext& ctx, const Node& node, const QuantizedActivation& x) {
  const Value& xq = ctx.graph.value(x.q_value);
  const std::vector<int64_t> perm = node.attr_ints("perm");
  const bool to_nchw = perm == std::vector<int64_t>{0, 3, 1, 2};
  const bool to_nhwc = perm == std::vector<int64_t>{0, 2, 3, 1};
  if (xq.shape.size() != 4 || (!to_nchw && !to_nhwc)) return nullptr;
  // Only from the layout x already exists in: otherwise a layout conversion
  // plus this copy costs more than one transpose.
  if (to_nchw ? !ctx.has_nchw(x.q_value) : !ctx.has_nhwc(x.q_value)) return nullptr;
  const size_t n = static_cast<size_t>(shape_numel(xq.shape));
  if (n == 0) return nullptr;
  QuantizedOutput y;
  if (!match_quantized_output(ctx, node.outputs[0], &y) || ctx.graph.value(y.q_value).shape.size() != 4) return nullptr;
  std::vector<int8_t> table = qs8_function_table(ctx.graph, nullptr, x.params, y);
  if (is_identity_table(table)) table.clear();
  auto step = make_qs8_lut_step(n, std::move(table),
                                std::string(to_nchw ? "Transpose(NHWC->NCHW)" : "Transpose(NCHW->NHWC)") +
                                    " as layout" + y.activation + " (QDQ)",
                                /*same_layout=*/false);
  if (to_nchw) {
    step->inputs = {ctx.need_nchw(x.q_value)};
    step->outputs = {ctx.produce_nhwc(y.q_value)};
  } else {
    step->inputs = {ctx.need_nhwc(x.q_value)};
    step->outputs = {y.q_value};
  }
  step->layer = node.layer.empty() ? node.name : node.layer;
  take_quantized_output(ctx, y);
  return step;
}

}  // namespace

std::unique_ptr<Step> make_qs8_move_table_step(std::unique_ptr<Step> move, size_t n, std::vector<int8_t> table,
                                               std::string what, std::string family) {
  return std::make_unique<Qs8MoveTableStep>(std::move(move), n, std::move(table), std::move(what), std::move(family));
}

std::unique_ptr<Step> lower_qs8_transpose(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  if (node.op_type != "Transpose" || !node.domain.empty() || node.outputs.size() != 1 || node.inputs.empty())
    return nullptr;
  QuantizedActivation x;
  if (!match_dq_activation(ctx.graph, node.inputs[0], &x)) return nullptr;
  const Value& xq = ctx.graph.value(x.q_value);
  if (!xq.has_shape) return nullptr;
  if (std::unique_ptr<Step> layout = qs8_layout_transpose(ctx, node, x)) return layout;
  std::unique_ptr<Step> move = make_transpose_step(node, xq.shape, 1);
  if (!move) return nullptr;
  QuantizedOutput y;
  if (!match_quantized_output(ctx, node.outputs[0], &y)) return nullptr;
  std::vector<int8_t> table = qs8_function_table(ctx.graph, nullptr, x.params, y);
  if (is_identity_table(table)) table.clear();
  const size_t n = static_cast<size_t>(shape_numel(xq.shape));
  move->inputs = {ctx.need_nchw(x.q_value)};  // the ONNX element order
  move->outputs = {y.q_value};
  const std::vector<int> inputs = move->inputs, outputs = move->outputs;
  auto step = make_qs8_move_table_step(std::move(move), n, std::move(table), "Transpose" + y.activation + " (QDQ)",
                                       "transpose");
  step->inputs = inputs;
  step->outputs = outputs;
  step->layer = node.layer.empty() ? node.name : node.layer;
  take_quantized_output(ctx, y);
  return step;
}

}  // namespace nnslim
