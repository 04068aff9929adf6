#include "runtime/lowering_context.h"

#include "core/error.h"

#include "runtime/steps/layout_step.h"

namespace nnslim {

LoweringContext::LoweringContext(CompiledPlan& p) : plan(p), graph(p.graph) {
  consumers.assign(graph.values.size(), 0);
  for (const Node& node : graph.nodes)
    for (int in : node.inputs)
      if (in >= 0) ++consumers[static_cast<size_t>(in)];
  for (int out : graph.outputs) ++consumers[static_cast<size_t>(out)];
  node_done.assign(graph.nodes.size(), false);
  nhwc_of_.assign(graph.values.size(), -1);
  alias_of_.assign(graph.values.size(), -1);
  // Constants and graph inputs exist from the start; node outputs once a step writes them.
  written_.assign(graph.values.size(), false);
  for (size_t v = 0; v < graph.values.size(); ++v)
    if (graph.values[v].constant) written_[v] = true;
  for (int in : graph.inputs) written_[static_cast<size_t>(in)] = true;
}

void LoweringContext::grow() {
  nhwc_of_.resize(graph.values.size(), -1);
  alias_of_.resize(graph.values.size(), -1);
  written_.resize(graph.values.size(), false);
  consumers.resize(graph.values.size(), 0);
}

void LoweringContext::add_step(std::unique_ptr<Step> step) {
  for (int out : step->outputs) written_[static_cast<size_t>(out)] = true;
  plan.steps.push_back(std::move(step));
}

std::string LoweringContext::layout_reason(const std::string& reason) const {
  if (!reason.empty()) return reason;
  if (current_node < 0) return "";
  return "for " + graph.nodes[static_cast<size_t>(current_node)].describe();
}

int LoweringContext::need_nchw(int value, const std::string& reason) {
  value = resolve(value);
  if (written_[static_cast<size_t>(value)]) return value;
  const int nhwc = nhwc_of_[static_cast<size_t>(value)];
  NNSLIM_CHECK(nhwc >= 0, ErrorCode::Internal, "internal: value '", graph.value(value).name,
               "' is read before it is written");
  add_step(make_layout_step(graph, nhwc, value, /*to_nhwc=*/false, layout_reason(reason)));
  return value;
}

int LoweringContext::need_nhwc(int value, const std::string& reason) {
  value = resolve(value);
  if (nhwc_of_[static_cast<size_t>(value)] >= 0) return nhwc_of_[static_cast<size_t>(value)];
  need_nchw(value, reason);
  const int nhwc = produce_nhwc(value);
  add_step(make_layout_step(graph, value, nhwc, /*to_nhwc=*/true, layout_reason(reason)));
  return nhwc;
}

void LoweringContext::alias(int value, int of) {
  of = resolve(of);
  NNSLIM_CHECK(value != of && !written_[static_cast<size_t>(value)] && nhwc_of_[static_cast<size_t>(value)] < 0,
               "internal: value '", graph.value(value).name, "' cannot alias '", graph.value(of).name, "'");
  alias_of_[static_cast<size_t>(value)] = of;
}

int LoweringContext::resolve(int value) const {
  const int of = alias_of_[static_cast<size_t>(value)];
  return of >= 0 ? of : value;
}

int LoweringContext::produce_nhwc(int value) {
  const Value& v = graph.value(value);
  const Shape nchw = v.shape;
  NNSLIM_CHECK(nchw.size() == 4, ErrorCode::Internal, "internal: NHWC copy of rank-", nchw.size(), " value '", v.name,
               "'");
  const DType dtype = v.dtype;
  const std::string name = graph.unique_value_name(v.name + "__nhwc");
  const int id = graph.add_value(name);
  Value& copy = graph.value(id);
  copy.dtype = dtype;
  copy.shape = {nchw[0], nchw[2], nchw[3], nchw[1]};
  copy.has_shape = true;
  grow();
  nhwc_of_[static_cast<size_t>(value)] = id;
  return id;
}

int LoweringContext::add_scratch(const std::string& name, size_t floats) {
  const int id = graph.add_value(graph.unique_value_name(name + "__scratch"));
  Value& v = graph.value(id);
  v.dtype = DType::Float32;
  v.shape = {static_cast<int64_t>(floats)};
  v.has_shape = true;
  grow();
  return id;
}

std::vector<int> LoweringContext::consumer_nodes(int value) const {
  std::vector<int> out;
  for (size_t n = 0; n < graph.nodes.size(); ++n)
    for (int in : graph.nodes[n].inputs)
      if (in == value) {
        out.push_back(static_cast<int>(n));
        break;
      }
  return out;
}

}  // namespace nnslim
