#include "runtime/steps/activation_epilogue.h"

#include "runtime/steps/activation_chain.h"
#include "runtime/steps/kernel_choice.h"

namespace nnslim {

void ActivationEpilogue::apply(float* data, size_t rows, size_t channels) const {
  if (unary_) {
    unary_->fn(rows * channels * sizeof(float), data, data, &params_);
    return;
  }
  if (!prelu_) return;
  const kernels::F32MinMaxParams none = kernels::f32_minmax_none();
  for (size_t r = 0; r < rows; ++r, data += channels)
    prelu_->fn(channels * sizeof(float), data, slope_.data(), data, &none);
}

ActivationEpilogue ActivationEpilogue::unary(const kernels::F32VunaryUkernelInfo& ukernel,
                                             kernels::F32UnaryParams params, std::string op) {
  ActivationEpilogue e;
  e.unary_ = &ukernel;
  e.params_ = params;
  e.op_ = std::move(op);
  return e;
}

ActivationEpilogue ActivationEpilogue::prelu(const kernels::F32VbinaryUkernelInfo& ukernel, std::vector<float> slope) {
  ActivationEpilogue e;
  e.prelu_ = &ukernel;
  e.slope_ = std::move(slope);
  e.op_ = "PRelu";
  return e;
}

bool unary_activation(const Graph& graph, const Node& node, kernels::F32UnaryOp* op, kernels::F32UnaryParams* params) {
  using Op = kernels::F32UnaryOp;
  *params = kernels::F32UnaryParams{0.f, 0.f, 0.f, 0.f, 0.f};
  if (node.op_type == "LeakyRelu") {
    *op = Op::kLeakyRelu;
    params->slope = node.attr_float("alpha", 0.01f);
  } else if (node.op_type == "HardSigmoid") {
    *op = Op::kHardSigmoid;
    params->alpha = node.attr_float("alpha", 0.2f);
    params->beta = node.attr_float("beta", 0.5f);
  } else if (node.op_type == "HardSwish") *op = Op::kHardSwish;
  else if (node.op_type == "Sigmoid") *op = Op::kSigmoid;
  else if (node.op_type == "Tanh") *op = Op::kTanh;
  else return false;
  (void)graph;
  return true;
}

const kernels::F32VunaryUkernelInfo& simd_unary_ukernel(kernels::F32UnaryOp op) {
  size_t count = 0;
  // The wasm-SIMD-only list: the full one would link every scalar oracle into
  // the shipped module.
  const kernels::F32VunaryUkernelInfo* list = kernels::f32_vunary_wasmsimd_ukernels(&count);
  for (size_t i = 0; i < count; ++i)
    if (list[i].op == op) return list[i];
  fail("internal: no SIMD unary microkernel for op ", static_cast<int>(op));
}

namespace {

bool is_graph_output(const Graph& graph, int value) {
  for (int out : graph.outputs)
    if (out == value) return true;
  return false;
}

// The only node reading `value` (which no graph output is), or -1.
int sole_reader(const LoweringContext& ctx, int value) {
  if (ctx.consumers[static_cast<size_t>(value)] != 1 || is_graph_output(ctx.graph, value)) return -1;
  const std::vector<int> users = ctx.consumer_nodes(value);
  return users.size() == 1 ? users[0] : -1;
}

// PRelu's slope as one value per channel: a constant of shape [C,1,1],
// [1,C,1,1], [C] read as channels of a rank-2 output, or a single value.
bool per_channel_slope(const Graph& graph, const Node& prelu, int x, size_t channels, size_t channel_axis,
                       std::vector<float>* slope) {
  if (prelu.inputs.size() != 2 || prelu.inputs[0] != x || prelu.inputs[1] < 0) return false;
  const Value& s = graph.value(prelu.inputs[1]);
  if (!s.constant || !s.constant->materialized() || s.dtype != DType::Float32) return false;
  const Shape& out = graph.value(x).shape;
  const int64_t n = s.constant->numel();
  const float* data = s.constant->data<float>();
  if (n == 1) {
    slope->assign(channels, data[0]);
    return true;
  }
  if (n != static_cast<int64_t>(channels) || out.size() < 2) return false;
  // The slope's one non-1 dim must sit on the channel axis after right-alignment.
  const Shape& d = s.shape;
  if (d.size() > out.size()) return false;
  for (size_t k = 0; k < d.size(); ++k) {
    const size_t axis = out.size() - d.size() + k;
    if (d[k] != 1 && axis != channel_axis) return false;
  }
  slope->assign(data, data + n);
  return true;
}

}  // namespace

int gated_mul_of(const LoweringContext& ctx, int gate_node, kernels::F32UnaryOp* op) {
  const Node& gate = ctx.graph.nodes[static_cast<size_t>(gate_node)];
  if (gate.inputs.size() != 1 || gate.outputs.size() != 1) return -1;
  if (gate.op_type == "Sigmoid") {
    *op = kernels::F32UnaryOp::kSwish;
  } else if (gate.op_type == "HardSigmoid" && gate.attr_float("alpha", 0.2f) == 1.0f / 6.0f &&
             gate.attr_float("beta", 0.5f) == 0.5f) {
    *op = kernels::F32UnaryOp::kHardSwish;
  } else {
    return -1;
  }
  const int mul = sole_reader(ctx, gate.outputs[0]);
  if (mul < 0) return -1;
  const Node& m = ctx.graph.nodes[static_cast<size_t>(mul)];
  if (m.op_type != "Mul" || m.inputs.size() != 2 || ctx.node_done[static_cast<size_t>(mul)]) return -1;
  const int x = gate.inputs[0], g = gate.outputs[0];
  const bool pair = (m.inputs[0] == x && m.inputs[1] == g) || (m.inputs[0] == g && m.inputs[1] == x);
  return pair ? mul : -1;
}

bool take_activation_epilogue(LoweringContext& ctx, int value, size_t channels, size_t channel_axis,
                              ActivationEpilogue* epilogue, int* output) {
  if (is_graph_output(ctx.graph, value)) return false;
  // A chain of elementwise nodes with scalar constants (activation_chain.h).
  ActivationChain chain;
  if (activation_chain_of(ctx, value, &chain)) {
    for (int n : chain.nodes) ctx.node_done[static_cast<size_t>(n)] = true;
    *epilogue = ActivationEpilogue::unary(simd_unary_ukernel(chain.op), chain.params, chain.name);
    *output = chain.output;
    return true;
  }
  const std::vector<int> users = ctx.consumer_nodes(value);
  // A gated activation: value read by the gate and by the Mul of the pair, nothing else.
  if (users.size() == 2 && ctx.consumers[static_cast<size_t>(value)] == 2) {
    for (int gate : users) {
      kernels::F32UnaryOp op;
      const int mul = gated_mul_of(ctx, gate, &op);
      if (mul < 0 || (users[0] != mul && users[1] != mul)) continue;
      ctx.node_done[static_cast<size_t>(gate)] = true;
      ctx.node_done[static_cast<size_t>(mul)] = true;
      *epilogue = ActivationEpilogue::unary(simd_unary_ukernel(op), {},
                                            op == kernels::F32UnaryOp::kSwish ? "Swish" : "HardSwish");
      *output = ctx.graph.nodes[static_cast<size_t>(mul)].outputs[0];
      return true;
    }
    return false;
  }
  const int user = sole_reader(ctx, value);
  if (user < 0) return false;
  const Node& act = ctx.graph.nodes[static_cast<size_t>(user)];
  if (act.inputs.empty() || act.inputs[0] != value || act.outputs.size() != 1) return false;
  kernels::F32UnaryOp op;
  kernels::F32UnaryParams params;
  if (unary_activation(ctx.graph, act, &op, &params)) {
    *epilogue = ActivationEpilogue::unary(simd_unary_ukernel(op), params, act.op_type);
  } else if (act.op_type == "PRelu") {
    std::vector<float> slope;
    if (!per_channel_slope(ctx.graph, act, value, channels, channel_axis, &slope)) return false;
    size_t count = 0;
    const kernels::F32VbinaryUkernelInfo* list = kernels::f32_vbinary_wasmsimd_ukernels(&count);
    *epilogue = ActivationEpilogue::prelu(find_ukernel(list, count, "f32_vprelu_minmax_ukernel__wasmsimd_x8"),
                                          std::move(slope));
  } else {
    return false;
  }
  ctx.node_done[static_cast<size_t>(user)] = true;
  *output = act.outputs[0];
  return true;
}

}  // namespace nnslim
