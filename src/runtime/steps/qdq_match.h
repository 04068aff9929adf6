// Recognises the QDQ patterns of a quantized graph (ONNX QDQ, as the quantize
// pass and onnxruntime's quantizer write them) around a float op, so the
// runtime can run the op on the int8 tensors directly:
//   activation:  x_q (int8) -> DequantizeLinear(per-tensor s, z) -> x
//   weights:     W_q (int8 constant) -> DequantizeLinear(per-channel or per-tensor, zero point 0) -> W
//   bias:        b_q (int32 constant) -> DequantizeLinear(zero point 0) -> b
//   output:      y -> [Relu | Clip] -> QuantizeLinear(per-tensor, int8) -> y_q
// A match only reads the graph; the lowering that uses it marks the fused
// nodes done. The DequantizeLinear steps of matched activations are dropped
// by lower_graph when nothing else reads their float outputs.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "runtime/lowering_context.h"

namespace nnslim {

struct QuantParams {
  float scale = 1.0f;
  int32_t zero_point = 0;
};

struct QuantizedActivation {
  int q_value = -1;  // the int8 tensor
  QuantParams params;
};
// `value` is the output of a per-tensor DequantizeLinear of a non-constant int8 tensor.
bool match_dq_activation(const Graph& graph, int value, QuantizedActivation* out);

struct QuantizedWeights {
  const int8_t* data = nullptr;  // the int8 constant, its ONNX layout
  Shape shape;
  std::vector<float> scales;     // one per element of `axis` (or one: per-tensor)
  int64_t axis = 0;
  float scale_of(size_t channel) const { return scales.size() == 1 ? scales[0] : scales[channel]; }
};
// `value` is DequantizeLinear(int8 constant) with zero points 0 and constant
// scales, per-tensor or per-axis along `channel_axis` (the output channels).
bool match_dq_weights(const Graph& graph, int value, int64_t channel_axis, QuantizedWeights* out);

// A bias for an int8 step: `value` (absent: -1) is DequantizeLinear(int32
// constant, zero point 0) or a float constant; returns it as int32 in units
// of s_x * s_w[n]: round(b / (s_x * s_w[n])), exact for the quantizer's
// s_b = s_x * s_w. False if it is neither.
bool quantized_bias(const Graph& graph, int value, size_t channels, float x_scale, const QuantizedWeights& w,
                    std::vector<int32_t>* out);

struct QuantizedOutput {
  int q_value = -1;            // the int8 tensor the fused step writes
  QuantParams params;
  std::vector<int> fused_nodes;  // the Relu/Clip (if any) and the QuantizeLinear
  int32_t qmin = -128, qmax = 127;  // the output clamp, the activation's range folded in
  std::string activation;       // "", "+Relu", "+Clip"
};
// `value` is read only by [Relu | Clip ->] QuantizeLinear(per-tensor, int8
// zero point) and is no graph output.
bool match_quantized_output(LoweringContext& ctx, int value, QuantizedOutput* out);

// The smallest code the int8 tensor `q_value` can hold, read from its
// producer: QuantizeLinear(Relu(x)) holds codes >= its zero point,
// QuantizeLinear(Clip(x, min)) codes >= quantize(min) (rounding is
// monotonic); anything else -128. (A fused producer step clamps to the same
// bound: match_quantized_output's qmin.)
int32_t int8_lower_bound(const Graph& graph, int q_value);

// Per-tensor scale and zero point of a QuantizeLinear/DequantizeLinear node
// (constant scalar inputs 1 and 2; int8 zero point, or none for int32 DQ).
bool per_tensor_params(const Graph& graph, const Node& node, QuantParams* out);

// Marks the output's fused nodes done (after the step is built).
void take_quantized_output(LoweringContext& ctx, const QuantizedOutput& out);

// Wires an int8 step of two inputs a, b and output y into the plan and
// returns it: 4-D tensors in NHWC (b kept NCHW when `b_nchw`: a channel
// gate [G, C, 1, 1] is the same bytes in either layout and asks for no
// copy), other ranks in ONNX order; names the step's layer and takes y.
std::unique_ptr<Step> connect_qs8_binary(LoweringContext& ctx, const Node& node, std::unique_ptr<Step> step,
                                         const QuantizedActivation& a, const QuantizedActivation& b, bool b_nchw,
                                         const QuantizedOutput& y);

// The requantization multiplier of output channel n: s_x * s_w[n] / s_y.
std::vector<float> requant_scales(float x_scale, const QuantizedWeights& w, size_t channels, float y_scale);

}  // namespace nnslim
