#include "runtime/steps/reduce_step.h"


#include "core/error.h"
#include "kernels/f32-argmax/f32-argmax.h"
#include "kernels/f32-reduce/f32-reduce.h"

namespace nnslim {
namespace {

class ReduceStep : public Step {
 public:
  ReduceStep(const kernels::F32ReduceUkernelInfo& ukernel, size_t outer, size_t reduced, size_t inner, float scale,
             std::string what)
      : ukernel_(ukernel), outer_(outer), reduced_(reduced), inner_(inner), params_{scale}, what_(std::move(what)) {}
  void run(CompiledPlan& plan) override {
    const float* x = plan.data<const float>(inputs[0]);
    float* y = plan.data<float>(outputs[0]);
    if (inner_ == 1) {
      ukernel_.fn(outer_, reduced_, x, reduced_, y, &params_);
      return;
    }
    for (size_t o = 0; o < outer_; ++o)
      ukernel_.fn(reduced_, inner_, x + o * reduced_ * inner_, inner_, y + o * inner_, &params_);
  }
  std::string describe() const override { return what_ + " -> " + ukernel_.name; }

 private:
  kernels::F32ReduceUkernelInfo ukernel_;
  size_t outer_, reduced_, inner_;
  kernels::F32ReduceParams params_;
  std::string what_;
};

class ArgmaxStep : public Step {
 public:
  ArgmaxStep(const kernels::F32ArgmaxUkernelInfo& ukernel, size_t outer, size_t reduced, size_t inner, bool last)
      : ukernel_(ukernel), outer_(outer), reduced_(reduced), inner_(inner), last_(last) {}
  void run(CompiledPlan& plan) override {
    const float* x = plan.data<const float>(inputs[0]);
    int64_t* y = plan.data<int64_t>(outputs[0]);
    if (inner_ == 1) {
      ukernel_.fn(outer_, reduced_, x, reduced_, y, last_);
      return;
    }
    for (size_t o = 0; o < outer_; ++o)
      ukernel_.fn(reduced_, inner_, x + o * reduced_ * inner_, inner_, y + o * inner_, last_);
  }
  std::string describe() const override { return std::string("ArgMax -> ") + ukernel_.name; }

 private:
  kernels::F32ArgmaxUkernelInfo ukernel_;
  size_t outer_, reduced_, inner_;
  bool last_;
};

// [outer, reduced, inner] of the input walked in `order`, or false when the
// reduced axes (size-1 axes ignored) are not one contiguous group. Also
// says whether the kept axes stay in row-major order.
struct ReduceShape {
  size_t outer = 1, reduced = 1, inner = 1;
  bool kept_row_major = true;
};
bool reduce_shape(const Shape& x, const std::vector<bool>& reduced, const std::vector<int>& order, ReduceShape* out) {
  int phase = 0;  // 0: before the reduced group, 1: in it, 2: after it
  int last_kept = -1;
  for (int axis : order) {
    const size_t a = static_cast<size_t>(axis);
    const size_t dim = static_cast<size_t>(x[a]);
    if (dim == 1) continue;
    if (reduced[a]) {
      if (phase == 2) return false;
      phase = 1;
      out->reduced *= dim;
    } else {
      if (phase == 1) phase = 2;
      (phase == 0 ? out->outer : out->inner) *= dim;
      if (axis < last_kept) out->kept_row_major = false;
      last_kept = axis;
    }
  }
  return true;
}

// The walk in the layout the input has (NHWC only for a conv output), else
// in NCHW; false when the reduced axes are apart in both.
struct ReduceWalk {
  ReduceShape shape;
  bool nhwc_in = false, nhwc_out = false;
};
bool choose_reduce_walk(const LoweringContext& ctx, int x, const std::vector<bool>& reduced, bool keepdims,
                        ReduceWalk* walk) {
  const Shape& dims = ctx.graph.value(x).shape;
  if (dims.size() == 4 && ctx.has_nhwc(x) && !ctx.has_nchw(x)) {
    ReduceShape s;
    if (reduce_shape(dims, reduced, {0, 2, 3, 1}, &s) && (s.kept_row_major || keepdims)) {
      walk->shape = s;
      walk->nhwc_in = true;
      walk->nhwc_out = !s.kept_row_major;
      return true;
    }
  }
  std::vector<int> row_major(dims.size());
  for (size_t i = 0; i < row_major.size(); ++i) row_major[i] = static_cast<int>(i);
  walk->nhwc_in = walk->nhwc_out = false;
  walk->shape = ReduceShape{};
  return reduce_shape(dims, reduced, row_major, &walk->shape);
}

}  // namespace

std::unique_ptr<Step> lower_reduce(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  kernels::F32ReduceOp op;
  bool mean = false;
  int64_t axes_input_opset = 18;
  if (node.op_type == "ReduceMean") op = kernels::F32ReduceOp::kSum, mean = true;
  else if (node.op_type == "ReduceSum") op = kernels::F32ReduceOp::kSum, axes_input_opset = 13;
  else if (node.op_type == "ReduceMax") op = kernels::F32ReduceOp::kMax;
  else if (node.op_type == "ReduceMin") op = kernels::F32ReduceOp::kMin;
  else return nullptr;
  if (node.inputs.empty() || node.inputs[0] < 0 || node.outputs.size() != 1) return nullptr;
  const int x = node.inputs[0];
  const Value vx = ctx.graph.value(x);
  if (vx.dtype != DType::Float32 || vx.constant || !vx.has_shape) return nullptr;
  const Shape out_shape = ctx.graph.value(node.outputs[0]).shape;
  if (shape_numel(vx.shape) == 0 || shape_numel(out_shape) == 0) return nullptr;

  // Axes: attribute before axes_input_opset, else the optional constant input.
  std::vector<int64_t> axes;
  if (ctx.graph.opset < axes_input_opset) {
    axes = node.attr_ints("axes");
  } else if (node.inputs.size() > 1 && node.inputs[1] >= 0) {
    const Value& axes_value = ctx.graph.value(node.inputs[1]);
    if (!axes_value.constant || !axes_value.constant->materialized()) return nullptr;  // axes fed at run time
    axes = axes_value.constant->to_int64_vector();
  }
  if (axes.empty() && node.attr_int("noop_with_empty_axes", 0) != 0) return nullptr;  // an identity
  const int64_t rank = static_cast<int64_t>(vx.shape.size());
  std::vector<bool> reduced(vx.shape.size(), axes.empty());
  for (int64_t axis : axes) {
    if (axis < -rank || axis >= rank)
      fail(node.describe(), ": axis ", axis, " is out of range for input rank ", rank);
    reduced[static_cast<size_t>(axis < 0 ? axis + rank : axis)] = true;
  }
  const bool keepdims = node.attr_int("keepdims", 1) != 0;
  ReduceWalk walk;
  if (!choose_reduce_walk(ctx, x, reduced, keepdims, &walk)) return nullptr;
  const ReduceShape& shape = walk.shape;

  size_t count = 0;
  const kernels::F32ReduceUkernelInfo* list = kernels::f32_reduce_wasmsimd_ukernels(&count);
  const kernels::F32ReduceUkernelInfo* ukernel = nullptr;
  for (size_t i = 0; i < count; ++i)
    if (list[i].op == op && list[i].discontiguous == (shape.inner > 1)) ukernel = &list[i];
  if (!ukernel) return nullptr;
  const float scale = mean ? 1.0f / static_cast<float>(shape.reduced) : 1.0f;
  const int in = walk.nhwc_in ? ctx.need_nhwc(x) : ctx.need_nchw(x);
  const int out = walk.nhwc_out ? ctx.produce_nhwc(node.outputs[0]) : node.outputs[0];
  auto step = std::make_unique<ReduceStep>(*ukernel, shape.outer, shape.reduced, shape.inner, scale, node.op_type);
  step->inputs = {in};
  step->outputs = {out};
  step->layer = node.layer.empty() ? node.name : node.layer;
  return step;
}

std::unique_ptr<Step> lower_argmax(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  if (node.op_type != "ArgMax" || node.inputs.size() != 1 || node.outputs.size() != 1) return nullptr;
  const int x = node.inputs[0];
  const Value vx = ctx.graph.value(x);
  if (vx.dtype != DType::Float32 || vx.constant || !vx.has_shape || shape_numel(vx.shape) == 0) return nullptr;
  const int64_t rank = static_cast<int64_t>(vx.shape.size());
  const int64_t axis = node.attr_int("axis", 0);
  if (axis < -rank || axis >= rank) fail(node.describe(), ": axis ", axis, " is out of range for input rank ", rank);
  std::vector<bool> reduced(vx.shape.size(), false);
  reduced[static_cast<size_t>(axis < 0 ? axis + rank : axis)] = true;
  ReduceWalk walk;
  if (!choose_reduce_walk(ctx, x, reduced, node.attr_int("keepdims", 1) != 0, &walk)) return nullptr;
  // Indices live in i32 lanes inside the kernels.
  if (walk.shape.reduced >= (size_t{1} << 31)) return nullptr;
  size_t count = 0;
  const kernels::F32ArgmaxUkernelInfo* list = kernels::f32_argmax_wasmsimd_ukernels(&count);
  const kernels::F32ArgmaxUkernelInfo* ukernel = nullptr;
  for (size_t i = 0; i < count; ++i)
    if (list[i].discontiguous == (walk.shape.inner > 1)) ukernel = &list[i];
  if (!ukernel) return nullptr;
  const int in = walk.nhwc_in ? ctx.need_nhwc(x) : ctx.need_nchw(x);
  const int out = walk.nhwc_out ? ctx.produce_nhwc(node.outputs[0]) : node.outputs[0];
  auto step = std::make_unique<ArgmaxStep>(*ukernel, walk.shape.outer, walk.shape.reduced, walk.shape.inner,
                                           node.attr_int("select_last_index", 0) != 0);
  step->inputs = {in};
  step->outputs = {out};
  step->layer = node.layer.empty() ? node.name : node.layer;
  return step;
}

}  // namespace nnslim
