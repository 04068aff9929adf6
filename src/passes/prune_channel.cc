// Channel pruning: a Conv (group 1) loses its weakest output channels and the
// graph shrinks around it (passes/prune.h lists what follows the channels).
//
// Three phases, so that nothing is edited before every check passed:
//   1. trace: from the conv's output, follow the channels through the ops
//      that keep them apart (BN, Pad, pools, unary elementwise ops, Add / Sub
//      / Mul / Div with a scalar or per-channel constant or between two
//      values that both carry these channels, a depthwise conv) to the
//      consumers that mix them (Conv, Gemm, MatMul); anything else (a
//      residual Add with another branch, a Concat, a graph output) leaves the
//      conv alone (reported).
//   2. rank: the channels by the L1 / L2 norm of their weight rows (scope
//      'global': normalized by the layer's mean norm, one pool).
//   3. shrink: slice every traced weight, bias and BN parameter, and the
//      channel dim of every traced value.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>

#include "core/error.h"
#include "ops/shape_inference.h"
#include "passes/prune_methods.h"

namespace nnslim {
namespace {

// What pruning one conv's output channels touches.
struct ChannelTrace {
  const PruneTarget* target = nullptr;
  std::vector<int> batch_norms;                    // per-channel inputs 1..4
  std::vector<int> depthwise;                      // channels go with the input
  std::vector<std::pair<int, int64_t>> consumers;  // (node, features per channel): input channels shrink
  std::vector<std::pair<int, int64_t>> values;     // (value, features per channel): dim 1 shrinks
  struct ChannelConstant {
    int node;
    size_t slot, axis;
  };
  std::vector<ChannelConstant> channel_constants;  // per-channel operands of Add/Sub/Mul/Div
  std::vector<int64_t> keep;                       // channels kept, ascending
};

bool is_channelwise_unary(const std::string& op) {
  static const char* const kOps[] = {"Relu", "Clip", "LeakyRelu", "Sigmoid", "Tanh", "HardSigmoid", "HardSwish",
                                     "Elu", "Selu", "Softplus", "Identity", "Dropout"};
  return std::any_of(std::begin(kOps), std::end(kOps), [&](const char* o) { return op == o; });
}

bool is_channel_preserving_pool(const std::string& op) {
  return op == "MaxPool" || op == "AveragePool" || op == "GlobalAveragePool" || op == "GlobalMaxPool";
}

const Tensor* float_const(const Graph& graph, const Node& node, size_t slot) {
  if (node.inputs.size() <= slot || node.inputs[slot] < 0) return nullptr;
  const Value& v = graph.value(node.inputs[slot]);
  return v.constant && v.constant->dtype == DType::Float32 ? v.constant.get() : nullptr;
}

// Pads of batch and channel axes are zero (only spatial padding).
bool pads_only_spatial(const Graph& graph, const Node& pad) {
  std::vector<int64_t> pads = pad.attr_ints("pads");
  if (pad.inputs.size() > 1 && pad.inputs[1] >= 0) {
    const Value& v = graph.value(pad.inputs[1]);
    if (!v.constant || !v.constant->materialized()) return false;
    pads = v.constant->to_int64_vector();
  }
  if (pads.size() < 4 || pads.size() % 2 != 0) return false;
  const size_t rank = pads.size() / 2;
  return pads[0] == 0 && pads[1] == 0 && pads[rank] == 0 && pads[rank + 1] == 0;
}

bool is_elementwise_binary(const std::string& op) {
  return op == "Add" || op == "Sub" || op == "Mul" || op == "Div";
}

// The axis of constant `c` that holds `channels` values when it broadcasts
// against a rank-`rank` NCHW tensor (dims right-aligned, every other dim 1);
// -1 if it is not such a per-channel vector.
int channel_axis_of(const Tensor& c, size_t rank, int64_t channels) {
  if (c.dims.size() > rank || c.dims.size() + 1 < rank) return -1;
  const size_t axis = 1 - (rank - c.dims.size());
  for (size_t d = 0; d < c.dims.size(); ++d)
    if (c.dims[d] != (d == axis ? channels : 1)) return -1;
  return static_cast<int>(axis);
}

// A value the channels flow through: `features` elements per channel along
// dim 1 (1, or H*W after a Flatten), rank `rank`.
struct TracedValue {
  int value;
  int64_t features;
  size_t rank;
};

class ChannelTracer {
 public:
  explicit ChannelTracer(const Graph& graph) : graph_(graph), consumers_(graph.values.size()) {
    for (size_t n = 0; n < graph.nodes.size(); ++n)
      for (size_t slot = 0; slot < graph.nodes[n].inputs.size(); ++slot)
        if (graph.nodes[n].inputs[slot] >= 0)
          consumers_[static_cast<size_t>(graph.nodes[n].inputs[slot])].emplace_back(static_cast<int>(n), slot);
  }

  // Empty when the conv's channels can be pruned; else why not.
  std::string trace(const PruneTarget& target, ChannelTrace* out) {
    const Node& conv = graph_.nodes[static_cast<size_t>(target.node)];
    if (target.group != 1) return "a grouped conv (its channels follow its input)";
    if (conv.inputs.size() > 2 && conv.inputs[2] >= 0 && !float_const(graph_, conv, 2)) return "its bias is not a constant";
    out->target = &target;
    const int64_t channels = target.outputs;
    // Binary ops whose two operands both carry the channels (x * hardsigmoid(x)):
    // visited once, checked at the end.
    std::vector<int> joins;
    std::vector<TracedValue> pending{{conv.outputs[0], 1, graph_.value(conv.inputs[1]).constant->dims.size()}};
    while (!pending.empty()) {
      const TracedValue traced = pending.back();
      const int value = traced.value;
      const int64_t features = traced.features;
      pending.pop_back();
      out->values.emplace_back(value, features);
      if (std::find(graph_.outputs.begin(), graph_.outputs.end(), value) != graph_.outputs.end())
        return str("its channels reach graph output '", graph_.value(value).name, "'");
      auto follow = [&](const Node& node, int64_t f, size_t rank) { pending.push_back({node.outputs[0], f, rank}); };
      for (const auto& [n, slot] : consumers_[static_cast<size_t>(value)]) {
        const Node& node = graph_.nodes[static_cast<size_t>(n)];
        const std::string& op = node.op_type;
        const bool whole_channels = features == 1 && slot == 0;
        if (whole_channels && op == "BatchNormalization" && node.inputs.size() == 5 && node.outputs.size() == 1) {
          bool per_channel = true;
          for (size_t i = 1; i < 5; ++i) {
            const Tensor* p = float_const(graph_, node, i);
            per_channel = per_channel && p && p->numel() == channels;
          }
          if (!per_channel) return str("its channels reach ", node.describe(), " whose parameters are not constants");
          out->batch_norms.push_back(n);
          follow(node, features, traced.rank);
        } else if (slot == 0 && is_channelwise_unary(op)) {
          follow(node, features, traced.rank);
        } else if (whole_channels && (is_channel_preserving_pool(op) || (op == "Pad" && pads_only_spatial(graph_, node)))) {
          follow(node, features, traced.rank);
        } else if (is_elementwise_binary(op) && node.inputs.size() == 2 && slot < 2) {
          const int other = node.inputs[1 - slot];
          const Value& other_value = graph_.value(other);
          if (other_value.constant) {
            if (!other_value.constant->materialized() || other_value.constant->dtype != DType::Float32)
              return str("its channels reach ", node.describe(), " with a constant that is not float");
            const Tensor& c = *other_value.constant;
            if (c.numel() != 1) {
              const int axis = features == 1 ? channel_axis_of(c, traced.rank, channels) : -1;
              if (axis < 0) return str("its channels reach ", node.describe(), " whose constant is not per channel");
              out->channel_constants.push_back({n, 1 - slot, static_cast<size_t>(axis)});
            }
            follow(node, features, traced.rank);
          } else if (std::find(joins.begin(), joins.end(), n) == joins.end()) {
            joins.push_back(n);
            follow(node, features, traced.rank);
          }
        } else if (whole_channels && op == "Conv" && float_const(graph_, node, 1)) {
          const Tensor& w = *float_const(graph_, node, 1);
          const int64_t group = node.attr_int("group", 1);
          if (group == 1) {
            out->consumers.emplace_back(n, 1);
          } else if (group == channels && w.dims[0] == channels) {
            if (node.inputs.size() > 2 && node.inputs[2] >= 0 && !float_const(graph_, node, 2))
              return str("its channels reach ", node.describe(), " whose bias is not a constant");
            out->depthwise.push_back(n);
            follow(node, features, traced.rank);
          } else {
            return str("its channels reach the grouped ", node.describe());
          }
        } else if (whole_channels && op == "Flatten" && node.attr_int("axis", 1) == 1) {
          const Graph* shapes = shaped();
          if (!shapes) return str("its channels reach ", node.describe(), " and the model's shapes are not static");
          const Shape& shape = shapes->value(value).shape;
          int64_t spatial = 1;
          for (size_t d = 2; d < shape.size(); ++d) spatial *= shape[d];
          follow(node, spatial, 2);
        } else if (slot == 0 && (op == "Gemm" || op == "MatMul") && float_const(graph_, node, 1) &&
                   float_const(graph_, node, 1)->dims.size() == 2 && node.attr_int("transA", 0) == 0 && traced.rank == 2) {
          out->consumers.emplace_back(n, features);
        } else {
          return str("its channels reach ", node.describe(), ", which mixes them with other values");
        }
      }
    }
    for (int n : joins) {
      const Node& node = graph_.nodes[static_cast<size_t>(n)];
      for (int in : node.inputs) {
        const bool traced = std::any_of(out->values.begin(), out->values.end(), [&](const auto& v) { return v.first == in; });
        if (!traced) return str("its channels reach ", node.describe(), ", which mixes them with other values");
      }
    }
    return "";
  }

 private:
  // The graph with inferred static shapes (batch 1), made when first needed;
  // null when its other dims are symbolic too (shape inference fails then).
  const Graph* shaped() {
    if (!shaped_tried_) {
      shaped_tried_ = true;
      Graph copy = graph_;
      copy.bind_symbolic_dims(1);
      try {
        infer_shapes(copy);
        shaped_.emplace(std::move(copy));
      } catch (const Error&) {
      }
    }
    return shaped_ ? &*shaped_ : nullptr;
  }

  const Graph& graph_;
  std::vector<std::vector<std::pair<int, size_t>>> consumers_;
  bool shaped_tried_ = false;
  std::optional<Graph> shaped_;
};

// Norm of each output channel's weights (L1 or L2).
std::vector<float> channel_norms(const Graph& graph, const PruneTarget& t, PruneCriterion criterion) {
  const Tensor& stored = *graph.value(graph.nodes[static_cast<size_t>(t.node)].inputs[1]).constant;
  Tensor unmaterialized_copy;  // a builder weight is only dims until materialized
  if (!stored.materialized()) {
    unmaterialized_copy = stored;
    unmaterialized_copy.materialize();
  }
  const Tensor& w = stored.materialized() ? stored : unmaterialized_copy;
  const int64_t row = w.numel() / t.outputs;
  std::vector<float> norms(static_cast<size_t>(t.outputs));
  for (int64_t o = 0; o < t.outputs; ++o) {
    double sum = 0;
    for (int64_t i = 0; i < row; ++i) {
      const double v = w.float_at(o * row + i);
      sum += criterion == PruneCriterion::L1 ? std::fabs(v) : v * v;
    }
    norms[static_cast<size_t>(o)] = static_cast<float>(criterion == PruneCriterion::L1 ? sum : std::sqrt(sum));
  }
  return norms;
}

// A copy of `t` keeping, along `axis`, the blocks of `block` elements at the
// given block indices (channel c -> block c along that axis).
TensorPtr slice_blocks(const Tensor& t, size_t axis, int64_t block, const std::vector<int64_t>& keep) {
  int64_t outer = 1, inner = 1;
  for (size_t d = 0; d < axis; ++d) outer *= t.dims[d];
  for (size_t d = axis + 1; d < t.dims.size(); ++d) inner *= t.dims[d];
  const int64_t kept = static_cast<int64_t>(keep.size()) * block;
  auto out = std::make_shared<Tensor>();
  out->dtype = t.dtype;
  out->dims = t.dims;
  out->dims[axis] = kept;
  out->bytes.resize(out->byte_size());
  const size_t elem = dtype_size(t.dtype), span = static_cast<size_t>(block * inner) * elem;
  const int64_t axis_len = t.dims[axis];
  for (int64_t o = 0; o < outer; ++o)
    for (size_t k = 0; k < keep.size(); ++k) {
      const size_t from = static_cast<size_t>((o * axis_len + keep[k] * block) * inner) * elem;
      const size_t to = static_cast<size_t>((o * kept + static_cast<int64_t>(k) * block) * inner) * elem;
      std::memcpy(out->bytes.data() + to, t.bytes.data() + from, span);
    }
  return out;
}

// Replaces node's input `slot` by its constant sliced along `axis`.
void slice_input(Graph& graph, int node, size_t slot, size_t axis, int64_t block, const std::vector<int64_t>& keep) {
  const std::vector<int>& inputs = graph.nodes[static_cast<size_t>(node)].inputs;
  if (slot >= inputs.size() || inputs[slot] < 0) return;  // no bias
  const int old_id = inputs[slot];
  Tensor source = *graph.value(old_id).constant;
  source.materialize();
  const Value& old_value = graph.value(old_id);
  const bool trainable = old_value.trainable, is_param = old_value.is_param;
  const std::string name = graph.unique_value_name(old_value.name + "_pruned");
  const int id = graph.add_constant(name, slice_blocks(source, axis, block, keep), is_param);
  graph.value(id).trainable = trainable;
  graph.nodes[static_cast<size_t>(node)].inputs[slot] = id;
}

void shrink(Graph& graph, const ChannelTrace& trace) {
  const std::vector<int64_t>& keep = trace.keep;
  const int conv = trace.target->node;
  slice_input(graph, conv, 1, 0, 1, keep);
  slice_input(graph, conv, 2, 0, 1, keep);
  for (int bn : trace.batch_norms)
    for (size_t slot = 1; slot < 5; ++slot) slice_input(graph, bn, slot, 0, 1, keep);
  for (int dw : trace.depthwise) {
    slice_input(graph, dw, 1, 0, 1, keep);
    slice_input(graph, dw, 2, 0, 1, keep);
    graph.nodes[static_cast<size_t>(dw)].attrs["group"] = Attribute::make_int(static_cast<int64_t>(keep.size()));
  }
  for (const auto& c : trace.channel_constants) slice_input(graph, c.node, c.slot, c.axis, 1, keep);
  for (const auto& [n, features] : trace.consumers) {
    const Node& node = graph.nodes[static_cast<size_t>(n)];
    // Conv W [O, C, kh, kw]: axis 1; Gemm B [K, N] (transB: [N, K]) and MatMul B [K, N]: the K axis.
    const bool k_last = node.op_type == "Gemm" && node.attr_int("transB", 0) != 0;
    const size_t axis = node.op_type == "Conv" || k_last ? 1 : 0;
    slice_input(graph, n, 1, axis, features, keep);
  }
  for (const auto& [value, features] : trace.values) {
    Value& v = graph.value(value);
    if (v.has_shape && v.shape.size() >= 2) v.shape[1] = static_cast<int64_t>(keep.size()) * features;
  }
}

// The `count` strongest of `scores`, ascending (at least one).
std::vector<int64_t> strongest(const std::vector<float>& scores, size_t pruned) {
  pruned = std::min(pruned, scores.size() - 1);
  std::vector<size_t> weak = weakest(scores, pruned);
  std::vector<int64_t> keep;
  for (size_t c = 0, w = 0; c < scores.size(); ++c) {
    if (w < weak.size() && weak[w] == c) ++w;
    else keep.push_back(static_cast<int64_t>(c));
  }
  return keep;
}

}  // namespace

void prune_channels(Graph& graph, const std::vector<PruneTarget>& targets, const PruneOptions& options,
                    PruneReport& report, const PruneProgress& progress) {
  ChannelTracer tracer(graph);
  std::vector<ChannelTrace> traces;
  for (const PruneTarget& t : targets) {
    if (t.op != "Conv") {
      NNSLIM_CHECK(!t.named, ErrorCode::InvalidArgument, "prune: layers names '", t.name,
                   "', a ", t.op, ": channel pruning applies to Conv layers");
      report.skipped.push_back(t.name + ": channel pruning applies to Conv layers");
      continue;
    }
    ChannelTrace trace;
    const std::string why = tracer.trace(t, &trace);
    if (!why.empty()) {
      NNSLIM_CHECK(!t.named, ErrorCode::InvalidArgument, "prune: layer '", t.name, "' cannot lose channels: ", why);
      report.skipped.push_back(t.name + ": " + why);
      continue;
    }
    traces.push_back(std::move(trace));
  }

  // Scope 'global': channels of every layer without its own sparsity in one
  // pool, each norm divided by its layer's mean norm (layers differ in scale).
  std::vector<float> pool;
  std::vector<size_t> pooled;  // trace indices
  for (size_t i = 0; i < traces.size(); ++i) {
    const PruneTarget& t = *traces[i].target;
    std::vector<float> norms = channel_norms(graph, t, options.criterion);
    if (options.scope == PruneScope::Global && !t.named) {
      double mean = 0;
      for (float n : norms) mean += n;
      mean /= static_cast<double>(norms.size());
      for (float& n : norms) n = mean > 0 ? static_cast<float>(n / mean) : 0.f;
      pool.insert(pool.end(), norms.begin(), norms.end());
      pooled.push_back(i);
      continue;
    }
    traces[i].keep = strongest(norms, units_to_prune(t.sparsity, norms.size()));
  }
  if (!pooled.empty()) {
    std::vector<bool> pruned(pool.size(), false);
    for (size_t i : weakest(pool, units_to_prune(options.sparsity, pool.size()))) pruned[i] = true;
    size_t start = 0;
    for (size_t i : pooled) {
      const size_t channels = static_cast<size_t>(traces[i].target->outputs);
      std::vector<float> marks(channels);
      size_t count = 0;
      for (size_t c = 0; c < channels; ++c) {
        marks[c] = pruned[start + c] ? 0.f : 1.f;
        count += pruned[start + c];
      }
      traces[i].keep = strongest(marks, count);
      start += channels;
    }
  }

  size_t done = 0;
  for (const ChannelTrace& trace : traces) {
    shrink(graph, trace);
    PrunedLayer layer = pruned_layer_report(graph, *trace.target);
    layer.channels_after = static_cast<int64_t>(trace.keep.size());
    report.layers.push_back(layer);
    if (progress) progress(++done, traces.size());
  }
}

}  // namespace nnslim
