#include "runtime/steps/qs8_concat_step.h"

#include <cstring>

#include "core/format.h"
#include "kernels/x8-lut/x8-lut.h"
#include "runtime/parallel.h"
#include "runtime/steps/qdq_match.h"
#include "runtime/steps/qs8_table.h"

namespace nnslim {
namespace {

// The output, in its physical layout, is `outer` rows; row o is the
// concatenation of row o of every input (input i's rows: row_elems[i] bytes).
class Qs8ConcatStep : public Step {
 public:
  Qs8ConcatStep(size_t outer, std::vector<size_t> row_elems, std::vector<std::vector<int8_t>> tables, std::string what)
      : outer_(outer), row_elems_(std::move(row_elems)), tables_(std::move(tables)), what_(std::move(what)) {
    for (size_t r : row_elems_) out_row_ += r;
  }
  void run(CompiledPlan& plan) override {
    int8_t* y = plan.data<int8_t>(outputs[0]);
    std::vector<const int8_t*> x(inputs.size());
    for (size_t i = 0; i < inputs.size(); ++i) x[i] = plan.data<const int8_t>(inputs[i]);
    // Rows are independent copies: any split gives the same bytes.
    parallel_ranges(plan, outer_, 1, double(outer_) * out_row_, [&](size_t begin, size_t end) {
      for (size_t o = begin; o < end; ++o) {
        int8_t* dst = y + o * out_row_;
        for (size_t i = 0; i < x.size(); ++i) {
          const int8_t* src = x[i] + o * row_elems_[i];
          if (tables_[i].empty()) std::memcpy(dst, src, row_elems_[i]);
          else kernels::x8_lut_ukernel__wasmsimd_x64(row_elems_[i], src, dst, tables_[i].data());
          dst += row_elems_[i];
        }
      }
    });
  }
  std::string describe() const override {
    size_t requantized = 0;
    for (const auto& t : tables_) requantized += t.empty() ? 0 : 1;
    return what_ + (requantized == 0 ? " -> qs8 concat copy" : str(" -> qs8 concat copy + lut requantization of ",
                                                                   requantized, " inputs"));
  }

 private:
  size_t outer_;
  std::vector<size_t> row_elems_;
  std::vector<std::vector<int8_t>> tables_;
  std::string what_;
  size_t out_row_ = 0;
};

// Position of ONNX axis `axis` of a rank-4 value stored NHWC.
size_t nhwc_position(size_t axis) { return axis == 0 ? 0 : axis == 1 ? 3 : axis - 1; }

Shape nhwc_dims(const Shape& s) { return {s[0], s[2], s[3], s[1]}; }

}  // namespace

std::unique_ptr<Step> lower_qs8_concat(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  if (node.op_type != "Concat" || !node.domain.empty() || node.outputs.size() != 1 || node.inputs.empty())
    return nullptr;
  const Shape ys = ctx.graph.value(node.outputs[0]).shape;
  const int64_t rank = static_cast<int64_t>(ys.size());
  if (rank == 0 || shape_numel(ys) == 0) return nullptr;
  int64_t axis = node.attr_int("axis", 1);
  if (axis < 0) axis += rank;
  if (axis < 0 || axis >= rank) return nullptr;
  std::vector<QuantizedActivation> xs(node.inputs.size());
  for (size_t i = 0; i < xs.size(); ++i) {
    if (!match_dq_activation(ctx.graph, node.inputs[i], &xs[i])) return nullptr;
    if (ctx.graph.value(xs[i].q_value).shape.size() != ys.size()) return nullptr;
  }
  QuantizedOutput y;
  if (!match_quantized_output(ctx, node.outputs[0], &y)) return nullptr;

  bool nhwc = false;
  for (const QuantizedActivation& x : xs) nhwc = nhwc || (rank == 4 && ctx.has_nhwc(x.q_value));
  const size_t position = nhwc ? nhwc_position(static_cast<size_t>(axis)) : static_cast<size_t>(axis);
  const Shape out_dims = nhwc ? nhwc_dims(ys) : ys;
  size_t outer = 1;
  for (size_t d = 0; d < position; ++d) outer *= static_cast<size_t>(out_dims[d]);
  std::vector<size_t> rows;
  std::vector<std::vector<int8_t>> tables;
  for (const QuantizedActivation& x : xs) {
    const Shape s = ctx.graph.value(x.q_value).shape;
    const Shape dims = nhwc ? nhwc_dims(s) : s;
    size_t row = 1;
    for (size_t d = position; d < dims.size(); ++d) row *= static_cast<size_t>(dims[d]);
    rows.push_back(row);
    std::vector<int8_t> table = qs8_function_table(ctx.graph, nullptr, x.params, y);
    if (is_identity_table(table)) table.clear();
    tables.push_back(std::move(table));
  }
  auto step = std::make_unique<Qs8ConcatStep>(outer, std::move(rows), std::move(tables),
                                              str("Concat of ", xs.size(), " on axis ", axis, y.activation, " (QDQ)"));
  for (const QuantizedActivation& x : xs) step->inputs.push_back(nhwc ? ctx.need_nhwc(x.q_value) : ctx.need_nchw(x.q_value));
  step->outputs = {nhwc ? ctx.produce_nhwc(y.q_value) : y.q_value};
  step->layer = node.layer.empty() ? node.name : node.layer;
  take_quantized_output(ctx, y);
  return step;
}

}  // namespace nnslim
