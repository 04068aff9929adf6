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

// BN's per-channel affine in double: y = x * scale[c] + shift[c] with
// scale = gamma / sqrt(var + eps), shift = beta - mean * scale; false unless
// all four parameters are materialized float constants of `channels` values.
bool batch_norm_affine(const Graph& graph, const Node& bn, int64_t channels, std::vector<double>* scale,
                       std::vector<double>* shift) {
  const Tensor* gamma = float_constant(graph, bn.inputs[1], channels);
  const Tensor* beta = float_constant(graph, bn.inputs[2], channels);
  const Tensor* mean = float_constant(graph, bn.inputs[3], channels);
  const Tensor* var = float_constant(graph, bn.inputs[4], channels);
  if (!gamma || !beta || !mean || !var) return false;
  const double eps = bn.attr_float("epsilon", 1e-5f);
  scale->resize(static_cast<size_t>(channels));
  shift->resize(static_cast<size_t>(channels));
  for (int64_t c = 0; c < channels; ++c) {
    const double k = gamma->data<float>()[c] / std::sqrt(static_cast<double>(var->data<float>()[c]) + eps);
    (*scale)[static_cast<size_t>(c)] = k;
    (*shift)[static_cast<size_t>(c)] = beta->data<float>()[c] - mean->data<float>()[c] * k;
  }
  return true;
}


// The conv node `producer` gets the folded weights and bias as new constants
// (the originals may be shared with other nodes) and writes the BN's output;
// the BN node becomes "__dead__".
void write_through_folded(Graph& graph, int producer, const TensorPtr& new_w, const TensorPtr& new_b, Node& bn) {
  const Node& conv = graph.nodes[static_cast<size_t>(producer)];
  const Value& old_w = graph.value(conv.inputs[1]);
  const bool trainable = old_w.trainable;
  const int w_id = graph.add_constant(graph.unique_value_name(old_w.name + "_bnfolded"), new_w, true);
  const int b_id = graph.add_constant(graph.unique_value_name(conv.name + "_bias_bnfolded"), new_b, true);
  graph.value(w_id).trainable = trainable;
  graph.value(b_id).trainable = trainable;
  Node& conv_ref = graph.nodes[static_cast<size_t>(producer)];  // (add_constant doesn't touch nodes)
  conv_ref.inputs.resize(3);
  conv_ref.inputs[1] = w_id;
  conv_ref.inputs[2] = b_id;
  conv_ref.outputs[0] = bn.outputs[0];
  bn.outputs.clear();
  bn.op_type = "__dead__";
}

// One value per channel of a rank-`rank` NCHW tensor: dims, right-aligned to
// the tensor, are 1 except `channels` at axis 1 (a [C] constant would
// broadcast along the last axis instead).
bool is_channel_vector(const Shape& dims, size_t rank, int64_t channels) {
  if (dims.size() > rank || rank < 2 || dims.size() + 1 < rank) return false;
  const size_t channel_axis = 1 - (rank - dims.size());
  for (size_t i = 0; i < dims.size(); ++i)
    if (dims[i] != (i == channel_axis ? channels : 1)) return false;
  return true;
}

// ConvTranspose [-> Add(per-channel constant)] -> BatchNormalization, as
// converters write a deconvolution with bias (Paddle2ONNX adds the bias
// separately): W is [Cin, Cout/group, kH, kW], output channel
// co = g * Cout/group + j for W[ci, j] with ci in group g, so
//   y = conv_t(x, W * s[co]) + (b_t + b_add - mean) * s + beta.
// The fused nodes become "__dead__"; returns the number of folds.
int fold_batch_norm_into_conv_transpose(Graph& graph, const std::vector<int>& consumers,
                                        const std::vector<int>& producer_of) {
  int folds = 0;
  for (Node& bn : graph.nodes) {
    if (bn.op_type != "BatchNormalization" || bn.outputs.size() != 1 || bn.inputs.size() != 5) continue;
    if (bn.attr_int("training_mode", 0) != 0 || bn.inputs[0] < 0) continue;
    int value = bn.inputs[0];
    if (consumers[static_cast<size_t>(value)] != 1) continue;
    int producer = producer_of[static_cast<size_t>(value)];
    if (producer < 0) continue;
    int add_node = -1;
    const Tensor* add_bias = nullptr;
    if (graph.nodes[static_cast<size_t>(producer)].op_type == "Add") {
      const Node& add = graph.nodes[static_cast<size_t>(producer)];
      if (add.inputs.size() != 2 || add.inputs[0] < 0 || add.inputs[1] < 0) continue;
      const int constant_side = graph.value(add.inputs[1]).constant ? 1 : 0;
      add_bias = float_constant(graph, add.inputs[static_cast<size_t>(constant_side)], -1);
      value = add.inputs[static_cast<size_t>(1 - constant_side)];
      if (!add_bias || graph.value(value).constant || consumers[static_cast<size_t>(value)] != 1) continue;
      add_node = producer;
      producer = producer_of[static_cast<size_t>(value)];
      if (producer < 0) continue;
    }
    Node& deconv = graph.nodes[static_cast<size_t>(producer)];
    if (deconv.op_type != "ConvTranspose" || deconv.inputs.size() < 2 || deconv.outputs.size() != 1) continue;
    const Tensor* w = float_constant(graph, deconv.inputs[1], -1);
    const int64_t group = deconv.attr_int("group", 1);
    if (!w || w->dims.size() < 3 || group < 1 || w->dims[0] % group != 0) continue;
    const int64_t per_group_out = w->dims[1], channels = per_group_out * group;
    const size_t rank = graph.value(deconv.outputs[0]).shape.size();
    if (add_bias && !is_channel_vector(add_bias->dims, rank, channels)) continue;
    const bool has_bias = deconv.inputs.size() > 2 && deconv.inputs[2] >= 0;
    const Tensor* b = has_bias ? float_constant(graph, deconv.inputs[2], channels) : nullptr;
    if (has_bias && !b) continue;
    std::vector<double> scale, shift;
    if (!batch_norm_affine(graph, bn, channels, &scale, &shift)) continue;

    auto new_b = Tensor::from_float(std::vector<float>(static_cast<size_t>(channels)), {channels});
    for (int64_t co = 0; co < channels; ++co) {
      const double bias = (b ? b->data<float>()[co] : 0.0) + (add_bias ? add_bias->data<float>()[co] : 0.0);
      new_b->data<float>()[co] = static_cast<float>(bias * scale[static_cast<size_t>(co)] + shift[static_cast<size_t>(co)]);
    }
    auto new_w = std::make_shared<Tensor>(*w);
    new_w->init = WeightInit::None;
    const int64_t in_per_group = w->dims[0] / group, kernel = w->numel() / (w->dims[0] * per_group_out);
    for (int64_t ci = 0; ci < w->dims[0]; ++ci)
      for (int64_t j = 0; j < per_group_out; ++j) {
        const double k = scale[static_cast<size_t>((ci / in_per_group) * per_group_out + j)];
        float* wk = new_w->data<float>() + (ci * per_group_out + j) * kernel;
        for (int64_t i = 0; i < kernel; ++i) wk[i] = static_cast<float>(wk[i] * k);
      }
    write_through_folded(graph, producer, new_w, new_b, bn);
    if (add_node >= 0) {
      graph.nodes[static_cast<size_t>(add_node)].outputs.clear();
      graph.nodes[static_cast<size_t>(add_node)].op_type = "__dead__";
    }
    ++folds;
  }
  return folds;
}
}  // namespace

int fold_batch_norm(Graph& graph) {
  std::vector<int> consumers = count_consumers(graph);
  std::vector<int> producer_of(graph.values.size(), -1);
  for (size_t n = 0; n < graph.nodes.size(); ++n)
    for (int out : graph.nodes[n].outputs) producer_of[static_cast<size_t>(out)] = static_cast<int>(n);

  int folds = fold_batch_norm_into_conv_transpose(graph, consumers, producer_of);
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
    std::vector<double> scale, shift;
    if (!batch_norm_affine(graph, bn, channels, &scale, &shift)) continue;

    auto new_w = std::make_shared<Tensor>(*w);
    new_w->init = WeightInit::None;
    auto new_b = Tensor::from_float(std::vector<float>(static_cast<size_t>(channels)), {channels});
    const int64_t per_channel = w->numel() / channels;
    for (int64_t c = 0; c < channels; ++c) {
      const double k = scale[static_cast<size_t>(c)];
      float* wc = new_w->data<float>() + c * per_channel;
      for (int64_t i = 0; i < per_channel; ++i) wc[i] = static_cast<float>(wc[i] * k);
      const double bias = b ? b->data<float>()[c] : 0.0;
      new_b->data<float>()[c] = static_cast<float>(bias * k + shift[static_cast<size_t>(c)]);
    }
    write_through_folded(graph, producer, new_w, new_b, bn);
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
