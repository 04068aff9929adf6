// See quantize_qdq.h for the graph the pass writes.
#include "passes/quantize_qdq.h"

#include <algorithm>

#include "core/error.h"
#include "core/quant_math.h"
#include "onnx/onnx_import.h"
#include "ops/shape_inference.h"
#include "passes/fold_batch_norm.h"
#include "passes/upgrade_to_opset13.h"

namespace nnslim {
namespace {

bool is_qdq_op(const std::string& op) { return op == "QuantizeLinear" || op == "DequantizeLinear"; }

// Ops whose float outputs are shapes, masks or copies: never quantized themselves.
bool never_in_scope(const std::string& op) {
  // Plain arrays, not std::set / std::map: a string-keyed tree built from an
  // initializer list is ~1 KB of wasm per table, for a lookup done per node.
  static const char* const kOps[] = {"Shape", "Size", "Constant", "ConstantOfShape", "Cast", "Identity",
                                     "Dropout", "ArgMax", "Range", "Equal", "Greater", "GreaterOrEqual",
                                     "Less", "LessOrEqual", "Not", "And", "Or", "Xor"};
  for (const char* name : kOps)
    if (op == name) return true;
  return false;
}

bool is_weighted_op(const std::string& op) {
  return op == "Conv" || op == "ConvTranspose" || op == "Gemm" || op == "MatMul";
}

// The output holds a subset of the input's values: it can share its grid
// (so the int8 runtime copies instead of requantizing).
bool keeps_input_values(const Node& node) {
  const std::string& op = node.op_type;
  if (op == "Resize" || op == "Upsample") return node.attr_string("mode", "nearest") == "nearest";
  return op == "MaxPool" || op == "GlobalMaxPool" || op == "Reshape" || op == "Flatten" || op == "Transpose" ||
         op == "Squeeze" || op == "Unsqueeze";
}

std::string layer_of(const Node& node) { return node.layer.empty() ? node.name : node.layer; }

bool named_in(const Node& node, const std::vector<std::string>& names) {
  for (const std::string& n : names)
    if (n == node.name || (!node.layer.empty() && n == node.layer)) return true;
  return false;
}

void check_names_exist(const Graph& graph, const std::vector<std::string>& names, const char* option) {
  for (const std::string& name : names) {
    bool found = false;
    for (const Node& node : graph.nodes) found = found || node.name == name || node.layer == name;
    if (!found)
      fail(ErrorCode::InvalidArgument, "quantize: ", option, " names '", name, "', which is no node or layer of the model");
  }
}

std::vector<std::vector<int>> consumers_of(const Graph& graph) {
  std::vector<std::vector<int>> consumers(graph.values.size());
  for (size_t n = 0; n < graph.nodes.size(); ++n)
    for (int in : graph.nodes[n].inputs)
      if (in >= 0) consumers[static_cast<size_t>(in)].push_back(static_cast<int>(n));
  return consumers;
}

// Ops that no int8 step runs (they read and write float in the QDQ graph
// whatever the pass does). kFloat: reductions, softmax, normalization; Sub /
// Div / Pow of two tensors; MatMul of two activations; and elementwise ops of
// one tensor and scalars (what the int8 runtime runs as tables) whose tensor
// comes from a kFloat op: a LayerNorm's Pow / Add(eps) / Sqrt on its float
// variance path. kFloatConstant: Add / Sub / Mul / Div / Pow with a
// non-scalar constant (a LayerNorm's gamma and beta, a MatMul's bias):
// float too, but nothing inherits from it (an activation after a bias Add
// stays one int8 table).
enum class FloatOnly : uint8_t { kNo, kFloat, kFloatConstant };

std::vector<FloatOnly> float_only_nodes(const Graph& graph) {
  static const char* const kFloatOps[] = {"ReduceMean", "ReduceSum", "ReduceSumSquare", "ReduceL2", "ReduceProd",
                                          "Softmax",    "LogSoftmax", "LayerNormalization"};
  static const char* const kArithmetic[] = {"Add", "Sub", "Mul", "Div", "Pow"};
  static const char* const kUnary[] = {"Sqrt", "Reciprocal", "Exp", "Log", "Erf", "Neg", "Abs", "Tanh", "Sigmoid"};
  auto listed = [](const std::string& op, const auto& names) {
    for (const char* name : names)
      if (op == name) return true;
    return false;
  };
  std::vector<FloatOnly> kind(graph.nodes.size(), FloatOnly::kNo);
  for (size_t n = 0; n < graph.nodes.size(); ++n) {  // topological order: producers first
    const Node& node = graph.nodes[n];
    if (!node.domain.empty()) continue;
    const std::string& op = node.op_type;
    int tensors = 0, tensor = -1;
    bool non_scalar_constant = false;
    for (int in : node.inputs) {
      if (in < 0) continue;
      const Value& v = graph.value(in);
      if (!v.constant) ++tensors, tensor = in;
      else non_scalar_constant = non_scalar_constant || v.constant->numel() != 1;
    }
    const bool arithmetic = listed(op, kArithmetic);
    if (arithmetic && non_scalar_constant) {
      kind[n] = FloatOnly::kFloatConstant;
      continue;
    }
    bool is_float = listed(op, kFloatOps) || (op == "MatMul" && tensors == 2) ||
                    (arithmetic && tensors == 2 && op != "Add" && op != "Mul");
    if (!is_float && (arithmetic || listed(op, kUnary)) && tensors == 1) {
      const int producer = graph.value(tensor).producer;
      is_float = producer >= 0 && kind[static_cast<size_t>(producer)] == FloatOnly::kFloat;
    }
    if (is_float) kind[n] = FloatOnly::kFloat;
  }
  return kind;
}

const Tensor* float_weight(const Graph& graph, const Node& node, size_t input) {
  if (input >= node.inputs.size() || node.inputs[input] < 0) return nullptr;
  const Value& v = graph.value(node.inputs[input]);
  if (!v.constant || v.dtype != DType::Float32 || !v.constant->materialized()) return nullptr;
  return v.constant.get();
}

// The Add that adds a constant row bias [N] to MatMul node `n`'s output
// (x W + b: how exporters write a Linear layer), else -1. The int8 runtime
// folds it into the MatMul's int32 bias: the pass quantizes that bias at
// s_x * s_w and leaves the MatMul's own output float (one rounding, at the
// Add's output).
int bias_add_of(const Graph& graph, const std::vector<std::vector<int>>& consumers, const std::vector<bool>& is_output,
                size_t n) {
  const Node& node = graph.nodes[n];
  if (node.op_type != "MatMul" || node.outputs.size() != 1 || !node.domain.empty()) return -1;
  const Tensor* weight = float_weight(graph, node, 1);
  if (!weight || weight->dims.size() != 2) return -1;
  const int out = node.outputs[0];
  if (is_output[static_cast<size_t>(out)] || consumers[static_cast<size_t>(out)].size() != 1) return -1;
  const int add = consumers[static_cast<size_t>(out)][0];
  const Node& add_node = graph.nodes[static_cast<size_t>(add)];
  if (add_node.op_type != "Add" || !add_node.domain.empty() || add_node.inputs.size() != 2) return -1;
  const size_t other = add_node.inputs[0] == out ? 1 : 0;
  if (add_node.inputs[1 - other] != out || add_node.inputs[other] == out) return -1;
  const Tensor* bias = float_weight(graph, add_node, other);
  return bias && bias->dims == Shape{weight->dims[1]} ? add : -1;
}

// Which nodes and activations the pass quantizes (see quantize_qdq.h).
struct Plan {
  std::vector<bool> node_in_scope;
  std::vector<bool> value_quantized;
  std::vector<std::vector<int>> consumers;
  std::vector<int> bias_add;  // per node: bias_add_of() when both nodes are in scope, else -1
};

Plan plan_quantization(const Graph& graph, const QuantizeOptions& options) {
  Plan plan;
  plan.consumers = consumers_of(graph);
  plan.node_in_scope.assign(graph.nodes.size(), false);
  plan.value_quantized.assign(graph.values.size(), false);
  std::vector<bool> is_output(graph.values.size(), false);
  for (int out : graph.outputs) is_output[static_cast<size_t>(out)] = true;
  for (size_t n = 0; n < graph.nodes.size(); ++n) {
    const Node& node = graph.nodes[n];
    bool in = !never_in_scope(node.op_type) && node.domain.empty();
    if (!options.only.empty()) in = in && named_in(node, options.only);
    in = in && !named_in(node, options.skip);
    plan.node_in_scope[n] = in;
  }
  // A compute op's (or an Add's: a residual block's Add -> Relu) Relu / Clip
  // belongs to it: the runtime folds it into the op's output clamp, with no
  // Q/DQ pair (and its table pass) between them.
  auto folded_activation = [&](int value) -> int {
    const Value& v = graph.value(value);
    if (v.producer < 0 || is_output[static_cast<size_t>(value)]) return -1;
    const std::string& producer = graph.nodes[static_cast<size_t>(v.producer)].op_type;
    if (!is_weighted_op(producer) && producer != "Add") return -1;
    const std::vector<int>& readers = plan.consumers[static_cast<size_t>(value)];
    if (readers.size() != 1) return -1;
    const std::string& op = graph.nodes[static_cast<size_t>(readers[0])].op_type;
    return op == "Relu" || op == "Clip" ? readers[0] : -1;
  };
  for (size_t n = 0; n < graph.nodes.size(); ++n) {
    if (!plan.node_in_scope[n] || graph.nodes[n].outputs.empty()) continue;
    const int activation = folded_activation(graph.nodes[n].outputs[0]);
    if (activation >= 0) plan.node_in_scope[static_cast<size_t>(activation)] = true;
  }
  plan.bias_add.assign(graph.nodes.size(), -1);
  for (size_t n = 0; n < graph.nodes.size(); ++n) {
    const int add = plan.node_in_scope[n] ? bias_add_of(graph, plan.consumers, is_output, n) : -1;
    if (add >= 0 && plan.node_in_scope[static_cast<size_t>(add)]) plan.bias_add[n] = add;
  }
  if (options.weight_only) return plan;
  // A tensor between float-only ops (or from one to the graph output) is
  // left float: a Q/DQ pair there would only add rounding and two passes.
  std::vector<FloatOnly> float_only = float_only_nodes(graph);
  for (int add : plan.bias_add)
    if (add >= 0) float_only[static_cast<size_t>(add)] = FloatOnly::kNo;  // folded into the int8 MatMul
  auto reads_float = [&](int reader) {
    const size_t r = static_cast<size_t>(reader);
    return float_only[r] != FloatOnly::kNo || !plan.node_in_scope[r];
  };
  for (size_t id = 0; id < graph.values.size(); ++id) {
    const Value& v = graph.values[id];
    if (v.constant || v.dtype != DType::Float32) continue;
    bool quantize = v.producer >= 0 && plan.node_in_scope[static_cast<size_t>(v.producer)];
    for (int reader : plan.consumers[id]) quantize = quantize || plan.node_in_scope[static_cast<size_t>(reader)];
    if (v.producer < 0 && std::find(graph.inputs.begin(), graph.inputs.end(), static_cast<int>(id)) == graph.inputs.end())
      quantize = false;  // neither produced nor a graph input: unused
    const bool float_source =
        v.producer < 0 ? !plan.consumers[id].empty() : float_only[static_cast<size_t>(v.producer)] != FloatOnly::kNo;
    if (float_source && std::all_of(plan.consumers[id].begin(), plan.consumers[id].end(), reads_float)) quantize = false;
    const bool biased = v.producer >= 0 && plan.bias_add[static_cast<size_t>(v.producer)] >= 0;
    plan.value_quantized[id] = quantize && !biased && folded_activation(static_cast<int>(id)) < 0;
  }
  return plan;
}

// Output-channel axis of a weight for per-channel scales; -1: per tensor.
int64_t weight_axis(const Node& node, const Tensor& weight, bool per_channel) {
  if (!per_channel) return -1;
  const int64_t rank = static_cast<int64_t>(weight.dims.size());
  if (node.op_type == "Conv") return rank >= 2 ? 0 : -1;
  if (node.op_type == "ConvTranspose") return rank >= 2 && node.attr_int("group", 1) == 1 ? 1 : -1;
  if (node.op_type == "Gemm") return rank == 2 ? (node.attr_int("transB", 0) ? 0 : 1) : -1;
  return rank >= 2 ? rank - 1 : -1;  // MatMul [.., K, N]
}

// Whether a Conv/Gemm's bias (input 2) can be int32 at s_x * s_w: a 1-D
// constant with one value per output channel, and for Gemm alpha = beta = 1.
bool bias_quantizable(const Node& node, const Tensor& bias, int64_t channels) {
  if (bias.dims.size() != 1 || bias.dims[0] != channels) return false;
  if (node.op_type == "Gemm") return node.attr_float("alpha", 1.f) == 1.f && node.attr_float("beta", 1.f) == 1.f;
  return node.op_type == "Conv" || node.op_type == "ConvTranspose";
}


int64_t output_channels(const Node& node, const Tensor& weight) {
  if (node.op_type == "Conv") return weight.dims[0];
  if (node.op_type == "ConvTranspose") return weight.dims[1] * node.attr_int("group", 1);
  if (node.op_type == "Gemm" && node.attr_int("transB", 0)) return weight.dims[0];
  return weight.dims.back();
}

TensorPtr dequantize(const QuantizedWeight& qw, int64_t axis) {
  const Tensor& q = *qw.values;
  auto out = std::make_shared<Tensor>();
  out->dtype = DType::Float32;
  out->dims = q.dims;
  out->bytes.resize(q.byte_size() * 4);
  int64_t channels = 1, inner = q.numel();
  if (axis >= 0) {
    channels = q.dims[static_cast<size_t>(axis)];
    inner = 1;
    for (size_t d = static_cast<size_t>(axis) + 1; d < q.dims.size(); ++d) inner *= q.dims[d];
  }
  for (int64_t i = 0; i < q.numel(); ++i) {
    const float s = qw.scales[static_cast<size_t>(channels == 1 ? 0 : (i / inner) % channels)];
    out->data<float>()[i] = dequantize_value(q.data<int8_t>()[i], s, 0);
  }
  return out;
}

// Empirical bias correction (Nagel et al. 2019, "Data-Free Quantization"):
// the weight error dW = dequantize(W_q) - W shifts output channel c by
// E[sum_i dW[c, i] x_i] = sum_i dW[c, i] E[x_i] on average, a bias that
// accumulates layer after layer instead of averaging out. Subtracting it
// from the bias, with E[x_i] the calibration mean of input channel i, removes
// it. Conv (any group; padding is ignored) and Gemm; false otherwise.
bool correct_bias(const Node& node, const Tensor& weight, const Tensor& dequantized, const std::vector<float>& means,
                  Tensor& bias) {
  const float* w = weight.data<float>();
  const float* wq = dequantized.data<float>();
  float* b = bias.data<float>();
  if (node.op_type == "Conv" && weight.dims.size() >= 3) {
    const int64_t cout = weight.dims[0], cin_group = weight.dims[1];
    const int64_t group = node.attr_int("group", 1);
    int64_t taps = 1;
    for (size_t d = 2; d < weight.dims.size(); ++d) taps *= weight.dims[d];
    if (static_cast<int64_t>(means.size()) != cin_group * group || cout % group) return false;
    for (int64_t c = 0; c < cout; ++c) {
      const int64_t first_input = (c / (cout / group)) * cin_group;
      double shift = 0;
      for (int64_t i = 0; i < cin_group; ++i)
        for (int64_t k = 0; k < taps; ++k) {
          const int64_t at = (c * cin_group + i) * taps + k;
          shift += (static_cast<double>(wq[at]) - w[at]) * means[static_cast<size_t>(first_input + i)];
        }
      b[c] = static_cast<float>(b[c] - shift);
    }
    return true;
  }
  if (node.op_type == "Gemm" && weight.dims.size() == 2 && !node.attr_int("transA", 0) &&
      node.attr_float("alpha", 1.f) == 1.f && node.attr_float("beta", 1.f) == 1.f) {
    const bool trans_b = node.attr_int("transB", 0) != 0;
    const int64_t k_dim = trans_b ? weight.dims[1] : weight.dims[0], n_dim = trans_b ? weight.dims[0] : weight.dims[1];
    if (static_cast<int64_t>(means.size()) != k_dim) return false;
    for (int64_t c = 0; c < n_dim; ++c) {
      double shift = 0;
      for (int64_t k = 0; k < k_dim; ++k) {
        const int64_t at = trans_b ? c * k_dim + k : k * n_dim + c;
        shift += (static_cast<double>(wq[at]) - w[at]) * means[static_cast<size_t>(k)];
      }
      b[c] = static_cast<float>(b[c] - shift);
    }
    return true;
  }
  return false;
}

// Whether every node means the same at `opset` as at the graph's opset:
// false if an op's contract changed in between (attributes that became
// inputs, changed axis rules). Raising the opset is then not a relabel; the
// graph keeps its opset (nnslim runs its QDQ nodes either way, but a file
// with per-axis DequantizeLinear below opset 13 is not valid ONNX).
bool keeps_meaning_up_to(const Graph& graph, int64_t opset) {
  struct Change {
    const char* op;
    int64_t opset;  // the opset whose version of the op means something else
  };
  static const Change kChanged[] = {
      {"Clip", 11},    {"Slice", 10},    {"Squeeze", 13},    {"Unsqueeze", 13}, {"Split", 13},
      {"ReduceSum", 13}, {"Softmax", 13}, {"LogSoftmax", 13}, {"Hardmax", 13},   {"Pad", 11},
      {"Resize", 11},  {"Upsample", 10}, {"TopK", 10},       {"BatchNormalization", 9}};
  for (const Node& node : graph.nodes)
    for (const Change& change : kChanged)
      if (node.op_type == change.op && change.opset > graph.opset && change.opset <= opset) return false;
  return true;
}

class QdqWriter {
 public:
  explicit QdqWriter(Graph& graph) : g_(graph) {}

  TensorPtr scalar_float(float v) { return Tensor::from_float({v}, {}); }
  TensorPtr int8_zeros(const std::vector<int32_t>& zeros, const Shape& dims) {
    auto t = std::make_shared<Tensor>();
    t->dtype = DType::Int8;
    t->dims = dims;
    for (int32_t z : zeros) t->bytes.push_back(static_cast<uint8_t>(static_cast<int8_t>(z)));
    return t;
  }
  TensorPtr zeros_of(DType dtype, const Shape& dims) {
    auto t = std::make_shared<Tensor>();
    t->dtype = dtype;
    t->dims = dims;
    t->bytes.assign(t->byte_size(), 0);
    return t;
  }

  int constant(const std::string& base, TensorPtr tensor) {
    return g_.add_constant(g_.unique_value_name(base), std::move(tensor), false);
  }
  int activation_value(const std::string& base, DType dtype, const Value& like) {
    const Shape shape = like.shape;
    const bool has_shape = like.has_shape;
    const int id = g_.add_value(g_.unique_value_name(base));
    Value& v = g_.value(id);
    v.dtype = dtype;
    v.shape = shape;
    v.has_shape = has_shape;
    return id;
  }
  // A Q/DQ node shown in profiles as part of `owner`'s layer.
  Node node(const std::string& op, const std::string& name, std::vector<int> inputs, int output, const Node* owner,
            int64_t axis = -1) {
    Node n;
    n.layer = owner ? layer_of(*owner) : kHiddenLayer;
    if (owner) n.layer_type = owner->layer_type.empty() ? owner->op_type : owner->layer_type;
    n.op_type = op;
    n.name = name;
    n.inputs = std::move(inputs);
    n.outputs = {output};
    if (axis >= 0) n.attrs["axis"] = Attribute::make_int(axis);
    return n;
  }

 private:
  Graph& g_;
};

}  // namespace

Graph prepare_for_quantization(const Graph& source, const QuantizeOptions& options) {
  for (const Node& node : source.nodes)
    if (is_qdq_op(node.op_type))
      fail(ErrorCode::InvalidArgument, "quantize: the model is already quantized (", node.describe(),
           " is a ", node.op_type, "); quantize its float original instead");
  check_names_exist(source, options.skip, "skip");
  check_names_exist(source, options.only, "only");
  Graph graph = source;
  for (Value& v : graph.values)
    if (v.constant && !v.constant->materialized()) {
      auto copy = std::make_shared<Tensor>(*v.constant);  // the source keeps its unmaterialized weights
      copy->materialize();
      v.constant = std::move(copy);
    }
  // Dtypes from shape inference on a
  // copy whose symbolic dims are bound: to 1, or, when a window does not fit
  // (a model with dynamic H/W), to sizes an image could have.
  Graph bound;
  for (int64_t size : {1, 64, 224}) {
    bound = graph;
    bound.bind_symbolic_dims(size);
    try {
      infer_shapes(bound);
      break;
    } catch (const Error&) {
      if (size == 224) throw;
    }
  }
  // Only dtypes: the bound shapes hold the made-up sizes, and an exported
  // graph must not carry them.
  for (size_t i = 0; i < graph.values.size(); ++i) graph.values[i].dtype = bound.values[i].dtype;
  fold_batch_norm(graph);
  graph.remove_dead_nodes();
  graph.rebuild_producers();
  return graph;
}

std::vector<std::string> activations_to_quantize(const Graph& prepared, const QuantizeOptions& options) {
  const Plan plan = plan_quantization(prepared, options);
  std::vector<std::string> names;
  for (size_t id = 0; id < prepared.values.size(); ++id)
    if (plan.value_quantized[id]) names.push_back(prepared.values[id].name);
  return names;
}

void quantize_qdq(Graph& graph, const std::map<std::string, ValueRange>& ranges, const QuantizeOptions& options,
                  const std::map<std::string, std::vector<float>>* input_means) {
  const Plan plan = plan_quantization(graph, options);
  const size_t original_values = graph.values.size();
  std::vector<bool> is_output(original_values, false);
  for (int out : graph.outputs) is_output[static_cast<size_t>(out)] = true;

  // Activation parameters: from the ranges, then shared grids.
  std::vector<ActivationQParams> params(original_values);
  for (size_t id = 0; id < original_values; ++id) {
    if (!plan.value_quantized[id]) continue;
    auto it = ranges.find(graph.values[id].name);
    NNSLIM_CHECK(it != ranges.end(), ErrorCode::Internal, "quantize: no calibrated range for '",
                 graph.values[id].name, "'");
    params[id] = activation_qparams(it->second, options.symmetric_activations);
  }
  auto quantized = [&](int id) { return id >= 0 && plan.value_quantized[static_cast<size_t>(id)]; };
  for (size_t n = 0; n < graph.nodes.size(); ++n) {
    const Node& node = graph.nodes[n];
    if (node.op_type != "Concat" || !plan.node_in_scope[n] || !quantized(node.outputs[0])) continue;
    for (int in : node.inputs) {
      const Value& v = graph.value(in);
      if (quantized(in) && v.producer >= 0 && !is_output[static_cast<size_t>(in)] &&
          plan.consumers[static_cast<size_t>(in)].size() == 1)
        params[static_cast<size_t>(in)] = params[static_cast<size_t>(node.outputs[0])];
    }
  }
  for (size_t n = 0; n < graph.nodes.size(); ++n) {
    const Node& node = graph.nodes[n];
    if (keeps_input_values(node) && plan.node_in_scope[n] && !node.inputs.empty() &&
        quantized(node.inputs[0]) && quantized(node.outputs[0]))
      params[static_cast<size_t>(node.outputs[0])] = params[static_cast<size_t>(node.inputs[0])];
  }

  // Floors on a weight's scales that keep the node's int32 bias in range
  // (bias_scale_floors); none when the bias stays float.
  // The float bias of node n: its input 2, or a MatMul's bias Add constant.
  auto bias_of = [&](size_t n) -> const Tensor* {
    const int add = plan.bias_add[n];
    if (add < 0) return float_weight(graph, graph.nodes[n], 2);
    const Node& add_node = graph.nodes[static_cast<size_t>(add)];
    return float_weight(graph, add_node, add_node.inputs[0] == graph.nodes[n].outputs[0] ? 1 : 0);
  };
  auto int32_bias_fits = [&](size_t n, const Tensor& bias, int64_t channels) {
    const Node& node = graph.nodes[n];
    return plan.bias_add[n] >= 0 ? bias.dims == Shape{channels} : bias_quantizable(node, bias, channels);
  };
  auto weight_scale_floors = [&](size_t n, const Tensor& weight, int64_t axis) -> std::vector<float> {
    const Node& node = graph.nodes[n];
    const Tensor* bias = bias_of(n);
    if (options.weight_only || !bias || node.inputs.empty() || !quantized(node.inputs[0])) return {};
    if (!int32_bias_fits(n, *bias, output_channels(node, weight))) return {};
    std::vector<float> floors = bias_scale_floors(*bias, params[static_cast<size_t>(node.inputs[0])].scale);
    if (axis < 0 && !floors.empty()) floors = {*std::max_element(floors.begin(), floors.end())};
    return floors;
  };

  QdqWriter w(graph);
  bool per_axis_used = false;
  std::vector<int> remap(original_values);
  for (size_t i = 0; i < original_values; ++i) remap[i] = static_cast<int>(i);
  std::vector<Node> nodes;

  // t -> Q -> DQ; consumers read the DQ output (a graph output keeps its
  // name: the producer writes a new value instead).
  auto emit_qdq = [&](int t, int producer) {
    const std::string name = graph.value(t).name;
    const ActivationQParams& p = params[static_cast<size_t>(t)];
    const int scale = w.constant(name + "_scale", w.scalar_float(p.scale));
    const int zero = w.constant(name + "_zero_point", w.int8_zeros({p.zero_point}, {}));
    int source = t, dequantized;
    if (is_output[static_cast<size_t>(t)] && producer >= 0) {
      source = w.activation_value(name + "_float", DType::Float32, graph.value(t));
      for (int& out : nodes[static_cast<size_t>(producer)].outputs)
        if (out == t) out = source;
      dequantized = t;
    } else {
      dequantized = w.activation_value(name + "_dequantized", DType::Float32, graph.value(t));
      remap[static_cast<size_t>(t)] = dequantized;
    }
    const int q = w.activation_value(name + "_quantized", DType::Int8, graph.value(t));
    const Node* owner = producer >= 0 ? &nodes[static_cast<size_t>(producer)] : nullptr;
    Node quantize = w.node("QuantizeLinear", name + "_QuantizeLinear", {source, scale, zero}, q, owner);
    Node dequantize = w.node("DequantizeLinear", name + "_DequantizeLinear", {q, scale, zero}, dequantized, owner);
    nodes.push_back(std::move(quantize));
    nodes.push_back(std::move(dequantize));
  };

  for (int in : graph.inputs)
    if (quantized(in)) emit_qdq(in, -1);

  // bias -> int32 codes at input_scale * weight_scales[c] -> DequantizeLinear
  // (axis 0 when per channel); returns the float value it writes.
  auto emit_int32_bias = [&](const Tensor& bias, float input_scale, const std::vector<float>& weight_scales,
                             const std::string& base, const Node& owner) -> int {
    std::vector<float> scales;
    TensorPtr values = quantize_bias(bias, input_scale, weight_scales, scales);
    const bool per_channel = weight_scales.size() > 1;
    if (!per_channel) scales.resize(1);
    const Shape param_dims = per_channel ? Shape{bias.numel()} : Shape{};
    const int values_id = graph.add_constant(graph.unique_value_name(base + "_quantized"), values, true);
    const int scale = w.constant(base + "_scale", Tensor::from_float(scales, param_dims));
    // No x_zero_point: it is optional and 0 by default (ONNX DequantizeLinear,
    // opset 10+); the int32 codes carry the dtype. A tensor of zeros per
    // channel would only add 4 bytes per channel to the file.
    const int dq = graph.add_value(graph.unique_value_name(base + "_dequantized"));
    graph.value(dq).dtype = DType::Float32;
    graph.value(dq).shape = bias.dims;
    graph.value(dq).has_shape = true;
    nodes.push_back(w.node("DequantizeLinear", base + "_DequantizeLinear", {values_id, scale}, dq, &owner,
                           per_channel ? 0 : -1));
    return dq;
  };
  // A MatMul's bias Add (plan.bias_add), by Add node: what its int32 bias needs.
  struct PendingBias {
    size_t add;
    float input_scale;
    std::vector<float> weight_scales;
  };
  std::vector<PendingBias> pending_biases;

  struct WeightDq {
    int weight;    // the float weight value
    int64_t axis;  // its quantization axis (-1: per tensor)
    int value;
    std::vector<float> scales;
    TensorPtr dequantized;  // float32: (q - 0) * s, for bias correction
  };
  std::vector<WeightDq> weight_cache;  // one per (weight, axis): a weight shared by nodes is quantized once
  const size_t original_nodes = graph.nodes.size();
  for (size_t n = 0; n < original_nodes; ++n) {
    Node node = graph.nodes[n];
    if (node.layer.empty()) node.layer = node.name;  // its Q/DQ nodes join its layer
    const int raw_input = node.inputs.empty() ? -1 : node.inputs[0];
    for (int& in : node.inputs)
      if (in >= 0) in = remap[static_cast<size_t>(in)];

    const Tensor* weight = plan.node_in_scope[n] && is_weighted_op(node.op_type) ? float_weight(graph, node, 1) : nullptr;
    if (weight) {
      const int64_t axis = weight_axis(node, *weight, options.per_channel);
      const int weight_id = graph.nodes[n].inputs[1];
      auto cached = std::find_if(weight_cache.begin(), weight_cache.end(),
                                 [&](const WeightDq& c) { return c.weight == weight_id && c.axis == axis; });
      if (cached == weight_cache.end()) {
        const std::string base = graph.value(weight_id).name;
        QuantizedWeight qw = quantize_weight_symmetric(*weight, axis, options.weight_bits,
                                                       weight_scale_floors(n, *weight, axis));
        const Shape param_dims = axis >= 0 ? Shape{static_cast<int64_t>(qw.scales.size())} : Shape{};
        per_axis_used = per_axis_used || axis >= 0;
        const int values = graph.add_constant(graph.unique_value_name(base + "_quantized"), qw.values, true);
        const int scale = w.constant(base + "_scale", Tensor::from_float(qw.scales, param_dims));
        // Symmetric weights: z = 0 is DequantizeLinear's default for an omitted
        // x_zero_point (the int8 codes set the dtype), so none is written.
        const int dq = w.activation_value(base + "_dequantized", DType::Float32, graph.value(weight_id));
        nodes.push_back(w.node("DequantizeLinear", base + "_DequantizeLinear", {values, scale}, dq, &node, axis));
        weight_cache.push_back(WeightDq{weight_id, axis, dq, qw.scales, dequantize(qw, axis)});
        cached = weight_cache.end() - 1;
      }
      node.inputs[1] = cached->value;
      const int64_t channels = output_channels(node, *weight);
      TensorPtr bias;
      if (const Tensor* given = float_weight(graph, graph.nodes[n], 2)) bias = std::make_shared<Tensor>(*given);
      if (plan.bias_add[n] >= 0 && !options.weight_only && quantized(raw_input))
        pending_biases.push_back(
            PendingBias{static_cast<size_t>(plan.bias_add[n]), params[static_cast<size_t>(raw_input)].scale, cached->scales});
      const std::vector<float>* means = nullptr;
      if (options.bias_correction && input_means) {
        auto found = input_means->find(graph.value(raw_input).name);
        if (found != input_means->end()) means = &found->second;
      }
      bool corrected = false;
      if (means && (!bias || bias_quantizable(node, *bias, channels))) {
        if (!bias) bias = w.zeros_of(DType::Float32, {channels});
        corrected = correct_bias(node, *weight, *cached->dequantized, *means, *bias);
      }
      const std::string bias_base = node.inputs.size() > 2 && node.inputs[2] >= 0
                                        ? graph.value(graph.nodes[n].inputs[2]).name
                                        : node.name + "_bias";
      if (bias && !options.weight_only && quantized(raw_input) && bias_quantizable(node, *bias, channels)) {
        node.inputs.resize(3, -1);
        node.inputs[2] = emit_int32_bias(*bias, params[static_cast<size_t>(raw_input)].scale, cached->scales,
                                         bias_base, node);
      } else if (corrected) {
        node.inputs.resize(3, -1);
        node.inputs[2] = graph.add_constant(graph.unique_value_name(bias_base + "_corrected"), bias, true);
      }
    }
    for (const PendingBias& pending : pending_biases) {
      if (pending.add != n) continue;
      const size_t other = graph.value(graph.nodes[n].inputs[0]).constant ? 0 : 1;  // the bias constant
      const Tensor* bias = float_weight(graph, graph.nodes[n], other);
      // A copy: emit_int32_bias adds values, which may move graph.values.
      const std::string bias_name = graph.value(graph.nodes[n].inputs[other]).name;
      node.inputs[other] = emit_int32_bias(*bias, pending.input_scale, pending.weight_scales, bias_name, node);
    }
    const std::vector<int> outputs = node.outputs;
    nodes.push_back(std::move(node));
    const int pushed = static_cast<int>(nodes.size()) - 1;
    for (int out : outputs)
      if (quantized(out)) emit_qdq(out, pushed);
  }
  graph.nodes = std::move(nodes);
  graph.rebuild_producers();
  graph.remove_dead_nodes();
  graph.rebuild_producers();
  const int64_t needed = per_axis_used ? 13 : 10;
  if (graph.opset < needed && keeps_meaning_up_to(graph, needed)) graph.opset = needed;
  if (graph.opset < needed) upgrade_to_opset13(graph);
  mark_quantized_params(graph);  // what a reload of the export counts
  graph.verify();
}

}  // namespace nnslim
