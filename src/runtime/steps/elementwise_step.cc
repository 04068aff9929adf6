#include "runtime/steps/elementwise_step.h"

#include "kernels/f32-vbinary/f32-vbinary.h"
#include "kernels/f32-vunary/f32-vunary.h"
#include "runtime/parallel.h"
#include "runtime/steps/activation_chain.h"
#include "runtime/steps/activation_epilogue.h"
#include "runtime/steps/broadcast_geometry.h"
#include "runtime/steps/fused_activation.h"

namespace nnslim {
namespace {

// out = a OP b with b broadcast: up to two outer loops around one kernel call
// (broadcast_geometry.h). Same-shape operands are one call over everything.
class BinaryStep : public Step {
 public:
  BinaryStep(const kernels::F32VbinaryUkernelInfo& ukernel, const BroadcastGeometry& geometry,
             kernels::F32MinMaxParams clamp, std::string what)
      : ukernel_(ukernel), geometry_(geometry), clamp_(clamp), what_(std::move(what)) {}
  void run(CompiledPlan& plan) override {
    const float* a = plan.data<const float>(inputs[0]);
    const float* b = plan.data<const float>(inputs[1]);
    float* out = plan.data<float>(outputs[0]);
    const BroadcastGeometry& g = geometry_;
    const size_t inner = static_cast<size_t>(g.inner_count);
    const size_t cols = static_cast<size_t>(g.outer_counts[1]), rows = static_cast<size_t>(g.outer_counts[0]) * cols;
    if (rows == 1) {
      // One loop (same-shape operands, or b a scalar): ranges of whole
      // 16-float blocks, each element computed alike whoever runs it.
      const double bytes = double(inner) * sizeof(float) * (g.inner_b_scalar ? 2 : 3);
      parallel_ranges(plan, inner, 16, bytes_moved_work(bytes), [&](size_t begin, size_t end) {
        ukernel_.fn((end - begin) * sizeof(float), a + begin, g.inner_b_scalar ? b : b + begin, out + begin, &clamp_);
      });
      return;
    }
    // Work split over ranges of rows (outer index pairs), each an
    // independent kernel call.
    parallel_ranges(plan, rows, 1, double(rows) * inner, [&](size_t begin, size_t end) {
      for (size_t r = begin; r < end; ++r) {
        const float* b_r = b + (r / cols) * g.outer_b_strides[0] + (r % cols) * g.outer_b_strides[1];
        ukernel_.fn(inner * sizeof(float), a + r * inner, b_r, out + r * inner, &clamp_);
      }
    });
  }
  std::string describe() const override { return what_ + " -> " + ukernel_.name; }

 private:
  kernels::F32VbinaryUkernelInfo ukernel_;
  BroadcastGeometry geometry_;
  kernels::F32MinMaxParams clamp_;
  std::string what_;
};

class UnaryStep : public Step {
 public:
  UnaryStep(const kernels::F32VunaryUkernelInfo& ukernel, size_t count, kernels::F32UnaryParams params, std::string what)
      : ukernel_(ukernel), count_(count), params_(params), what_(std::move(what)) {}
  void run(CompiledPlan& plan) override {
    const float* x = plan.data<const float>(inputs[0]);
    float* y = plan.data<float>(outputs[0]);
    // Ranges of whole 16-float blocks (the widest vector loop): every
    // element is computed by the same lanes' math whoever runs it.
    parallel_ranges(plan, count_, 16, double(count_), [&](size_t begin, size_t end) {
      ukernel_.fn((end - begin) * sizeof(float), x + begin, y + begin, &params_);
    });
  }
  std::string describe() const override { return what_ + " -> " + ukernel_.name; }

 private:
  kernels::F32VunaryUkernelInfo ukernel_;
  size_t count_;
  kernels::F32UnaryParams params_;
  std::string what_;
};

// The first entry of a family's wasm SIMD list that `pred` accepts.
template <typename Info, typename Pred>
const Info* find_simd(const Info* list, size_t count, Pred pred) {
  for (size_t i = 0; i < count; ++i)
    if (pred(list[i])) return &list[i];
  return nullptr;
}

bool is_float_activation(const Value& v) { return v.dtype == DType::Float32 && !v.constant; }

// One UnaryStep from `x` to `result` (node `node_index`'s layer), in x's
// layout: NHWC when x has only an NHWC copy (a fast conv's output).
std::unique_ptr<Step> make_unary_step(LoweringContext& ctx, int node_index, int x, int result,
                                      const kernels::F32VunaryUkernelInfo& ukernel, size_t elements,
                                      const kernels::F32UnaryParams& params, std::string what) {
  const Value& vx = ctx.graph.value(x);
  const bool nhwc = vx.shape.size() == 4 && ctx.has_nhwc(x) && !ctx.has_nchw(x);
  const int in = nhwc ? ctx.need_nhwc(x) : ctx.need_nchw(x);
  const int out = nhwc ? ctx.produce_nhwc(result) : result;
  auto step = std::make_unique<UnaryStep>(ukernel, elements, params, std::move(what));
  step->inputs = {in};
  step->outputs = {out};
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  step->layer = node.layer.empty() ? node.name : node.layer;
  return step;
}

// A chain of activation_chain.h starting at node `node_index` whose input
// no producer took as an epilogue: one unary step from its input to its output.
std::unique_ptr<Step> lower_activation_chain(LoweringContext& ctx, int node_index) {
  ActivationChain chain;
  if (!match_activation_chain(ctx, node_index, &chain)) return nullptr;
  const size_t elements = static_cast<size_t>(shape_numel(ctx.graph.value(chain.input).shape));
  if (elements == 0) return nullptr;
  for (int n : chain.nodes) ctx.node_done[static_cast<size_t>(n)] = true;
  return make_unary_step(ctx, node_index, chain.input, chain.output, simd_unary_ukernel(chain.op), elements,
                         chain.params, chain.name);
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
  else if (node.op_type == "PRelu") op = Op::kPRelu;  // b = slope, broadcast to x
  else return nullptr;
  if (op == Op::kAdd || op == Op::kMul)
    if (std::unique_ptr<Step> chain = lower_activation_chain(ctx, node_index)) return chain;
  if (node.inputs.size() != 2 || node.inputs[0] < 0 || node.inputs[1] < 0) return nullptr;
  int a = node.inputs[0], b = node.inputs[1];
  const Shape out_shape = ctx.graph.value(node.outputs[0]).shape;
  auto is_float = [&](int v) {
    const Value& value = ctx.graph.value(v);
    return value.dtype == DType::Float32 && value.has_shape && (!value.constant || value.constant->materialized());
  };
  if (!is_float(a) || !is_float(b)) return nullptr;
  // `a` must have the output's shape; b broadcasts. When only b has it, swap
  // (commutative ops as they are, Sub/Div through their reversed kernels).
  if (ctx.graph.value(a).shape != out_shape) {
    if (ctx.graph.value(b).shape != out_shape) return nullptr;  // both broadcast
    if (op == Op::kPRelu) return nullptr;  // not commutative, and no reversed kernel
    std::swap(a, b);
    if (op == Op::kSub) op = Op::kRSub;
    else if (op == Op::kDiv) op = Op::kRDiv;
  }
  if (ctx.graph.value(a).constant) return nullptr;  // all-constant: folded or reference
  const Shape b_shape = ctx.graph.value(b).shape;
  if (shape_numel(out_shape) == 0) return nullptr;

  // NHWC when `a` already has an NHWC copy (the output of a fast conv) and b
  // is a constant or has one too (or is one value per channel, whose NCHW and
  // NHWC bytes are the same).
  const bool b_is_activation = !ctx.graph.value(b).constant;
  const bool b_needs_nhwc = b_is_activation && b_shape == out_shape;
  bool nhwc = out_shape.size() == 4 && ctx.has_nhwc(a) && (!b_needs_nhwc || ctx.has_nhwc(b));
  BroadcastGeometry walk;
  if (b_needs_nhwc && nhwc) {
    walk.inner_count = shape_numel(out_shape);  // same layout, same shape: one call
  } else {
    std::vector<int> row_major(out_shape.size());
    for (size_t i = 0; i < row_major.size(); ++i) row_major[i] = static_cast<int>(i);
    std::optional<BroadcastGeometry> geometry;
    if (nhwc) geometry = broadcast_geometry(out_shape, b_shape, {0, 2, 3, 1});
    if (!geometry) {  // b not walkable in NHWC order (e.g. a full-shape constant): run NCHW
      nhwc = false;
      geometry = broadcast_geometry(out_shape, b_shape, row_major);
    }
    if (!geometry) return nullptr;
    walk = *geometry;
  }

  size_t count = 0;
  const kernels::F32VbinaryUkernelInfo* list = kernels::f32_vbinary_wasmsimd_ukernels(&count);
  const kernels::F32VbinaryUkernelInfo* ukernel =
      find_simd(list, count, [&](const auto& k) { return k.op == op && k.scalar_b == walk.inner_b_scalar; });
  if (!ukernel) return nullptr;

  FusedActivation act = take_fused_activation(ctx, node.outputs[0]);
  int in_a, in_b, out;
  if (nhwc) {
    in_a = ctx.need_nhwc(a);
    in_b = b_needs_nhwc ? ctx.need_nhwc(b) : (b_is_activation ? ctx.need_nchw(b) : b);
    out = ctx.produce_nhwc(act.output);
  } else {
    in_a = ctx.need_nchw(a);
    in_b = b_is_activation ? ctx.need_nchw(b) : b;
    out = act.output;
  }
  auto step = std::make_unique<BinaryStep>(*ukernel, walk, act.clamp, node.op_type + act.name());
  step->inputs = {in_a, in_b};
  step->outputs = {out};
  step->layer = node.layer.empty() ? node.name : node.layer;
  return step;
}

std::unique_ptr<Step> lower_unary_elementwise(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  using Op = kernels::F32UnaryOp;
  kernels::F32UnaryParams params{0.f, 0.f, 0.f, 0.f, 0.f};
  Op op;
  kernels::F32MinMaxParams clamp;
  // Mul(x, Sigmoid(x)) or Mul(x, HardSigmoid(x)): one step from x to the Mul's output.
  Op gated_op = Op::kSwish;
  const int gated_mul = gated_mul_of(ctx, node_index, &gated_op);
  if (activation_clamp(ctx.graph, node, &clamp)) {
    op = Op::kClamp;
    params.min = clamp.min;
    params.max = clamp.max;
  } else if (gated_mul >= 0) op = gated_op;
  else if (unary_activation(ctx.graph, node, &op, &params)) {}
  else if (node.op_type == "Exp") op = Op::kExp;
  else if (node.op_type == "Sqrt") op = Op::kSqrt;
  else if (node.op_type == "Abs") op = Op::kAbs;
  else if (node.op_type == "Neg") op = Op::kNeg;
  else return nullptr;
  const int x = node.inputs[0];
  const Value vx = ctx.graph.value(x);
  if (!is_float_activation(vx)) return nullptr;
  const size_t elements = static_cast<size_t>(shape_numel(vx.shape));
  if (elements == 0) return nullptr;
  size_t count = 0;
  const kernels::F32VunaryUkernelInfo* list = kernels::f32_vunary_wasmsimd_ukernels(&count);
  const kernels::F32VunaryUkernelInfo* ukernel = find_simd(list, count, [&](const auto& k) { return k.op == op; });
  if (!ukernel) return nullptr;
  int result = node.outputs[0];
  std::string what = node.op_type;
  if (gated_mul >= 0) {
    ctx.node_done[static_cast<size_t>(gated_mul)] = true;
    result = ctx.graph.nodes[static_cast<size_t>(gated_mul)].outputs[0];
    what += op == Op::kSwish ? "+Mul (Swish)" : "+Mul (HardSwish)";
  }
  return make_unary_step(ctx, node_index, x, result, *ukernel, elements, params, std::move(what));
}

}  // namespace nnslim
