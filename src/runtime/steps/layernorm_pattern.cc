#include "runtime/steps/layernorm_pattern.h"

#include "runtime/steps/layernorm_step.h"

namespace nnslim {
namespace {

// The one node reading `value` (an op of the chain), if `value` has exactly
// `readers` readers and is no graph output; else null.
const Node* only_reader(const LoweringContext& ctx, int value, size_t readers = 1) {
  for (int o : ctx.graph.outputs)
    if (o == value) return nullptr;
  if (ctx.consumers[static_cast<size_t>(value)] != static_cast<int>(readers)) return nullptr;
  const std::vector<int> nodes = ctx.consumer_nodes(value);
  if (nodes.size() != readers) return nullptr;
  return &ctx.graph.nodes[static_cast<size_t>(nodes[0])];
}

bool is_op(const Node* node, const char* op) { return node && node->op_type == op && node->domain.empty(); }

// The input of binary `node` that is not `value` (and that `value` is one of its inputs), else -1.
int other_input(const Node& node, int value) {
  if (node.inputs.size() != 2) return -1;
  if (node.inputs[0] == value && node.inputs[1] != value) return node.inputs[1];
  if (node.inputs[1] == value && node.inputs[0] != value) return node.inputs[0];
  return -1;
}

// A float32 scalar constant (any rank, one element).
bool scalar_constant(const Graph& graph, int value, float* out) {
  if (value < 0) return false;
  const Value& v = graph.value(value);
  if (!v.constant || v.dtype != DType::Float32 || !v.constant->materialized() || v.constant->numel() != 1) return false;
  *out = v.constant->data<float>()[0];
  return true;
}

// A float32 constant with one value per element of the last axis (leading 1s allowed).
bool row_constant(const Graph& graph, int value, int64_t row_length) {
  if (value < 0) return false;
  const Value& v = graph.value(value);
  if (!v.constant || v.dtype != DType::Float32 || !v.constant->materialized()) return false;
  if (v.constant->numel() != row_length || v.constant->dims.empty()) return false;
  return v.constant->dims.back() == row_length;
}

// ReduceMean `node` of `x` over its last axis only, keeping dims: its output
// shape is x's with the last dim 1 (axes of size 1 change nothing).
bool mean_over_last_axis(const Graph& graph, const Node& node, const Shape& x) {
  if (!is_op(&node, "ReduceMean") || node.outputs.size() != 1 || node.attr_int("keepdims", 1) == 0) return false;
  const Value& out = graph.value(node.outputs[0]);
  if (!out.has_shape || out.shape.size() != x.size()) return false;
  Shape expected = x;
  expected.back() = 1;
  return out.shape == expected;
}

}  // namespace

std::unique_ptr<Step> lower_layernorm_pattern(LoweringContext& ctx, int node_index) {
  const Graph& graph = ctx.graph;
  const Node& mean = graph.nodes[static_cast<size_t>(node_index)];
  if (!is_op(&mean, "ReduceMean") || mean.inputs.empty() || mean.inputs[0] < 0) return nullptr;
  const int x = mean.inputs[0];
  const Value vx = graph.value(x);
  if (vx.dtype != DType::Float32 || vx.constant || !vx.has_shape || vx.shape.empty()) return nullptr;
  if (!mean_over_last_axis(graph, mean, vx.shape)) return nullptr;
  // c = x - mean
  const Node* sub = only_reader(ctx, mean.outputs[0]);
  if (!is_op(sub, "Sub") || sub->inputs.size() != 2 || sub->inputs[0] != x || sub->inputs[1] != mean.outputs[0])
    return nullptr;
  const int c = sub->outputs[0];
  if (graph.value(c).shape != vx.shape) return nullptr;
  const std::vector<int> c_readers = ctx.consumer_nodes(c);
  if (c_readers.size() != 2 || !only_reader(ctx, c, 2)) return nullptr;
  const Node* pow = &graph.nodes[static_cast<size_t>(c_readers[0])];
  const Node* div = &graph.nodes[static_cast<size_t>(c_readers[1])];
  if (is_op(pow, "Div")) std::swap(pow, div);
  float exponent = 0, epsilon = 0;
  if (!is_op(pow, "Pow") || pow->inputs.size() != 2 || pow->inputs[0] != c ||
      !scalar_constant(graph, pow->inputs[1], &exponent) || exponent != 2.f)
    return nullptr;
  // var = ReduceMean(c^2); std = Sqrt(var + eps)
  const Node* var = only_reader(ctx, pow->outputs[0]);
  if (!var || var->inputs.empty() || var->inputs[0] != pow->outputs[0] || !mean_over_last_axis(graph, *var, vx.shape))
    return nullptr;
  const Node* add_eps = only_reader(ctx, var->outputs[0]);
  if (!is_op(add_eps, "Add") || !scalar_constant(graph, other_input(*add_eps, var->outputs[0]), &epsilon) ||
      !(epsilon >= 0.f))
    return nullptr;
  const Node* sqrt = only_reader(ctx, add_eps->outputs[0]);
  if (!is_op(sqrt, "Sqrt")) return nullptr;
  // y = c / std * gamma + beta
  if (!is_op(div, "Div") || div->inputs.size() != 2 || div->inputs[0] != c || div->inputs[1] != sqrt->outputs[0] ||
      !only_reader(ctx, sqrt->outputs[0]))
    return nullptr;
  const int64_t row_length = vx.shape.back();
  const Node* mul = only_reader(ctx, div->outputs[0]);
  if (!is_op(mul, "Mul")) return nullptr;
  const int gamma = other_input(*mul, div->outputs[0]);
  if (!row_constant(graph, gamma, row_length)) return nullptr;
  const Node* add = only_reader(ctx, mul->outputs[0]);
  if (!is_op(add, "Add") || add->outputs.size() != 1) return nullptr;
  const int beta = other_input(*add, mul->outputs[0]);
  if (!row_constant(graph, beta, row_length) || graph.value(add->outputs[0]).shape != vx.shape) return nullptr;
  const size_t rows = static_cast<size_t>(shape_numel(vx.shape) / std::max<int64_t>(row_length, 1));
  if (rows == 0 || row_length <= 0) return nullptr;

  auto step = make_layernorm_step(rows, static_cast<size_t>(row_length), epsilon,
                                  "LayerNorm of 9 ops");
  step->inputs = {ctx.need_nchw(x), ctx.need_nchw(gamma), ctx.need_nchw(beta)};
  step->outputs = {add->outputs[0]};
  step->layer = mean.layer.empty() ? mean.name : mean.layer;
  for (const Node* fused : {sub, pow, var, add_eps, sqrt, div, mul, add})
    ctx.node_done[static_cast<size_t>(fused - graph.nodes.data())] = true;
  return step;
}

}  // namespace nnslim
