#include "passes/fold_batch_norm.h"

#include <cmath>
#include <vector>

namespace nnslim {
namespace {

std::vector<int> count_consumers(const Graph& graph) {
  std::vector<int> count(graph.values.size(), 0);
  for (const Node& node : graph.nodes)
    for (int in : node.inputs)
      if (in >= 0) ++count[static_cast<size_t>(in)];
  for (int out : graph.outputs) ++count[static_cast<size_t>(out)];
  return count;
}

const Tensor* float_constant(const Graph& graph, int value, int64_t expected_numel) {
  if (value < 0) return nullptr;
  const Value& v = graph.value(value);
  if (!v.constant || !v.constant->materialized() || v.constant->dtype != DType::Float32) return nullptr;
  if (expected_numel >= 0 && v.constant->numel() != expected_numel) return nullptr;
  return v.constant.get();
}

}  // namespace

int fold_batch_norm(Graph& graph) {
  std::vector<int> consumers = count_consumers(graph);
  std::vector<int> producer_of(graph.values.size(), -1);
  for (size_t n = 0; n < graph.nodes.size(); ++n)
    for (int out : graph.nodes[n].outputs) producer_of[static_cast<size_t>(out)] = static_cast<int>(n);

  int folds = 0;
  for (Node& bn : graph.nodes) {
    if (bn.op_type != "BatchNormalization" || bn.outputs.size() != 1 || bn.inputs.size() != 5) continue;
    const int conv_out = bn.inputs[0];
    const int producer = producer_of[static_cast<size_t>(conv_out)];
    if (producer < 0 || consumers[static_cast<size_t>(conv_out)] != 1) continue;
    Node& conv = graph.nodes[static_cast<size_t>(producer)];
    if (conv.op_type != "Conv" || conv.inputs.size() < 2) continue;
    const Tensor* w = float_constant(graph, conv.inputs[1], -1);
    if (!w || w->dims.empty()) continue;
    const int64_t channels = w->dims[0];
    const bool has_bias = conv.inputs.size() > 2 && conv.inputs[2] >= 0;
    const Tensor* b = has_bias ? float_constant(graph, conv.inputs[2], channels) : nullptr;
    if (has_bias && !b) continue;
    const Tensor* gamma = float_constant(graph, bn.inputs[1], channels);
    const Tensor* beta = float_constant(graph, bn.inputs[2], channels);
    const Tensor* mean = float_constant(graph, bn.inputs[3], channels);
    const Tensor* var = float_constant(graph, bn.inputs[4], channels);
    if (!gamma || !beta || !mean || !var) continue;
    const double eps = bn.attr_float("epsilon", 1e-5f);

    auto new_w = std::make_shared<Tensor>(*w);
    new_w->init = WeightInit::None;
    auto new_b = Tensor::from_float(std::vector<float>(static_cast<size_t>(channels)), {channels});
    const int64_t per_channel = w->numel() / channels;
    for (int64_t c = 0; c < channels; ++c) {
      const double scale = gamma->data<float>()[c] / std::sqrt(static_cast<double>(var->data<float>()[c]) + eps);
      float* wc = new_w->data<float>() + c * per_channel;
      for (int64_t i = 0; i < per_channel; ++i) wc[i] = static_cast<float>(wc[i] * scale);
      const double bias = b ? b->data<float>()[c] : 0.0;
      new_b->data<float>()[c] =
          static_cast<float>((bias - mean->data<float>()[c]) * scale + beta->data<float>()[c]);
    }
    // New constants (the originals may be shared with other nodes).
    const Value& old_w = graph.value(conv.inputs[1]);
    const bool trainable = old_w.trainable;
    int w_id = graph.add_constant(graph.unique_value_name(old_w.name + "_bnfolded"), new_w, true);
    int b_id = graph.add_constant(graph.unique_value_name(conv.name + "_bias_bnfolded"), new_b, true);
    graph.value(w_id).trainable = trainable;
    graph.value(b_id).trainable = trainable;
    // Re-point: conv now writes the BN's output; the BN node becomes dead.
    Node& conv_ref = graph.nodes[static_cast<size_t>(producer)];  // (add_constant doesn't touch nodes)
    conv_ref.inputs.resize(3);
    conv_ref.inputs[1] = w_id;
    conv_ref.inputs[2] = b_id;
    conv_ref.outputs[0] = bn.outputs[0];
    bn.outputs.clear();
    bn.op_type = "__dead__";
    ++folds;
  }
  if (folds == 0) return 0;
  std::vector<Node> kept;
  for (Node& node : graph.nodes)
    if (node.op_type != "__dead__") kept.push_back(std::move(node));
  graph.nodes = std::move(kept);
  graph.remove_dead_nodes();
  return folds;
}

}  // namespace nnslim
