#include "runtime/steps/cast_step.h"

#include <string_view>

#include "kernels/vcvt/vcvt.h"

namespace nnslim {
namespace {

class CastStep : public Step {
 public:
  CastStep(const kernels::VcvtUkernelInfo& ukernel, size_t count) : ukernel_(ukernel), count_(count) {}
  void run(CompiledPlan& plan) override {
    ukernel_.fn(count_, plan.slots[static_cast<size_t>(inputs[0])], plan.slots[static_cast<size_t>(outputs[0])]);
  }
  std::string describe() const override { return std::string("Cast -> ") + ukernel_.name; }

 private:
  kernels::VcvtUkernelInfo ukernel_;
  size_t count_;
};

bool vcvt_type(DType dtype, kernels::VcvtType* type) {
  switch (dtype) {
    case DType::Float32: *type = kernels::VcvtType::kF32; return true;
    case DType::Int32: *type = kernels::VcvtType::kS32; return true;
    case DType::Int64: *type = kernels::VcvtType::kS64; return true;
    case DType::Uint8: *type = kernels::VcvtType::kU8; return true;
    case DType::Int8: *type = kernels::VcvtType::kS8; return true;
    case DType::Bool: *type = kernels::VcvtType::kBool; return true;
    default: return false;
  }
}

}  // namespace

std::unique_ptr<Step> lower_cast(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  if (node.op_type != "Cast" || node.inputs.size() != 1 || node.inputs[0] < 0 || node.outputs.size() != 1)
    return nullptr;
  const int x = node.inputs[0];
  const Value vx = ctx.graph.value(x);
  const Value vy = ctx.graph.value(node.outputs[0]);
  kernels::VcvtType from, to;
  if (vx.constant || !vx.has_shape || !vcvt_type(vx.dtype, &from) || !vcvt_type(vy.dtype, &to) || from == to)
    return nullptr;
  const size_t count = static_cast<size_t>(shape_numel(vx.shape));
  if (count == 0) return nullptr;
  size_t listed = 0;
  const kernels::VcvtUkernelInfo* list = kernels::vcvt_ukernels(&listed);
  const kernels::VcvtUkernelInfo* ukernel = nullptr;
  for (size_t i = 0; i < listed; ++i) {
    if (list[i].from != from || list[i].to != to) continue;
    if (!ukernel || std::string_view(list[i].name).find("wasmsimd") != std::string_view::npos) ukernel = &list[i];
  }
  if (!ukernel) return nullptr;
  const bool nhwc = vx.shape.size() == 4 && ctx.has_nhwc(x) && !ctx.has_nchw(x);
  const int in = nhwc ? ctx.need_nhwc(x) : ctx.need_nchw(x);
  const int out = nhwc ? ctx.produce_nhwc(node.outputs[0]) : node.outputs[0];
  auto step = std::make_unique<CastStep>(*ukernel, count);
  step->inputs = {in};
  step->outputs = {out};
  step->layer = node.layer.empty() ? node.name : node.layer;
  return step;
}

}  // namespace nnslim
