#include "runtime/steps/activation_chain.h"

#include <algorithm>

#include "runtime/steps/fused_activation.h"

namespace nnslim {
namespace {

bool is_graph_output(const Graph& graph, int value) {
  return std::find(graph.outputs.begin(), graph.outputs.end(), value) != graph.outputs.end();
}

const Node& node_at(const LoweringContext& ctx, int n) { return ctx.graph.nodes[static_cast<size_t>(n)]; }

// The only node reading `value` (read once, no graph output), or -1.
int sole_reader(const LoweringContext& ctx, int value) {
  if (ctx.consumers[static_cast<size_t>(value)] != 1 || is_graph_output(ctx.graph, value)) return -1;
  const std::vector<int> users = ctx.consumer_nodes(value);
  if (users.size() != 1 || ctx.node_done[static_cast<size_t>(users[0])]) return -1;
  return users[0];
}

// `v` is a float32 constant holding one value whose rank is at most
// `rank` (so broadcasting it leaves the other operand's shape unchanged).
bool scalar_constant(const Graph& graph, int v, size_t rank, float* out) {
  if (v < 0) return false;
  const Value& value = graph.value(v);
  if (!value.constant || !value.constant->materialized() || value.dtype != DType::Float32 ||
      value.constant->numel() != 1 || value.shape.size() > rank)
    return false;
  *out = value.constant->data<float>()[0];
  return true;
}

// Node `n` is `op_type`(x, scalar) (or (scalar, x) when `commutative`) with
// one output; sets *c to the scalar.
bool binary_with_scalar(const LoweringContext& ctx, int n, const char* op_type, int x, bool commutative, float* c) {
  const Node& node = node_at(ctx, n);
  if (node.op_type != op_type || node.inputs.size() != 2 || node.outputs.size() != 1) return false;
  const size_t rank = ctx.graph.value(x).shape.size();
  if (node.inputs[0] == x) return scalar_constant(ctx.graph, node.inputs[1], rank, c);
  return commutative && node.inputs[1] == x && scalar_constant(ctx.graph, node.inputs[0], rank, c);
}

// Add(x, a) -> Clip(lo, hi) -> Mul(x, .) -> Div(., d) starting at node `add`.
// Appends the nodes and sets the params; returns the Div's output, or -1
// changing nothing.
int match_hswish_div(const LoweringContext& ctx, int add, int x, ActivationChain* chain) {
  kernels::F32UnaryParams p = chain->params;
  if (!binary_with_scalar(ctx, add, "Add", x, true, &p.addend)) return -1;
  const int clip = sole_reader(ctx, node_at(ctx, add).outputs[0]);
  if (clip < 0) return -1;
  const Node& c = node_at(ctx, clip);
  kernels::F32MinMaxParams bounds;
  if (c.inputs.empty() || c.inputs[0] != node_at(ctx, add).outputs[0] || c.outputs.size() != 1 ||
      !activation_clamp(ctx.graph, c, &bounds))
    return -1;
  p.min = bounds.min;
  p.max = bounds.max;
  const int t = c.outputs[0];
  const int mul = sole_reader(ctx, t);
  if (mul < 0) return -1;
  const Node& m = node_at(ctx, mul);
  if (m.op_type != "Mul" || m.inputs.size() != 2 || m.outputs.size() != 1 ||
      !((m.inputs[0] == x && m.inputs[1] == t) || (m.inputs[0] == t && m.inputs[1] == x)))
    return -1;
  const int div = sole_reader(ctx, m.outputs[0]);
  if (div < 0 || !binary_with_scalar(ctx, div, "Div", m.outputs[0], false, &p.divisor)) return -1;
  chain->nodes.insert(chain->nodes.end(), {add, clip, mul, div});
  chain->params = p;
  return node_at(ctx, div).outputs[0];
}

// The two readers of `x` (read exactly twice, no graph output) if they are
// an Add(x, scalar) and a Mul: the start of a HardSwish chain. Returns the Add.
int hswish_start(const LoweringContext& ctx, int x) {
  if (ctx.consumers[static_cast<size_t>(x)] != 2 || is_graph_output(ctx.graph, x)) return -1;
  const std::vector<int> users = ctx.consumer_nodes(x);
  if (users.size() != 2) return -1;
  for (int u : users)
    if (node_at(ctx, u).op_type == "Add" && !ctx.node_done[static_cast<size_t>(u)]) return u;
  return -1;
}

// Mul(x, k) -> Add(., c) starting at node `mul`: appends the two nodes, sets
// *scale and *shift and returns the Add's output; or -1, changing nothing.
int match_affine(const LoweringContext& ctx, int mul, int x, float* scale, float* shift, ActivationChain* chain) {
  float k = 0.f, c = 0.f;
  if (!binary_with_scalar(ctx, mul, "Mul", x, true, &k)) return -1;
  const int m = node_at(ctx, mul).outputs[0];
  const int add = sole_reader(ctx, m);
  if (add < 0 || !binary_with_scalar(ctx, add, "Add", m, true, &c)) return -1;
  chain->nodes.insert(chain->nodes.end(), {mul, add});
  *scale = k;
  *shift = c;
  return node_at(ctx, add).outputs[0];
}

// A HardSwish chain's output read by an affine block alone: extends the
// chain with it and returns its output; else returns `y`.
int extend_with_affine(const LoweringContext& ctx, int y, ActivationChain* chain) {
  const int mul = sole_reader(ctx, y);
  if (mul < 0) return y;
  const int out = match_affine(ctx, mul, y, &chain->params.post_scale, &chain->params.post_shift, chain);
  return out < 0 ? y : out;
}

// Mul(x, 1) -> Sigmoid -> Mul(x, .) starting at node `unit` (Paddle's swish,
// x * sigmoid(beta x) with beta = 1): x * 1 is x exactly, so this is the
// Swish kernel's x * sigmoid(x) bit for bit. Returns the last Mul's output or -1.
int match_unit_swish(const LoweringContext& ctx, int unit, int x, ActivationChain* chain) {
  float one = 0.f;
  if (!binary_with_scalar(ctx, unit, "Mul", x, true, &one) || one != 1.0f) return -1;
  const int sigmoid = sole_reader(ctx, node_at(ctx, unit).outputs[0]);
  if (sigmoid < 0) return -1;
  const Node& s = node_at(ctx, sigmoid);
  if (s.op_type != "Sigmoid" || s.inputs.size() != 1 || s.outputs.size() != 1) return -1;
  const int g = s.outputs[0];
  const int mul = sole_reader(ctx, g);
  if (mul < 0) return -1;
  const Node& m = node_at(ctx, mul);
  if (m.op_type != "Mul" || m.inputs.size() != 2 || m.outputs.size() != 1 ||
      !((m.inputs[0] == x && m.inputs[1] == g) || (m.inputs[0] == g && m.inputs[1] == x)))
    return -1;
  chain->nodes = {unit, sigmoid, mul};
  return m.outputs[0];
}

bool is_float_tensor(const Graph& graph, int v) {
  const Value& value = graph.value(v);
  return value.dtype == DType::Float32 && value.has_shape && !value.constant;
}

}  // namespace

bool match_activation_chain(const LoweringContext& ctx, int first, ActivationChain* chain) {
  using Op = kernels::F32UnaryOp;
  const Node& head = node_at(ctx, first);
  if (head.inputs.size() != 2 || ctx.node_done[static_cast<size_t>(first)]) return false;
  for (int x : head.inputs) {
    if (x < 0 || !is_float_tensor(ctx.graph, x)) continue;
    *chain = ActivationChain{};
    chain->input = x;
    const int swish = match_unit_swish(ctx, first, x, chain);
    if (swish >= 0) {
      chain->op = Op::kSwish;
      chain->output = swish;
      chain->name = "Mul+Sigmoid+Mul (Swish)";
      return true;
    }
    // [Mul(x, k) -> Add(., c)] -> [HardSwish -> [Mul(., k2) -> Add(., c2)]].
    const int affine = match_affine(ctx, first, x, &chain->params.scale, &chain->params.shift, chain);
    const int hswish_x = affine >= 0 ? affine : x;
    const int hswish = affine >= 0 ? hswish_start(ctx, affine) : first;
    const int hswish_out = hswish < 0 ? -1 : match_hswish_div(ctx, hswish, hswish_x, chain);
    if (hswish_out < 0) {
      if (affine < 0) continue;
      chain->nodes.resize(2);
      chain->op = Op::kAffine;
      chain->output = affine;
      chain->name = "Mul+Add (affine)";
      return true;
    }
    chain->output = extend_with_affine(ctx, hswish_out, chain);
    const bool post = chain->output != hswish_out;
    // An absent affine keeps the params' identity (scale 1, shift -0).
    chain->op = affine >= 0 || post ? Op::kAffineHardSwishDiv : Op::kHardSwishDiv;
    static const char* const kNames[2][2] = {
        {"Add+Clip+Mul+Div (HardSwish)", "Add+Clip+Mul+Div+Mul+Add (HardSwish, affine)"},
        {"Mul+Add+Add+Clip+Mul+Div (affine, HardSwish)", "Mul+Add+Add+Clip+Mul+Div+Mul+Add (affine, HardSwish, affine)"}};
    chain->name = kNames[affine >= 0][post];
    return true;
  }
  return false;
}

bool activation_chain_of(const LoweringContext& ctx, int value, ActivationChain* chain) {
  if (is_graph_output(ctx.graph, value)) return false;
  const std::vector<int> users = ctx.consumer_nodes(value);
  const size_t reads = static_cast<size_t>(ctx.consumers[static_cast<size_t>(value)]);
  if (users.empty() || reads > 2 || users.size() != reads) return false;
  // The chain must start at one of the readers and contain all of them.
  for (int start : users) {
    if (!match_activation_chain(ctx, start, chain) || chain->input != value) continue;
    bool all = true;
    for (int u : users) all = all && std::find(chain->nodes.begin(), chain->nodes.end(), u) != chain->nodes.end();
    if (all) return true;
  }
  return false;
}

}  // namespace nnslim
