#include "runtime/steps/qs8_transpose_step.h"

#include "kernels/x8-lut/x8-lut.h"
#include "runtime/steps/qdq_match.h"
#include "runtime/steps/qs8_table.h"
#include "runtime/steps/transpose_step.h"

namespace nnslim {
namespace {

class Qs8TransposeStep : public Step {
 public:
  Qs8TransposeStep(std::unique_ptr<Step> move, size_t n, std::vector<int8_t> table, std::string what)
      : move_(std::move(move)), n_(n), table_(std::move(table)), what_(std::move(what)) {}
  void run(CompiledPlan& plan) override {
    move_->run(plan);
    if (!table_.empty()) {
      int8_t* y = plan.data<int8_t>(outputs[0]);
      kernels::x8_lut_ukernel__wasmsimd_x16(n_, y, y, table_.data());
    }
  }
  std::string describe() const override {
    const std::string how = move_->describe();  // "Transpose -> <kernel>"
    return what_ + " -> qs8 transpose (" + how.substr(how.find(" -> ") + 4) + ")" +
           (table_.empty() ? "" : " + lut requantization");
  }

 private:
  std::unique_ptr<Step> move_;
  size_t n_;
  std::vector<int8_t> table_;
  std::string what_;
};

}  // namespace

std::unique_ptr<Step> lower_qs8_transpose(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  if (node.op_type != "Transpose" || !node.domain.empty() || node.outputs.size() != 1 || node.inputs.empty())
    return nullptr;
  QuantizedActivation x;
  if (!match_dq_activation(ctx.graph, node.inputs[0], &x)) return nullptr;
  const Value& xq = ctx.graph.value(x.q_value);
  if (!xq.has_shape) return nullptr;
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
  auto step = std::make_unique<Qs8TransposeStep>(std::move(move), n, std::move(table),
                                                 "Transpose" + y.activation + " (QDQ)");
  step->inputs = inputs;
  step->outputs = outputs;
  step->layer = node.layer.empty() ? node.name : node.layer;
  take_quantized_output(ctx, y);
  return step;
}

}  // namespace nnslim
