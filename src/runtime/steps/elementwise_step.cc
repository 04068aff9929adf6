#include "runtime/steps/elementwise_step.h"

#include "kernels/f32-vbinary/f32-vbinary.h"
#include "kernels/f32-vunary/f32-vunary.h"
#include "runtime/steps/fused_activation.h"

namespace nnslim {
namespace {

class BinaryStep : public Step {
 public:
  BinaryStep(const kernels::F32VbinaryUkernelInfo& ukernel, size_t count, kernels::F32MinMaxParams clamp, std::string what)
      : ukernel_(ukernel), count_(count), clamp_(clamp), what_(std::move(what)) {}
  void run(CompiledPlan& plan) override {
    ukernel_.fn(count_ * sizeof(float), plan.data<const float>(inputs[0]), plan.data<const float>(inputs[1]),
                plan.data<float>(outputs[0]), &clamp_);
  }
  std::string describe() const override { return what_ + " -> " + ukernel_.name; }

 private:
  kernels::F32VbinaryUkernelInfo ukernel_;
  size_t count_;
  kernels::F32MinMaxParams clamp_;
  std::string what_;
};

class UnaryStep : public Step {
 public:
  UnaryStep(const kernels::F32VunaryUkernelInfo& ukernel, size_t count, kernels::F32UnaryParams params, std::string what)
      : ukernel_(ukernel), count_(count), params_(params), what_(std::move(what)) {}
  void run(CompiledPlan& plan) override {
    ukernel_.fn(count_ * sizeof(float), plan.data<const float>(inputs[0]), plan.data<float>(outputs[0]), &params_);
  }
  std::string describe() const override { return what_ + " -> " + ukernel_.name; }

 private:
  kernels::F32VunaryUkernelInfo ukernel_;
  size_t count_;
  kernels::F32UnaryParams params_;
  std::string what_;
};

// The wasm SIMD variant of a family entry (the scalar ones are the oracles).
template <typename Info, typename Pred>
const Info* find_simd(const Info* list, size_t count, Pred pred) {
  for (size_t i = 0; i < count; ++i)
    if (pred(list[i]) && std::string(list[i].name).find("wasmsimd") != std::string::npos) return &list[i];
  return nullptr;
}

bool is_float_activation(const Value& v) { return v.dtype == DType::Float32 && !v.constant; }
bool is_scalar_float_constant(const Value& v) {
  return v.constant && v.constant->materialized() && v.constant->dtype == DType::Float32 && v.constant->numel() == 1;
}

}  // namespace

std::unique_ptr<Step> lower_binary_elementwise(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  using Op = kernels::F32BinaryOp;
  Op op;
  if (node.op_type == "Add") op = Op::kAdd;
  else if (node.op_type == "Sub") op = Op::kSub;
  else if (node.op_type == "Mul") op = Op::kMul;
  else if (node.op_type == "Div") op = Op::kDiv;
  else if (node.op_type == "Max" && node.inputs.size() == 2) op = Op::kMax;
  else if (node.op_type == "Min" && node.inputs.size() == 2) op = Op::kMin;
  else return nullptr;
  if (node.inputs.size() != 2 || node.inputs[0] < 0 || node.inputs[1] < 0) return nullptr;
  int a = node.inputs[0], b = node.inputs[1];
  const Value va = ctx.graph.value(a), vb = ctx.graph.value(b);
  const Shape out_shape = ctx.graph.value(node.outputs[0]).shape;
  bool scalar_b = false;
  if (is_float_activation(va) && is_float_activation(vb) && va.shape == vb.shape) {
    // same-shape vector-vector
  } else if (is_float_activation(va) && is_scalar_float_constant(vb) && va.shape == out_shape) {
    scalar_b = true;
  } else if (is_scalar_float_constant(va) && is_float_activation(vb) && vb.shape == out_shape) {
    // c OP x: commutative ops swap; Sub/Div use the reversed kernels.
    std::swap(a, b);
    scalar_b = true;
    if (op == Op::kSub) op = Op::kRSub;
    else if (op == Op::kDiv) op = Op::kRDiv;
  } else {
    return nullptr;
  }
  size_t count = 0;
  const kernels::F32VbinaryUkernelInfo* list = kernels::f32_vbinary_ukernels(&count);
  const kernels::F32VbinaryUkernelInfo* ukernel =
      find_simd(list, count, [&](const auto& k) { return k.op == op && k.scalar_b == scalar_b; });
  if (!ukernel) return nullptr;
  const size_t elements = static_cast<size_t>(shape_numel(out_shape));
  if (elements == 0) return nullptr;

  FusedActivation act = take_fused_activation(ctx, node.outputs[0]);
  // NHWC when every activation input already has an NHWC copy and none is only NCHW-produced later.
  const bool nhwc = out_shape.size() == 4 && ctx.has_nhwc(a) && (scalar_b || ctx.has_nhwc(b));
  int in_a, in_b, out;
  if (nhwc) {
    in_a = ctx.need_nhwc(a);
    in_b = scalar_b ? b : ctx.need_nhwc(b);
    out = ctx.produce_nhwc(act.output);
  } else {
    in_a = ctx.need_nchw(a);
    in_b = ctx.need_nchw(b);
    out = act.output;
  }
  auto step = std::make_unique<BinaryStep>(*ukernel, elements, act.clamp, node.op_type + act.name());
  step->inputs = {in_a, in_b};
  step->outputs = {out};
  step->layer = node.layer.empty() ? node.name : node.layer;
  return step;
}

std::unique_ptr<Step> lower_unary_elementwise(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  using Op = kernels::F32UnaryOp;
  kernels::F32UnaryParams params{0.f, 0.f, 0.f};
  Op op;
  kernels::F32MinMaxParams clamp;
  if (activation_clamp(ctx.graph, node, &clamp)) {
    op = Op::kClamp;
    params.min = clamp.min;
    params.max = clamp.max;
  } else if (node.op_type == "LeakyRelu") {
    op = Op::kLeakyRelu;
    params.slope = node.attr_float("alpha", 0.01f);
  } else if (node.op_type == "HardSwish") op = Op::kHardSwish;
  else if (node.op_type == "Sigmoid") op = Op::kSigmoid;
  else if (node.op_type == "Tanh") op = Op::kTanh;
  else return nullptr;
  const int x = node.inputs[0];
  const Value vx = ctx.graph.value(x);
  if (!is_float_activation(vx)) return nullptr;
  const size_t elements = static_cast<size_t>(shape_numel(vx.shape));
  if (elements == 0) return nullptr;
  size_t count = 0;
  const kernels::F32VunaryUkernelInfo* list = kernels::f32_vunary_ukernels(&count);
  const kernels::F32VunaryUkernelInfo* ukernel = find_simd(list, count, [&](const auto& k) { return k.op == op; });
  if (!ukernel) return nullptr;
  const bool nhwc = vx.shape.size() == 4 && ctx.has_nhwc(x) && !ctx.has_nchw(x);
  const int in = nhwc ? ctx.need_nhwc(x) : ctx.need_nchw(x);
  const int out = nhwc ? ctx.produce_nhwc(node.outputs[0]) : node.outputs[0];
  auto step = std::make_unique<UnaryStep>(*ukernel, elements, params, node.op_type);
  step->inputs = {in};
  step->outputs = {out};
  step->layer = node.layer.empty() ? node.name : node.layer;
  return step;
}

}  // namespace nnslim
