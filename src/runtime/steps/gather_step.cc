#include "runtime/steps/gather_step.h"

#include "core/error.h"
#include "runtime/steps/move_step.h"

namespace nnslim {
namespace {

// Indices fed at run time: one template move (a slab of the data with the
// axis dim 1) whose offsets are set per index.
class RuntimeGatherStep : public MoveStep {
 public:
  RuntimeGatherStep(size_t elem, std::string node, DType index_dtype, int64_t count, int64_t dim)
      : MoveStep(elem), node_(std::move(node)), index_dtype_(index_dtype), count_(count), dim_(dim) {}
  int indices_input = 0;
  // Elements between neighbouring indices along the axis, in data and output.
  void set_axis_strides(int64_t src, int64_t dst) {
    src_axis_stride_ = src;
    dst_axis_stride_ = dst;
  }

  void run(CompiledPlan& plan) override {
    const void* indices = plan.data<const void>(inputs[static_cast<size_t>(indices_input)]);
    for (int64_t j = 0; j < count_; ++j) {  // check all before writing anything
      const int64_t index = load(indices, j);
      if (index < -dim_ || index >= dim_)
        fail(node_, ": index ", index, " (indices element ", j, ") is out of range for an axis of size ", dim_);
    }
    if (moves.empty()) return;
    const RegionMove& m = moves[0];  // no copy: run() must not allocate
    const uint8_t* src = source(plan, m);
    uint8_t* dst = target(plan, m);
    const ptrdiff_t elem = static_cast<ptrdiff_t>(element_size());
    for (int64_t j = 0; j < count_; ++j) {
      int64_t index = load(indices, j);
      if (index < 0) index += dim_;
      copy_region(m.region, src + index * src_axis_stride_ * elem, dst + j * dst_axis_stride_ * elem, element_size());
    }
  }

 private:
  int64_t load(const void* indices, int64_t j) const {
    return index_dtype_ == DType::Int64 ? static_cast<const int64_t*>(indices)[j] : static_cast<const int32_t*>(indices)[j];
  }
  std::string node_;
  DType index_dtype_;
  int64_t count_, dim_, src_axis_stride_ = 0, dst_axis_stride_ = 0;
};

}  // namespace

std::unique_ptr<Step> lower_gather(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  if (node.op_type != "Gather" || node.outputs.size() != 1 || node.inputs.size() != 2) return nullptr;
  if (node.inputs[0] < 0 || node.inputs[1] < 0) return nullptr;
  // Copies: the Values move when the context adds one (an NHWC output).
  const Value data = ctx.graph.value(node.inputs[0]);
  const Value indices = ctx.graph.value(node.inputs[1]);
  const Value y = ctx.graph.value(node.outputs[0]);
  const int64_t rank = static_cast<int64_t>(data.shape.size());
  if (y.constant || rank == 0 || rank > static_cast<int64_t>(kMaxMoveRank)) return nullptr;
  if (indices.dtype != DType::Int64 && indices.dtype != DType::Int32) return nullptr;
  int64_t axis = node.attr_int("axis", 0);
  if (axis < 0) axis += rank;
  if (axis < 0 || axis >= rank) return nullptr;
  const size_t a = static_cast<size_t>(axis);
  const int64_t count = shape_numel(indices.shape), dim = data.shape[a];
  std::vector<int64_t> constant_indices;
  if (indices.constant) {
    if (!indices.constant->materialized()) return nullptr;
    constant_indices = indices.constant->to_int64_vector();
    for (int64_t& i : constant_indices) {
      if (i < -dim || i >= dim) return nullptr;  // shape inference names the node; never reached
      if (i < 0) i += dim;
    }
  }

  // The output seen in the data's axes: the axis holds the `count` indices.
  Shape view = data.shape;
  view[a] = count;
  const bool nhwc = rank == 4 && indices.shape.size() == 1 && MoveStepBuilder::prefer_nhwc(ctx, node.inputs[0]);
  std::unique_ptr<MoveStep> runtime_step;
  if (!indices.constant)
    runtime_step = std::make_unique<RuntimeGatherStep>(dtype_size(y.dtype), node.describe(), indices.dtype, count, dim);
  MoveStepBuilder builder(ctx, node_index, nhwc, std::move(runtime_step));
  const Operand src = builder.read(node.inputs[0]);
  const int indices_input = indices.constant ? -1 : builder.read_row_major(node.inputs[1]);
  Operand out = builder.write(node.outputs[0]);
  out.strides = logical_strides(view, nhwc);  // an NHWC output is the view itself
  Shape slab = view;
  if (indices.constant) {
    // One copy per run of consecutive indices.
    for (int64_t j = 0; j < count;) {
      int64_t run = 1;
      while (j + run < count && constant_indices[static_cast<size_t>(j + run)] == constant_indices[static_cast<size_t>(j)] + run) ++run;
      slab[a] = run;
      builder.move(src, out, slab, constant_indices[static_cast<size_t>(j)] * src.strides[a], j * out.strides[a]);
      j += run;
    }
    return builder.finish(str("Gather on axis ", axis, " (", count, " constant indices)"));
  }
  slab[a] = 1;
  builder.move(src, out, slab, 0, 0);
  std::unique_ptr<Step> step = builder.finish(str("Gather on axis ", axis, " (indices at run time)"));
  auto* gather = static_cast<RuntimeGatherStep*>(step.get());
  gather->indices_input = indices_input;
  gather->set_axis_strides(src.strides[a], out.strides[a]);
  return step;
}

}  // namespace nnslim
