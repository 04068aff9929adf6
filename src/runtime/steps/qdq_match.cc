#include "runtime/steps/qdq_match.h"

#include <cmath>

#include "runtime/steps/fused_activation.h"

namespace nnslim {

namespace {

const Node* producer(const Graph& graph, int value, const char* op_type) {
  if (value < 0) return nullptr;
  const int p = graph.value(value).producer;
  if (p < 0) return nullptr;
  const Node& node = graph.nodes[static_cast<size_t>(p)];
  return node.op_type == op_type && node.domain.empty() ? &node : nullptr;
}

const Tensor* constant_of(const Graph& graph, int value) {
  if (value < 0) return nullptr;
  const Value& v = graph.value(value);
  return v.constant && v.constant->materialized() ? v.constant.get() : nullptr;
}

}  // namespace

bool per_tensor_params(const Graph& graph, const Node& node, QuantParams* out) {
  const Tensor* scale = constant_of(graph, node.inputs.size() > 1 ? node.inputs[1] : -1);
  if (scale == nullptr || scale->numel() != 1 || scale->dtype != DType::Float32) return false;
  const float s = scale->data<float>()[0];
  if (!(s > 0.0f) || !std::isfinite(s)) return false;
  out->scale = s;
  out->zero_point = 0;
  if (node.inputs.size() > 2 && node.inputs[2] >= 0) {
    const Tensor* zp = constant_of(graph, node.inputs[2]);
    if (zp == nullptr || zp->numel() != 1 || zp->dtype != DType::Int8) return false;
    out->zero_point = zp->data<int8_t>()[0];
  }
  return true;
}

bool match_dq_activation(const Graph& graph, int value, QuantizedActivation* out) {
  const Node* dq = producer(graph, value, "DequantizeLinear");
  if (dq == nullptr) return false;
  const int q = dq->inputs[0];
  const Value& qv = graph.value(q);
  if (qv.dtype != DType::Int8 || qv.constant) return false;
  // An int8 DQ without zero point has z = 0; with one it must be int8 (per_tensor_params).
  if (!per_tensor_params(graph, *dq, &out->params)) return false;
  out->q_value = q;
  return true;
}

bool match_dq_weights(const Graph& graph, int value, int64_t channel_axis, QuantizedWeights* out) {
  const Node* dq = producer(graph, value, "DequantizeLinear");
  if (dq == nullptr || dq->inputs.size() < 2) return false;
  const Tensor* w = constant_of(graph, dq->inputs[0]);
  const Tensor* scale = constant_of(graph, dq->inputs[1]);
  if (w == nullptr || w->dtype != DType::Int8 || scale == nullptr || scale->dtype != DType::Float32) return false;
  const int64_t rank = static_cast<int64_t>(w->dims.size());
  if (scale->numel() != 1) {
    int64_t axis = dq->attr_int("axis", 1);
    if (axis < 0) axis += rank;
    if (axis != channel_axis || scale->dims.size() != 1 || scale->numel() != w->dims[static_cast<size_t>(axis)])
      return false;
  }
  if (dq->inputs.size() > 2 && dq->inputs[2] >= 0) {
    const Tensor* zp = constant_of(graph, dq->inputs[2]);
    if (zp == nullptr || zp->dtype != DType::Int8) return false;
    for (int64_t i = 0; i < zp->numel(); ++i)
      if (zp->data<int8_t>()[i] != 0) return false;  // symmetric weights only
  }
  out->data = w->data<int8_t>();
  out->shape = w->dims;
  out->axis = channel_axis;
  out->scales.assign(scale->data<float>(), scale->data<float>() + scale->numel());
  for (float s : out->scales)
    if (!(s > 0.0f) || !std::isfinite(s)) return false;
  return true;
}

bool quantized_bias(const Graph& graph, int value, size_t channels, float x_scale, const QuantizedWeights& w,
                    std::vector<int32_t>* out) {
  out->assign(channels, 0);
  if (value < 0) return true;
  std::vector<double> real(channels);
  if (const Tensor* f = constant_of(graph, value); f != nullptr && f->dtype == DType::Float32) {
    if (static_cast<size_t>(f->numel()) != channels) return false;
    for (size_t n = 0; n < channels; ++n) real[n] = f->data<float>()[n];
  } else {
    const Node* dq = producer(graph, value, "DequantizeLinear");
    if (dq == nullptr) return false;
    const Tensor* b = constant_of(graph, dq->inputs[0]);
    const Tensor* scale = constant_of(graph, dq->inputs.size() > 1 ? dq->inputs[1] : -1);
    if (b == nullptr || b->dtype != DType::Int32 || static_cast<size_t>(b->numel()) != channels) return false;
    if (scale == nullptr || scale->dtype != DType::Float32) return false;
    if (scale->numel() != 1 && static_cast<size_t>(scale->numel()) != channels) return false;
    if (dq->inputs.size() > 2 && dq->inputs[2] >= 0) {
      const Tensor* zp = constant_of(graph, dq->inputs[2]);
      if (zp == nullptr) return false;
      for (int64_t i = 0; i < zp->numel(); ++i)
        if (zp->int_at(i) != 0) return false;
    }
    for (size_t n = 0; n < channels; ++n)
      real[n] = static_cast<double>(b->data<int32_t>()[n]) * scale->data<float>()[scale->numel() == 1 ? 0 : n];
  }
  for (size_t n = 0; n < channels; ++n) {
    const double q = std::nearbyint(real[n] / (static_cast<double>(x_scale) * w.scale_of(n)));
    if (!(std::fabs(q) < 2.0e9)) return false;
    (*out)[n] = static_cast<int32_t>(q);
  }
  return true;
}

bool match_quantized_output(LoweringContext& ctx, int value, QuantizedOutput* out) {
  const Graph& graph = ctx.graph;
  auto single_reader = [&](int v) -> int {
    for (int o : graph.outputs)
      if (o == v) return -1;
    if (ctx.consumers[static_cast<size_t>(v)] != 1) return -1;
    const std::vector<int> readers = ctx.consumer_nodes(v);
    return readers.size() == 1 ? readers[0] : -1;
  };
  int reader = single_reader(value);
  if (reader < 0) return false;
  out->fused_nodes.clear();
  out->activation.clear();
  kernels::F32MinMaxParams clamp = kernels::f32_minmax_none();
  const Node* node = &graph.nodes[static_cast<size_t>(reader)];
  if (node->op_type == "Relu" || node->op_type == "Clip") {
    if (!activation_clamp(graph, *node, &clamp)) return false;
    out->activation = node->op_type == "Relu" ? "+Relu" : "+Clip";
    out->fused_nodes.push_back(reader);
    reader = single_reader(node->outputs[0]);
    if (reader < 0) return false;
    node = &graph.nodes[static_cast<size_t>(reader)];
  }
  if (node->op_type != "QuantizeLinear" || node->inputs[0] != (out->fused_nodes.empty() ? value : graph.nodes[static_cast<size_t>(out->fused_nodes[0])].outputs[0]))
    return false;
  if (node->inputs.size() < 3 || node->inputs[2] < 0) return false;  // no zero point: uint8
  if (!per_tensor_params(graph, *node, &out->params)) return false;
  out->fused_nodes.push_back(reader);
  out->q_value = node->outputs[0];
  // round() is monotonic: clamp-then-quantize = quantize-then-clamp to the quantized bounds.
  const float s = out->params.scale;
  const int32_t z = out->params.zero_point;
  auto quantized_bound = [&](float bound, int32_t fallback) -> int32_t {
    // An infinite bound clamps nothing; nor does a NaN one (a Clip whose
    // min or max is NaN: the f32 clamp keeps the value, pmax(v, NaN) = v).
    if (!std::isfinite(bound)) return fallback;
    const float q = std::nearbyint(bound / s) + static_cast<float>(z);
    return q < -128.0f ? -128 : q > 127.0f ? 127 : static_cast<int32_t>(q);
  };
  out->qmin = quantized_bound(clamp.min, -128);
  out->qmax = quantized_bound(clamp.max, 127);
  return out->qmin <= out->qmax;
}

int32_t int8_lower_bound(const Graph& graph, int q_value) {
  const Node* q = producer(graph, q_value, "QuantizeLinear");
  QuantParams params;
  if (q == nullptr || q->inputs.size() < 3 || !per_tensor_params(graph, *q, &params)) return -128;
  const int p = graph.value(q->inputs[0]).producer;
  if (p < 0) return -128;
  const Node& act = graph.nodes[static_cast<size_t>(p)];
  kernels::F32MinMaxParams clamp = kernels::f32_minmax_none();
  if ((act.op_type != "Relu" && act.op_type != "Clip") || !act.domain.empty() || !activation_clamp(graph, act, &clamp) ||
      !std::isfinite(clamp.min))
    return -128;
  const float code = std::nearbyint(clamp.min / params.scale) + static_cast<float>(params.zero_point);
  return code < -128.0f ? -128 : code > 127.0f ? 127 : static_cast<int32_t>(code);
}

void take_quantized_output(LoweringContext& ctx, const QuantizedOutput& out) {
  for (int n : out.fused_nodes) ctx.node_done[static_cast<size_t>(n)] = true;
}

std::unique_ptr<Step> connect_qs8_binary(LoweringContext& ctx, const Node& node, std::unique_ptr<Step> step,
                                         const QuantizedActivation& a, const QuantizedActivation& b, bool b_nchw,
                                         const QuantizedOutput& y) {
  if (ctx.graph.value(a.q_value).shape.size() == 4) {
    step->inputs = {ctx.need_nhwc(a.q_value), b_nchw ? ctx.need_nchw(b.q_value) : ctx.need_nhwc(b.q_value)};
    step->outputs = {ctx.produce_nhwc(y.q_value)};
  } else {
    step->inputs = {ctx.need_nchw(a.q_value), ctx.need_nchw(b.q_value)};
    step->outputs = {y.q_value};
  }
  step->layer = node.layer.empty() ? node.name : node.layer;
  take_quantized_output(ctx, y);
  return step;
}

std::vector<float> requant_scales(float x_scale, const QuantizedWeights& w, size_t channels, float y_scale) {
  std::vector<float> scales(channels);
  for (size_t n = 0; n < channels; ++n)
    scales[n] = static_cast<float>(static_cast<double>(x_scale) * w.scale_of(n) / y_scale);
  return scales;
}

}  // namespace nnslim
