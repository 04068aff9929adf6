#include "runtime/steps/move_step.h"

#include <algorithm>
#include <cstring>

#include "core/error.h"

namespace nnslim {

const uint8_t* MoveStep::source(const CompiledPlan& plan, const RegionMove& m) const {
  switch (m.from) {
    case RegionMove::From::kInput: return plan.data<const uint8_t>(inputs[static_cast<size_t>(m.source)]);
    case RegionMove::From::kOutput: return plan.data<const uint8_t>(outputs[static_cast<size_t>(m.source)]);
    case RegionMove::From::kOwned: break;
  }
  return owned[static_cast<size_t>(m.source)].data();
}

void MoveStep::run(CompiledPlan& plan) {
  for (const auto& [buffer, input] : owned_from_input) {
    std::vector<uint8_t>& bytes = owned[static_cast<size_t>(buffer)];
    std::memcpy(bytes.data(), plan.data<const uint8_t>(inputs[static_cast<size_t>(input)]), bytes.size());
  }
  for (const RegionMove& m : moves) copy_region(m.region, source(plan, m), target(plan, m), elem_);
}

MoveStepBuilder::MoveStepBuilder(LoweringContext& ctx, int node_index, bool nhwc, std::unique_ptr<MoveStep> step)
    : ctx_(ctx), node_(ctx.graph.nodes[static_cast<size_t>(node_index)]), nhwc_(nhwc), step_(std::move(step)) {
  const Value& y = ctx.graph.value(node_.outputs[0]);
  if (!step_) step_ = std::make_unique<MoveStep>(dtype_size(y.dtype));
  step_->layer = node_.layer.empty() ? node_.name : node_.layer;
}

bool MoveStepBuilder::prefer_nhwc(const LoweringContext& ctx, int value) {
  const Value& v = ctx.graph.value(value);
  return !v.constant && v.shape.size() == 4 && ctx.has_nhwc(value);
}

namespace {

// True if every element of `t` has the first one's bytes.
bool is_splat(const Tensor& t) {
  const size_t elem = dtype_size(t.dtype);
  if (t.bytes.size() < elem) return false;
  for (size_t i = elem; i < t.bytes.size(); i += elem)
    if (std::memcmp(t.bytes.data(), t.bytes.data() + i, elem) != 0) return false;
  return true;
}

}  // namespace

Operand MoveStepBuilder::splat(const std::vector<uint8_t>& element, const Shape& shape) {
  Operand op;
  op.from = RegionMove::From::kOwned;
  op.index = static_cast<int>(step_->owned.size());
  op.strides.assign(shape.size(), 0);
  op.shape = shape;
  step_->owned.push_back(element);
  return op;
}

std::vector<uint8_t> constant_of_shape_element(const Node& node) {
  auto it = node.attrs.find("value");
  if (it == node.attrs.end() || !it->second.t) return std::vector<uint8_t>(sizeof(float), 0);  // float32 0
  const Tensor& t = *it->second.t;
  if (!t.materialized() || t.numel() != 1 || t.bytes.size() != dtype_size(t.dtype)) return {};
  return t.bytes;
}

namespace {

// The ConstantOfShape node that produces `value`, or nullptr.
const Node* constant_of_shape_producer(const Graph& graph, int value) {
  for (const Node& node : graph.nodes)
    if (node.op_type == "ConstantOfShape" && !node.outputs.empty() && node.outputs[0] == value) return &node;
  return nullptr;
}

}  // namespace

Operand MoveStepBuilder::read(int value) {
  const Value& v = ctx_.graph.value(value);
  const size_t elem = dtype_size(v.dtype);
  if (v.constant && v.constant->materialized() && is_splat(*v.constant))
    return splat(std::vector<uint8_t>(v.constant->bytes.begin(), v.constant->bytes.begin() + static_cast<std::ptrdiff_t>(elem)),
                 v.shape);
  if (const Node* fill = constant_of_shape_producer(ctx_.graph, value)) {
    std::vector<uint8_t> element = constant_of_shape_element(*fill);
    if (element.size() == elem) return splat(element, v.shape);
  }
  if (v.constant && v.constant->materialized() && nhwc_ && v.shape.size() == 4) {
    // A rank-4 constant read by an NHWC step: an NHWC copy made once, so the
    // step copies channel runs instead of gathering across planes each run.
    const Shape& s = v.shape;
    std::vector<uint8_t> nhwc(v.constant->bytes.size());
    const std::vector<int64_t> to = logical_strides(s, true);
    int64_t from = 0;
    for (int64_t n = 0; n < s[0]; ++n)
      for (int64_t c = 0; c < s[1]; ++c)
        for (int64_t h = 0; h < s[2]; ++h)
          for (int64_t w = 0; w < s[3]; ++w, ++from)
            std::memcpy(&nhwc[static_cast<size_t>(n * to[0] + c * to[1] + h * to[2] + w * to[3]) * elem],
                        &v.constant->bytes[static_cast<size_t>(from) * elem], elem);
    Operand op;
    op.from = RegionMove::From::kOwned;
    op.index = static_cast<int>(step_->owned.size());
    op.strides = to;
    op.shape = s;
    step_->owned.push_back(std::move(nhwc));
    return op;
  }
  Operand op;
  op.shape = v.shape;  // v dangles once the context adds a value
  // The NHWC copy when the step works in NHWC, or when it is the only copy
  // (a rank-changing op after a conv reads it in place, remapped).
  const bool use_nhwc = prefer_nhwc(ctx_, value) && (nhwc_ || !ctx_.has_nchw(value));
  op.strides = logical_strides(op.shape, use_nhwc);
  const int id = use_nhwc ? ctx_.need_nhwc(value) : ctx_.need_nchw(value);
  auto it = std::find(step_->inputs.begin(), step_->inputs.end(), id);
  op.index = static_cast<int>(it - step_->inputs.begin());
  if (it == step_->inputs.end()) step_->inputs.push_back(id);
  return op;
}

Operand MoveStepBuilder::splat_at_run_time(int value, const Shape& shape) {
  const int input = read_row_major(value);
  const Operand op = splat(std::vector<uint8_t>(dtype_size(ctx_.graph.value(value).dtype), 0), shape);
  step_->owned_from_input.emplace_back(op.index, input);
  return op;
}

int MoveStepBuilder::read_row_major(int value) {
  const int id = ctx_.need_nchw(value);
  auto it = std::find(step_->inputs.begin(), step_->inputs.end(), id);
  if (it != step_->inputs.end()) return static_cast<int>(it - step_->inputs.begin());
  step_->inputs.push_back(id);
  return static_cast<int>(step_->inputs.size()) - 1;
}

Operand MoveStepBuilder::write(int value) {
  const Value& v = ctx_.graph.value(value);
  Operand op;
  op.from = RegionMove::From::kOutput;
  op.shape = v.shape;
  const bool nhwc = nhwc_ && v.shape.size() == 4;
  op.strides = logical_strides(v.shape, nhwc);
  const int id = nhwc ? ctx_.produce_nhwc(value) : value;
  op.index = static_cast<int>(step_->outputs.size());
  step_->outputs.push_back(id);
  return op;
}

void MoveStepBuilder::move(const Operand& src, const Operand& dst, const Shape& shape, int64_t src_offset,
                           int64_t dst_offset, const std::vector<int64_t>* src_strides) {
  RegionMove m;
  m.from = src.from;
  m.source = src.index;
  m.target = dst.index;
  m.region.shape = shape;
  m.region.src_strides = src_strides ? *src_strides : src.strides;
  m.region.dst_strides = dst.strides;
  m.region.src_offset = src_offset;
  m.region.dst_offset = dst_offset;
  NNSLIM_CHECK(m.region.shape.size() == m.region.src_strides.size() && m.region.shape.size() == m.region.dst_strides.size(),
               "internal: ", node_.describe(), ": region ranks disagree");
  m.region.simplify();
  NNSLIM_CHECK(m.region.shape.size() <= kMaxRegionRank, "internal: ", node_.describe(), ": region rank ",
               m.region.shape.size());
  if (m.region.numel() > 0) step_->moves.push_back(std::move(m));
}

std::unique_ptr<Step> MoveStepBuilder::finish(const std::string& what) {
  const bool x32 = step_->element_size() == 4;
  step_->what = what + (x32 ? " -> x32 copy rows" : " -> memcpy rows") + (nhwc_ ? " (NHWC)" : "");
  return std::move(step_);
}

}  // namespace nnslim
