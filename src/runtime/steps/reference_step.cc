#include "runtime/steps/reference_step.h"

#include "core/error.h"
#include "ops/reference/reference.h"

namespace nnslim {
namespace {

class ReferenceStep : public Step {
 public:
  ReferenceStep(const Graph& graph, int node_index, ReferenceFn fn)
      : node_index_(node_index), fn_(fn), opset_(graph.opset) {
    const Node& node = graph.nodes[static_cast<size_t>(node_index)];
    inputs = node.inputs;
    outputs = node.outputs;
    layer = node.layer.empty() ? node.name : node.layer;
    // Views are built once; run() only re-points their data.
    in_views_.resize(inputs.size());
    out_views_.resize(outputs.size());
    for (size_t i = 0; i < inputs.size(); ++i)
      if (inputs[i] >= 0) in_views_[i] = {graph.value(inputs[i]).dtype, graph.value(inputs[i]).shape, nullptr};
    for (size_t i = 0; i < outputs.size(); ++i)
      out_views_[i] = {graph.value(outputs[i]).dtype, graph.value(outputs[i]).shape, nullptr};
    for (size_t i = 0; i < inputs.size(); ++i) in_ptrs_.push_back(inputs[i] >= 0 ? &in_views_[i] : nullptr);
    for (auto& v : out_views_) out_ptrs_.push_back(&v);
  }
  void run(CompiledPlan& plan) override {
    for (size_t i = 0; i < inputs.size(); ++i)
      if (inputs[i] >= 0) in_views_[i].data = plan.slots[static_cast<size_t>(inputs[i])];
    for (size_t i = 0; i < outputs.size(); ++i) out_views_[i].data = plan.slots[static_cast<size_t>(outputs[i])];
    fn_(plan.graph.nodes[static_cast<size_t>(node_index_)], opset_, in_ptrs_, out_ptrs_);
  }
  std::string describe() const override { return "reference"; }
  bool runs_reference() const override { return true; }

 private:
  int node_index_;
  ReferenceFn fn_;
  int64_t opset_;
  std::vector<TensorView> in_views_, out_views_;
  std::vector<const TensorView*> in_ptrs_;
  std::vector<TensorView*> out_ptrs_;
};

}  // namespace

std::unique_ptr<Step> make_reference_step(LoweringContext& ctx, int node_index) {
  const Node& node = ctx.graph.nodes[static_cast<size_t>(node_index)];
  ReferenceFn fn = find_reference(node.op_type);
  if (!fn) return nullptr;
  const std::string reason = str("for ", node.describe(), ": reference op");
  for (int in : node.inputs)
    if (in >= 0) ctx.need_nchw(in, reason);
  auto step = std::make_unique<ReferenceStep>(ctx.graph, node_index, fn);
  return step;
}

}  // namespace nnslim
