#include "runtime/steps/qs8_lut_step.h"

#include <cstring>
#include <set>

#include "kernels/x8-lut/x8-lut.h"
#include "runtime/parallel.h"
#include "runtime/steps/qdq_match.h"
#include "runtime/steps/qs8_table.h"

namespace nnslim {

namespace {

class Qs8LutStep : public Step {
 public:
  Qs8LutStep(size_t n, std::vector<int8_t> table, std::string what, bool same_layout)
      : n_(n), table_(std::move(table)), what_(std::move(what)), same_layout_(same_layout) {
    if (!table_.empty()) kernels::x8_lut_range_init(table_.data(), &range_);
  }
  void run(CompiledPlan& plan) override {
    const int8_t* x = plan.data<const int8_t>(inputs[0]);
    int8_t* y = plan.data<int8_t>(outputs[0]);
    // Each byte is looked up (or copied) on its own: any split gives the same bytes.
    parallel_ranges(plan, n_, 64, double(n_) * 4, [&](size_t begin, size_t end) {
      if (table_.empty()) std::memcpy(y + begin, x + begin, end - begin);
      else kernels::x8_lut_ukernel__wasmsimd_x64_range(end - begin, x + begin, y + begin, &range_);
    });
  }
  // The kernel's name as before; the rows the range kernel reads.
  std::string describe() const override {
    return what_ + (table_.empty() ? " -> qs8 copy" : " -> qs8 lut wasmsimd (" + std::to_string(range_.rows) + " rows)");
  }
  const std::vector<int8_t>* int8_code_table() const override { return same_layout_ ? &table_ : nullptr; }

 private:
  size_t n_;
  std::vector<int8_t> table_;  // the whole table (what later tables fold)
  kernels::X8LutRange range_;  // its rows between its constant ends, for the kernel
  std::string what_;
  bool same_layout_;
};

// Elementwise ops: with one tensor input and the others constant scalars
// (or attributes) each output element is a function of one input element,
// which a table of the 256 inputs holds exactly.
bool is_elementwise(const std::string& op) {
  static const std::set<std::string> ops = {
      "Sigmoid", "Tanh",  "HardSigmoid", "HardSwish", "LeakyRelu", "Elu",  "Selu",  "Celu", "Softplus",
      "Softsign", "Relu", "Clip",        "Exp",       "Log",       "Abs",  "Neg",   "Sqrt", "Reciprocal",
      "Erf",      "Sin",  "Cos",         "Tan",       "Round",     "Sign", "Floor", "Ceil", "ThresholdedRelu",
      "Add",      "Sub",  "Mul",         "Div",       "Pow",       "Max",  "Min"};
  return ops.count(op) != 0;
}

}  // namespace

std::unique_ptr<Step> make_qs8_lut_step(size_t n, std::vector<int8_t> table, std::string what, bool same_layout) {
  return std::make_unique<Qs8LutStep>(n, std::move(table), std::move(what), same_layout);
}

bool fold_producer_table(const LoweringContext& ctx, int* read, std::vector<int8_t>* table) {
  const Step* producer = nullptr;
  for (size_t i = ctx.plan.steps.size(); i-- > 0 && producer == nullptr;)
    for (int out : ctx.plan.steps[i]->outputs)
      if (out == *read) producer = ctx.plan.steps[i].get();
  if (producer == nullptr || producer->inputs.size() != 1 || producer->inputs[0] == *read) return false;
  const std::vector<int8_t>* first = producer->int8_code_table();
  if (first == nullptr) return false;
  if (!first->empty()) {
    std::vector<int8_t> folded(256);
    for (size_t q = 0; q < 256; ++q) folded[q] = (*table)[static_cast<uint8_t>((*first)[q])];
    *table = std::move(folded);
  }
  *read = producer->inputs[0];
  return true;
}

std::unique_ptr<Step> lower_qs8_reshape(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  const std::string& op = node.op_type;
  if (!node.domain.empty() || node.outputs.size() != 1 ||
      (op != "Reshape" && op != "Flatten" && op != "Squeeze" && op != "Unsqueeze"))
    return nullptr;
  for (size_t i = 1; i < node.inputs.size(); ++i)
    if (node.inputs[i] >= 0 && !ctx.graph.value(node.inputs[i]).constant) return nullptr;
  QuantizedActivation x;
  if (!match_dq_activation(ctx.graph, node.inputs[0], &x)) return nullptr;
  const size_t n = static_cast<size_t>(shape_numel(ctx.graph.value(x.q_value).shape));
  if (n == 0 || static_cast<int64_t>(n) != shape_numel(ctx.graph.value(node.outputs[0]).shape)) return nullptr;
  QuantizedOutput y;
  if (!match_quantized_output(ctx, node.outputs[0], &y)) return nullptr;
  std::vector<int8_t> table = qs8_function_table(ctx.graph, nullptr, x.params, y);
  if (is_identity_table(table)) table.clear();
  auto step = make_qs8_lut_step(n, std::move(table), op + y.activation + " (QDQ)");
  step->inputs = {ctx.need_nchw(x.q_value)};  // the ONNX element order
  step->outputs = {y.q_value};
  step->layer = node.layer.empty() ? node.name : node.layer;
  take_quantized_output(ctx, y);
  return step;
}

std::unique_ptr<Step> lower_qs8_lut(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  if (!node.domain.empty() || !is_elementwise(node.op_type) || node.outputs.size() != 1) return nullptr;
  // The one tensor input (x + 3, 6 / x, ...); the others constant scalars.
  size_t data_input = node.inputs.size();
  for (size_t i = 0; i < node.inputs.size(); ++i) {
    const int v = node.inputs[i];
    if (v < 0) continue;
    const Value& value = ctx.graph.value(v);
    if (value.constant) {
      if (value.constant->numel() != 1) return nullptr;
    } else if (data_input == node.inputs.size()) {
      data_input = i;
    } else {
      return nullptr;
    }
  }
  if (data_input == node.inputs.size()) return nullptr;
  QuantizedActivation x;
  if (!match_dq_activation(ctx.graph, node.inputs[data_input], &x)) return nullptr;
  const Shape shape = ctx.graph.value(x.q_value).shape;
  if (shape != ctx.graph.value(node.outputs[0]).shape) return nullptr;
  const size_t n = static_cast<size_t>(shape_numel(shape));
  if (n == 0) return nullptr;
  QuantizedOutput y;
  if (!match_quantized_output(ctx, node.outputs[0], &y)) return nullptr;
  std::vector<int8_t> table = qs8_function_table(ctx.graph, &node, x.params, y, data_input);
  if (table.empty()) return nullptr;
  const bool nhwc = shape.size() == 4 && ctx.has_nhwc(x.q_value);
  int read = nhwc ? ctx.need_nhwc(x.q_value) : ctx.need_nchw(x.q_value);
  // HardSwish as Add -> Clip -> Div (or Mul) with a Q/DQ pair between each:
  // one pass over the int8 codes instead of one per op.
  size_t folded = 0;
  while (fold_producer_table(ctx, &read, &table)) ++folded;
  auto step = make_qs8_lut_step(n, std::move(table), node.op_type + y.activation + " (QDQ" +
                                                          (folded != 0 ? ", earlier tables folded in" : "") + ")");
  step->inputs = {read};
  step->outputs = {nhwc ? ctx.produce_nhwc(y.q_value) : y.q_value};
  step->layer = node.layer.empty() ? node.name : node.layer;
  take_quantized_output(ctx, y);
  return step;
}

}  // namespace nnslim
