#include "runtime/steps/select_compare_step.h"

#include <string_view>

#include "kernels/vcompare/vcompare.h"
#include "kernels/vselect/vselect.h"
#include "runtime/steps/layout_choice.h"

namespace nnslim {
namespace {

// The SIMD variant of a family entry when there is one, else the scalar one.
template <typename Info, typename Pred>
const Info* pick_ukernel(const Info* list, size_t count, Pred pred) {
  const Info* found = nullptr;
  for (size_t i = 0; i < count; ++i) {
    if (!pred(list[i])) continue;
    if (std::string_view(list[i].name).find("wasmsimd") != std::string_view::npos) return &list[i];
    found = &list[i];
  }
  return found;
}

bool usable(const Value& v) { return v.has_shape && (!v.constant || v.constant->materialized()); }

class CompareStep : public Step {
 public:
  CompareStep(const kernels::VcompareUkernelInfo& ukernel, const BroadcastWalk& walk, size_t element_bytes,
              std::string what)
      : ukernel_(ukernel), walk_(walk), element_(element_bytes), what_(std::move(what)) {}
  void run(CompiledPlan& plan) override {
    const uint8_t* a = plan.data<const uint8_t>(inputs[0]);
    const uint8_t* b = plan.data<const uint8_t>(inputs.size() > 1 ? inputs[1] : inputs[0]);
    uint8_t* y = plan.data<uint8_t>(outputs[0]);
    const kernels::CompareParams params{walk_.inner_scalar[0], walk_.inputs > 1 ? walk_.inner_scalar[1] : true};
    const size_t n = static_cast<size_t>(walk_.inner_count);
    walk_.for_each_run([&](const std::array<int64_t, BroadcastWalk::kMaxInputs>& offsets, int64_t out) {
      ukernel_.fn(n, a + static_cast<size_t>(offsets[0]) * element_, b + static_cast<size_t>(offsets[1]) * element_,
                  y + out, &params);
    });
  }
  std::string describe() const override { return what_ + " -> " + ukernel_.name; }

 private:
  kernels::VcompareUkernelInfo ukernel_;
  BroadcastWalk walk_;
  size_t element_;
  std::string what_;
};

class SelectStep : public Step {
 public:
  SelectStep(const kernels::VselectUkernelInfo& ukernel, const BroadcastWalk& walk, std::string what)
      : ukernel_(ukernel), walk_(walk), what_(std::move(what)) {}
  void run(CompiledPlan& plan) override {
    const uint8_t* cond = plan.data<const uint8_t>(inputs[0]);
    const uint8_t* a = plan.data<const uint8_t>(inputs[1]);
    const uint8_t* b = plan.data<const uint8_t>(inputs[2]);
    uint8_t* y = plan.data<uint8_t>(outputs[0]);
    const size_t es = ukernel_.element_bytes;
    const kernels::SelectParams params{walk_.inner_scalar[0], walk_.inner_scalar[1], walk_.inner_scalar[2]};
    const size_t n = static_cast<size_t>(walk_.inner_count);
    walk_.for_each_run([&](const std::array<int64_t, BroadcastWalk::kMaxInputs>& offsets, int64_t out) {
      ukernel_.fn(n, cond + offsets[0], a + static_cast<size_t>(offsets[1]) * es,
                  b + static_cast<size_t>(offsets[2]) * es, y + static_cast<size_t>(out) * es, &params);
    });
  }
  std::string describe() const override { return what_ + " -> " + ukernel_.name; }

 private:
  kernels::VselectUkernelInfo ukernel_;
  BroadcastWalk walk_;
  std::string what_;
};

bool compare_op(const std::string& op_type, kernels::CompareOp* op) {
  using Op = kernels::CompareOp;
  if (op_type == "Equal") *op = Op::kEqual;
  else if (op_type == "Greater") *op = Op::kGreater;
  else if (op_type == "Less") *op = Op::kLess;
  else if (op_type == "GreaterOrEqual") *op = Op::kGreaterOrEqual;
  else if (op_type == "LessOrEqual") *op = Op::kLessOrEqual;
  else if (op_type == "And") *op = Op::kAnd;
  else if (op_type == "Or") *op = Op::kOr;
  else if (op_type == "Xor") *op = Op::kXor;
  else if (op_type == "Not") *op = Op::kNot;
  else return false;
  return true;
}

bool compare_type(DType dtype, kernels::CompareType* type) {
  switch (dtype) {
    case DType::Float32: *type = kernels::CompareType::kF32; return true;
    case DType::Int32: *type = kernels::CompareType::kS32; return true;
    case DType::Int64: *type = kernels::CompareType::kS64; return true;
    case DType::Bool: *type = kernels::CompareType::kBool; return true;
    default: return false;
  }
}

}  // namespace

std::unique_ptr<Step> lower_compare_logic(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  kernels::CompareOp op;
  if (!compare_op(node.op_type, &op)) return nullptr;
  const bool is_not = op == kernels::CompareOp::kNot;
  const bool is_logic = is_not || op == kernels::CompareOp::kAnd || op == kernels::CompareOp::kOr ||
                        op == kernels::CompareOp::kXor;
  if (node.inputs.size() != (is_not ? 1u : 2u) || node.outputs.size() != 1 || ctx.graph.opset < 7) return nullptr;
  std::vector<int> in = node.inputs;
  for (int v : in)
    if (v < 0 || !usable(ctx.graph.value(v))) return nullptr;
  const Value out = ctx.graph.value(node.outputs[0]);
  if (out.dtype != DType::Bool || shape_numel(out.shape) == 0) return nullptr;
  bool any_activation = false;
  for (int v : in) any_activation = any_activation || !ctx.graph.value(v).constant;
  if (!any_activation) return nullptr;  // all constant: folded or reference
  const DType dtype = ctx.graph.value(in[0]).dtype;
  if (!is_not && ctx.graph.value(in[1]).dtype != dtype) return nullptr;
  kernels::CompareType type;
  if (!compare_type(dtype, &type) || (type == kernels::CompareType::kBool) != is_logic) return nullptr;

  size_t count = 0;
  const kernels::VcompareUkernelInfo* list = kernels::vcompare_ukernels(&count);
  const kernels::VcompareUkernelInfo* ukernel =
      pick_ukernel(list, count, [&](const auto& k) { return k.op == op && k.type == type; });
  if (!ukernel) return nullptr;
  std::optional<ElementwiseLayout> layout = choose_elementwise_layout(ctx, in, node.outputs[0]);
  if (!layout) return nullptr;
  auto step = std::make_unique<CompareStep>(*ukernel, layout->walk, dtype_size(dtype), node.op_type);
  step->inputs = layout->buffers;
  step->outputs = {layout->output};
  step->layer = node.layer.empty() ? node.name : node.layer;
  return step;
}

std::unique_ptr<Step> lower_where(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  if (node.op_type != "Where" || node.inputs.size() != 3 || node.outputs.size() != 1) return nullptr;
  bool any_activation = false;
  for (int v : node.inputs) {
    if (v < 0 || !usable(ctx.graph.value(v))) return nullptr;
    any_activation = any_activation || !ctx.graph.value(v).constant;
  }
  if (!any_activation || ctx.graph.value(node.inputs[0]).dtype != DType::Bool) return nullptr;
  const Value out = ctx.graph.value(node.outputs[0]);
  const size_t element = dtype_size(out.dtype);
  if (shape_numel(out.shape) == 0 || out.dtype == DType::String || element == 0) return nullptr;
  size_t count = 0;
  const kernels::VselectUkernelInfo* list = kernels::vselect_ukernels(&count);
  const kernels::VselectUkernelInfo* ukernel =
      pick_ukernel(list, count, [&](const auto& k) { return k.element_bytes == element; });
  if (!ukernel) return nullptr;
  std::optional<ElementwiseLayout> layout = choose_elementwise_layout(ctx, node.inputs, node.outputs[0]);
  if (!layout) return nullptr;
  auto step = std::make_unique<SelectStep>(*ukernel, layout->walk, "Where");
  step->inputs = layout->buffers;
  step->outputs = {layout->output};
  step->layer = node.layer.empty() ? node.name : node.layer;
  return step;
}

}  // namespace nnslim
