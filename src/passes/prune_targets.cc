#include "passes/prune_targets.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "core/error.h"

namespace nnslim {
namespace {

const Tensor* float_weight(const Graph& graph, const Node& node) {
  if (node.inputs.size() < 2 || node.inputs[1] < 0) return nullptr;
  const Value& w = graph.value(node.inputs[1]);
  if (!w.constant || w.constant->dtype != DType::Float32 || w.constant->dims.size() < 2) return nullptr;
  return w.constant.get();
}

// The [outputs, inputs, taps] view of node's weight; false when the node is
// not a prunable layer.
bool weight_layout(const Graph& graph, const Node& node, PruneTarget* target) {
  const Tensor* w = float_weight(graph, node);
  if (!w) return false;
  const std::vector<int64_t>& d = w->dims;
  if (node.op_type == "Conv") {
    target->outputs = d[0];
    target->inputs = d[1];
    target->taps = w->numel() / std::max<int64_t>(1, d[0] * d[1]);
    target->tap_stride = 1;
    target->in_stride = target->taps;
    target->out_stride = d[1] * target->taps;
    target->group = node.attr_int("group", 1);
    return true;
  }
  const bool gemm = node.op_type == "Gemm";
  if (!gemm && node.op_type != "MatMul") return false;
  if (d.size() != 2 || (gemm && node.attr_int("transA", 0) != 0)) return false;
  const bool transposed = gemm && node.attr_int("transB", 0) != 0;  // B is [N, K]
  target->outputs = transposed ? d[0] : d[1];
  target->inputs = transposed ? d[1] : d[0];
  target->out_stride = transposed ? d[1] : 1;
  target->in_stride = transposed ? 1 : d[1];
  return true;
}

void check_sparsity(double sparsity, const std::string& option) {
  NNSLIM_CHECK(sparsity >= 0 && sparsity < 1, ErrorCode::InvalidArgument, "prune: ", option,
               " must be in [0, 1), got ", sparsity);
}

// The node's name, or "<OpType>_<index>" for an unnamed one (profile()'s
// naming).
std::string node_label(const Node& node, size_t index) {
  return node.name.empty() ? str(node.op_type, "_", index) : node.name;
}

// A quantized (QDQ) graph has no float weight to prune: its Conv / Gemm /
// MatMul read DequantizeLinear outputs of int8 constants. Pruning it would
// return an unchanged copy with an empty report, so it is an error that
// says what to do instead.
void reject_quantized(const Graph& graph) {
  for (size_t n = 0; n < graph.nodes.size(); ++n) {
    const Node& node = graph.nodes[n];
    if (node.op_type != "Conv" && node.op_type != "Gemm" && node.op_type != "MatMul") continue;
    if (node.inputs.size() < 2 || node.inputs[1] < 0) continue;
    const int producer = graph.value(node.inputs[1]).producer;
    if (producer < 0) continue;
    const Node& dq = graph.nodes[static_cast<size_t>(producer)];
    if (dq.op_type != "DequantizeLinear") continue;
    fail(ErrorCode::InvalidArgument, "prune: the model is quantized (node '", node_label(node, n), "' (",
         node.op_type, ") reads its weight from node '", node_label(dq, static_cast<size_t>(producer)),
         "' (DequantizeLinear)); prune its float original, then quantize the pruned model");
  }
}

}  // namespace

std::string prune_layer_name(const Node& node, size_t index) {
  if (!node.layer.empty() && node.layer != kHiddenLayer) return node.layer;
  return node_label(node, index);
}

std::vector<PruneTarget> select_prune_targets(const Graph& graph, const PruneOptions& options,
                                              std::vector<std::string>* skipped) {
  check_sparsity(options.sparsity, "sparsity");
  std::vector<PruneTarget> candidates;
  std::set<std::string> all_layers;
  for (size_t n = 0; n < graph.nodes.size(); ++n) {
    const Node& node = graph.nodes[n];
    all_layers.insert(prune_layer_name(node, n));
    PruneTarget target;
    if (!weight_layout(graph, node, &target)) continue;
    target.node = static_cast<int>(n);
    target.name = prune_layer_name(node, n);
    target.op = node.op_type;
    candidates.push_back(target);
  }
  if (candidates.empty()) reject_quantized(graph);
  auto is_candidate = [&](const std::string& name) {
    return std::any_of(candidates.begin(), candidates.end(), [&](const PruneTarget& t) { return t.name == name; });
  };
  for (const auto& [name, sparsity] : options.layer_sparsity) {
    NNSLIM_CHECK(all_layers.count(name), ErrorCode::InvalidArgument, "prune: layers names '", name,
                 "', which is not a layer of the model");
    NNSLIM_CHECK(is_candidate(name), ErrorCode::InvalidArgument, "prune: layers names '", name,
                 "', which has no prunable weight (only Conv, Gemm and MatMul with a constant float weight)");
    check_sparsity(sparsity, str("layers['", name, "']"));
  }
  std::vector<std::string> skip = options.skip;
  if (!options.has_skip) {
    // Common practice: keep the first conv (few weights, every later layer
    // depends on it) and the classifier (the logits) dense.
    auto first_conv = std::find_if(candidates.begin(), candidates.end(), [](const PruneTarget& t) { return t.op == "Conv"; });
    if (first_conv != candidates.end()) skip.push_back(first_conv->name);
    auto classifier = std::find_if(candidates.rbegin(), candidates.rend(), [](const PruneTarget& t) { return t.op != "Conv"; });
    if (classifier != candidates.rend()) skip.push_back(classifier->name);
  }
  for (const std::string& name : skip)
    NNSLIM_CHECK(all_layers.count(name), ErrorCode::InvalidArgument, "prune: skip names '", name,
                 "', which is not a layer of the model");

  std::vector<PruneTarget> targets;
  for (PruneTarget& target : candidates) {
    auto named = options.layer_sparsity.find(target.name);
    target.named = named != options.layer_sparsity.end();
    target.sparsity = target.named ? named->second : options.sparsity;
    if (!target.named && std::find(skip.begin(), skip.end(), target.name) != skip.end()) {
      if (skipped) skipped->push_back(target.name + ": in the skip list");
      continue;
    }
    targets.push_back(target);
  }
  return targets;
}

Tensor& own_pruned_weight(Graph& graph, const PruneTarget& target) {
  const int old_id = graph.nodes[static_cast<size_t>(target.node)].inputs[1];
  auto copy = std::make_shared<Tensor>(*graph.value(old_id).constant);
  copy->materialize();
  copy->init = WeightInit::None;
  const Value& old_value = graph.value(old_id);
  const bool trainable = old_value.trainable;
  const int id = graph.add_constant(graph.unique_value_name(old_value.name + "_pruned"), copy, true);
  graph.value(id).trainable = trainable;
  graph.nodes[static_cast<size_t>(target.node)].inputs[1] = id;
  return *copy;
}

int64_t count_zeros(const Tensor& weight) {
  int64_t zeros = 0;
  const float* data = weight.data<float>();
  for (int64_t i = 0; i < weight.numel(); ++i) zeros += data[i] == 0.f;
  return zeros;
}

std::vector<size_t> weakest(const std::vector<float>& scores, size_t k) {
  std::vector<size_t> order(scores.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  k = std::min(k, order.size());
  auto lower = [&](size_t a, size_t b) { return scores[a] < scores[b] || (scores[a] == scores[b] && a < b); };
  std::nth_element(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(), lower);
  order.resize(k);
  std::sort(order.begin(), order.end());
  return order;
}

size_t units_to_prune(double fraction, size_t count) {
  return static_cast<size_t>(std::llround(fraction * static_cast<double>(count)));
}

PrunedLayer pruned_layer_report(const Graph& graph, const PruneTarget& target) {
  const Node& node = graph.nodes[static_cast<size_t>(target.node)];
  const Tensor& weight = *graph.value(node.inputs[1]).constant;
  PrunedLayer layer;
  layer.name = target.name;
  layer.op = target.op;
  layer.weights = weight.numel();
  layer.zeros = count_zeros(weight);
  layer.channels_before = layer.channels_after = target.outputs;
  return layer;
}

}  // namespace nnslim
