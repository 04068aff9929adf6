// The profiler: params, MACs/FLOPs, weight and activation bytes, peak memory,
// per layer and in total. Conventions in docs/profiling.md.
#include "report/profile.h"

#include <unordered_map>

#include "ops/shape_inference.h"
#include "ops/op_registry.h"
#include "passes/symbolic_shapes.h"
#include "report/weight_zeros.h"
#include "runtime/memory_plan.h"

namespace nnslim {
namespace {

int64_t value_bytes(const Value& v) {
  return shape_numel(v.shape) * static_cast<int64_t>(dtype_size(v.dtype));
}

// NCHW -> NHWC for display when the model is channels-last (builder models).
Shape display_shape(const Graph& graph, Shape shape) {
  if (graph.display_channels_last && shape.size() == 4) return {shape[0], shape[2], shape[3], shape[1]};
  return shape;
}

// A node the summary does not show: the builder's layout Transposes, and
// nodes folded away into constants (shape arithmetic of converted models).
bool is_hidden(const Graph& graph, const Node& node) {
  if (node.layer == kHiddenLayer) return true;
  for (int out : node.outputs)
    if (out >= 0 && !graph.value(out).constant) return false;
  return true;
}

std::string layer_key(const Node& node, size_t index) {
  if (!node.layer.empty()) return node.layer;
  // A node of its own: keyed by index so that nameless nodes stay apart.
  return "\x01node#" + std::to_string(index);
}

bool is_onnx_op(const Node& node, const char* op) { return node.op_type == op && node.domain.empty(); }

// The node whose layer each node is shown in: itself, but for the
// DequantizeLinear of a quantized weight in a graph without layer names (an
// ONNX QDQ file), which joins the layer of the node reading its output, so
// that a quantized Conv's row holds its int8 weight (params, sparsity) as a
// float Conv's does.
//
// With fold_qdq (summary's default), the activation QuantizeLinear /
// DequantizeLinear pairs of such a file join a layer too: a QuantizeLinear
// the layer of the node whose output it quantizes (a graph input's: the layer
// reading its DequantizeLinear), a DequantizeLinear that of the
// QuantizeLinear it reads. A QDQ Conv is then one row, as in its float file.
std::vector<size_t> display_owners(const Graph& graph, bool fold_qdq) {
  std::vector<size_t> owner(graph.nodes.size());
  std::vector<int> first_reader(graph.values.size(), -1);
  for (size_t n = graph.nodes.size(); n-- > 0;) {
    owner[n] = n;
    for (int in : graph.nodes[n].inputs)
      if (in >= 0) first_reader[static_cast<size_t>(in)] = static_cast<int>(n);
  }
  for (size_t n = 0; n < graph.nodes.size(); ++n) {
    const Node& node = graph.nodes[n];
    if (node.op_type != "DequantizeLinear" || !node.domain.empty() || !node.layer.empty() || node.inputs.empty() ||
        node.inputs[0] < 0 || node.outputs.empty() || node.outputs[0] < 0)
      continue;
    const Value& data = graph.value(node.inputs[0]);
    const int reader = first_reader[static_cast<size_t>(node.outputs[0])];
    if (data.is_param && data.constant && reader >= 0 && !is_hidden(graph, graph.nodes[static_cast<size_t>(reader)]))
      owner[n] = static_cast<size_t>(reader);
  }
  if (!fold_qdq) return owner;
  // Nodes in topological order: a producer's owner is final before its readers'.
  auto plain = [&](int node) {  // a shown node of the file's own (not a Q/DQ)
    if (node < 0) return false;
    const Node& other = graph.nodes[static_cast<size_t>(node)];
    return !is_hidden(graph, other) && !is_onnx_op(other, "QuantizeLinear") && !is_onnx_op(other, "DequantizeLinear");
  };
  for (size_t n = 0; n < graph.nodes.size(); ++n) {
    const Node& node = graph.nodes[n];
    if (!node.layer.empty() || node.inputs.empty() || node.inputs[0] < 0 || node.outputs.empty() || node.outputs[0] < 0)
      continue;
    const Value& x = graph.value(node.inputs[0]);
    if (x.constant) continue;
    if (is_onnx_op(node, "QuantizeLinear")) {
      if (plain(x.producer)) {
        owner[n] = owner[static_cast<size_t>(x.producer)];
      } else if (x.producer < 0) {  // a graph input: the layer that reads it (through the DQ)
        const int dq = first_reader[static_cast<size_t>(node.outputs[0])];
        if (dq >= 0 && is_onnx_op(graph.nodes[static_cast<size_t>(dq)], "DequantizeLinear") &&
            !graph.nodes[static_cast<size_t>(dq)].outputs.empty() && graph.nodes[static_cast<size_t>(dq)].outputs[0] >= 0) {
          const int reader = first_reader[static_cast<size_t>(graph.nodes[static_cast<size_t>(dq)].outputs[0])];
          if (plain(reader)) owner[n] = static_cast<size_t>(reader);
        }
      }
    } else if (is_onnx_op(node, "DequantizeLinear") && x.producer >= 0 &&
               is_onnx_op(graph.nodes[static_cast<size_t>(x.producer)], "QuantizeLinear")) {
      owner[n] = owner[static_cast<size_t>(x.producer)];
    }
  }
  return owner;
}

// Params a layer's nodes read, each counted once in the first layer that reads it.
// Trainable unless the value says otherwise or an op marks that input as
// statistics (BatchNormalization's mean/var).
std::vector<bool> non_trainable_params(const Graph& graph) {
  std::vector<bool> frozen(graph.values.size(), false);
  for (size_t v = 0; v < graph.values.size(); ++v) frozen[v] = !graph.values[v].trainable;
  for (const Node& node : graph.nodes) {
    const OpDef* def = find_op(node.domain, node.op_type);
    if (!def) continue;
    for (size_t i = 0; i < node.inputs.size() && i < 32; ++i)
      if (node.inputs[i] >= 0 && (def->non_trainable_inputs >> i & 1u)) frozen[static_cast<size_t>(node.inputs[i])] = true;
  }
  return frozen;
}

bool is_counted_param(const Value& v) { return v.is_param && v.constant != nullptr; }

}  // namespace

ModelProfile profile_graph(const Graph& graph, int64_t batch_size, const std::map<std::string, Shape>& input_shapes,
                           bool fold_qdq) {
  NNSLIM_CHECK(batch_size >= 1, ErrorCode::InvalidArgument, "profile: batch size must be >= 1, got ", batch_size);
  Graph shaped = graph;
  for (const auto& [input, dims] : input_shapes) shaped.bind_input_shape(input, dims);
  Graph bound = shaped;
  bound.bind_symbolic_dims(batch_size);
  infer_shapes(bound);
  const std::vector<SymbolicShape> symbolic = infer_symbolic_shapes(shaped);
  const std::vector<bool> frozen = non_trainable_params(bound);
  const std::vector<size_t> owners = display_owners(bound, fold_qdq);

  ModelProfile profile;
  profile.batch_size = batch_size;
  std::vector<bool> param_seen(bound.values.size(), false);
  std::unordered_map<std::string, size_t> layer_index;
  // Per layer: weight elements in kernels (rank >= 2) and their zeros, for sparsity.
  std::vector<int64_t> kernel_elements, kernel_zeros;
  // Zeros of each param value (float, or quantized: q equal to its zero point), counted once.
  WeightZeros weight_zeros(bound);
  auto zeros = [&](int v) { return weight_zeros.zeros(v); };
  std::vector<int64_t> largest_weight;  // per layer: elements of its largest weight so far

  for (size_t n = 0; n < bound.nodes.size(); ++n) {
    const Node& node = bound.nodes[n];
    const bool hidden = is_hidden(bound, node);
    const size_t shown_index = owners[n];
    const Node& shown = bound.nodes[shown_index];
    LayerProfile* layer = nullptr;
    if (!hidden) {
      const std::string key = layer_key(shown, shown_index);
      auto it = layer_index.find(key);
      if (it == layer_index.end()) {
        it = layer_index.emplace(key, profile.layers.size()).first;
        LayerProfile fresh;
        fresh.name = !shown.layer.empty() ? shown.layer : !shown.name.empty() ? shown.name : str(shown.op_type, "_", shown_index);
        fresh.type = !shown.layer_type.empty() ? shown.layer_type : shown.op_type;
        profile.layers.push_back(fresh);
        kernel_elements.push_back(0);
        kernel_zeros.push_back(0);
        largest_weight.push_back(0);
      }
      layer = &profile.layers[it->second];
      // The layer's output: its last node's first output.
      const int out = node.outputs.empty() ? -1 : node.outputs[0];
      if (out >= 0 && symbolic[static_cast<size_t>(out)].known) {
        layer->output_shape = display_shape(bound, symbolic[static_cast<size_t>(out)].shape);
        layer->batch_dim_symbolic = false;
        for (int64_t d : layer->output_shape) layer->batch_dim_symbolic = layer->batch_dim_symbolic || d < 0;
      }
    }

    // Params this node reads for the first time.
    for (int in : node.inputs) {
      if (in < 0 || param_seen[static_cast<size_t>(in)] || !is_counted_param(bound.value(in))) continue;
      param_seen[static_cast<size_t>(in)] = true;
      if (!layer) continue;  // totals below count every param
      const Tensor& t = *bound.value(in).constant;
      const int64_t count = t.numel();
      if (count > largest_weight[layer_index[layer_key(shown, shown_index)]]) {
        largest_weight[layer_index[layer_key(shown, shown_index)]] = count;
        layer->weight_dtype = dtype_name(t.dtype);
      }
      layer->params += count;
      (frozen[static_cast<size_t>(in)] ? layer->non_trainable_params : layer->trainable_params) += count;
      layer->nonzero_params += count - zeros(in);
      if (t.dims.size() >= 2) {
        kernel_elements[layer_index[layer_key(shown, shown_index)]] += count;
        kernel_zeros[layer_index[layer_key(shown, shown_index)]] += zeros(in);
      }
    }

    // Cost and activation bytes (folded nodes compute nothing at run time).
    if (hidden && node.layer != kHiddenLayer) continue;
    int64_t out_bytes = 0;
    for (int out : node.outputs)
      if (out >= 0 && !bound.value(out).constant && bound.value(out).has_shape) out_bytes += value_bytes(bound.value(out));
    profile.activation_bytes += out_bytes;
    const OpDef* def = find_op(node.domain, node.op_type);
    const OpCost cost = def && def->cost ? def->cost(bound, node) : OpCost{};
    // Each element of a Conv/Gemm/MatMul weight takes part in the same number
    // of MACs, so the MACs by nonzero weights are macs * (nonzero / weights).
    // The weight is input 1, a param or a DequantizeLinear of one (QDQ).
    int64_t effective = cost.macs;
    const int weight = cost.macs > 0 && node.inputs.size() > 1 ? weight_zeros.weight_param(node.inputs[1]) : -1;
    if (weight >= 0 && bound.value(weight).constant->dims.size() >= 2) {
      const int64_t weights = bound.value(weight).constant->numel();
      if (weights > 0) effective = static_cast<int64_t>(
          static_cast<double>(cost.macs) * static_cast<double>(weights - zeros(weight)) / static_cast<double>(weights) + 0.5);
    }
    profile.macs += cost.macs;
    profile.effective_macs += effective;
    profile.elementwise_ops += cost.elementwise_ops;
    if (layer) {
      layer->activation_bytes += out_bytes;
      layer->effective_macs += effective;
      layer->macs += cost.macs;
      layer->elementwise_ops += cost.elementwise_ops;
    }
  }

  for (size_t i = 0; i < profile.layers.size(); ++i) {
    LayerProfile& layer = profile.layers[i];
    layer.flops = 2 * layer.macs;
    layer.effective_flops = 2 * layer.effective_macs;
    layer.sparsity = kernel_elements[i] ? static_cast<double>(kernel_zeros[i]) / kernel_elements[i] : 0.0;
  }
  profile.flops = 2 * profile.macs;
  profile.effective_flops = 2 * profile.effective_macs;

  // Totals: every parameter once, whether or not a shown layer reads it.
  int64_t total_kernel_elements = 0, total_kernel_zeros = 0;
  for (size_t v = 0; v < bound.values.size(); ++v) {
    const Value& value = bound.values[v];
    if (!is_counted_param(value)) continue;
    const int64_t count = value.constant->numel();
    profile.params += count;
    profile.nonzero_params += count - zeros(static_cast<int>(v));
    if (value.constant->dims.size() >= 2) {
      total_kernel_elements += count;
      total_kernel_zeros += zeros(static_cast<int>(v));
    }
    (frozen[v] ? profile.non_trainable_params : profile.trainable_params) += count;
    const int64_t bytes = count * static_cast<int64_t>(dtype_size(value.constant->dtype));
    profile.weight_bytes += bytes;
    profile.weight_bytes_by_dtype[dtype_name(value.constant->dtype)] += bytes;
  }

  profile.sparsity = total_kernel_elements ? static_cast<double>(total_kernel_zeros) / total_kernel_elements : 0.0;
  // A quantized weight's scales and zero points (DequantizeLinear inputs 1
  // and 2 of a param) are weight bytes too, though not params.
  std::vector<bool> counted(bound.values.size(), false);
  for (const Node& node : bound.nodes) {
    if (node.op_type != "DequantizeLinear" || node.inputs.empty() || node.inputs[0] < 0 ||
        !is_counted_param(bound.value(node.inputs[0])))
      continue;
    for (size_t i = 1; i < node.inputs.size(); ++i) {
      const int in = node.inputs[i];
      if (in < 0 || counted[static_cast<size_t>(in)] || !bound.value(in).constant || is_counted_param(bound.value(in)))
        continue;
      counted[static_cast<size_t>(in)] = true;
      const Tensor& t = *bound.value(in).constant;
      const int64_t bytes = t.numel() * static_cast<int64_t>(dtype_size(t.dtype));
      profile.weight_bytes += bytes;
      profile.weight_bytes_by_dtype[dtype_name(t.dtype)] += bytes;
    }
  }

  profile.peak_memory_bytes = plan_memory(value_lifetimes(bound, node_steps(bound), 16)).arena_bytes;
  return profile;
}

}  // namespace nnslim
