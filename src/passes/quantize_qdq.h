// quantize_qdq: a float graph + calibrated activation ranges -> the ONNX QDQ
// graph of docs/quantization.md ("The graph the pass writes"):
//   - every quantized activation t: t -> QuantizeLinear -> int8 -> DequantizeLinear
//     -> consumers (a graph output keeps its name: the DequantizeLinear writes it);
//   - Conv / ConvTranspose / Gemm / MatMul constant weights: int8 initializers,
//     symmetric, per output channel (or per tensor), behind a DequantizeLinear;
//     their bias: int32 at s_x * s_w[c] behind a DequantizeLinear(axis 0);
//   - a compute op's output read only by a Relu / Clip is not quantized (the
//     runtime folds the activation into the output clamp; its output is);
//   - a MatMul with constant weights whose output only an Add of a constant
//     row bias [N] reads (x W + b): the MatMul's output is not quantized, b is
//     int32 at s_x * s_w[c] behind a DequantizeLinear (the runtime folds the
//     Add into the int8 MatMul's bias);
//   - Concat inputs read only by the Concat take its output's scale and zero
//     point; MaxPool / Reshape / Flatten / Transpose / Squeeze / Unsqueeze /
//     Slice / nearest Resize outputs take their input's (the values are a
//     subset of the input's);
//   - a tensor written by an op no int8 step runs (ReduceMean, Softmax, a
//     LayerNorm's Sub / Pow / Sqrt / Div, a Mul / Add of a non-scalar
//     constant, a MatMul of two activations; see float_only_nodes in the .cc)
//     and read only by such ops (or a graph output) stays float: no Q/DQ
//     round trip between two float ops;
//   - a weight's per-channel scale is raised where the channel's int32 bias
//     code would pass 2^30 (all but zero weights: see bias_scale_floors).
// Activation t is quantized when its producer is in scope, or it is a graph
// input read by a node in scope. In scope: every node with float data except
// the skipped ones (options.skip, by node or layer name) and shape-only ops;
// with options.only non-empty, only the nodes it names.
// Weight-only mode: only the weights (activations and biases stay float).
#pragma once
#include <map>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "passes/quantize_params.h"

namespace nnslim {

struct QuantizeOptions {
  bool per_channel = true;
  bool symmetric_activations = false;
  bool weight_only = false;
  int weight_bits = 8;  // 8 or 7 (codes in [-63, 63]: the relaxed build's dot7w kernels)
  std::vector<std::string> skip;  // node or layer names kept in float
  std::vector<std::string> only;  // non-empty: quantize only these nodes/layers (sensitivity analysis)
  // Subtract the mean output shift the weight rounding causes from the bias
  // (needs the calibration means of the layer inputs; see correct_bias).
  bool bias_correction = true;
};

// The graph the pass and calibration work on: a copy of `graph` with builder
// weights materialized, BatchNormalization folded into convolutions and
// shapes inferred (symbolic dims bound to 1 for the dtype analysis only).
// An already quantized graph (any QuantizeLinear / DequantizeLinear node) is
// an INVALID_ARGUMENT Error; so is a skip/only name no node or layer has.
Graph prepare_for_quantization(const Graph& graph, const QuantizeOptions& options);

// Names of the activations the pass will quantize: what calibration observes.
std::vector<std::string> activations_to_quantize(const Graph& prepared, const QuantizeOptions& options);

// Rewrites `prepared` (from prepare_for_quantization) in place. `ranges` must
// hold every name activations_to_quantize() returned (unless weight_only).
// input_means: per-channel (axis 1) calibration means of activations, by
// name, for bias correction (null: none).
// The graph's opset is raised to 13 when per-axis parameters need it (to 10
// otherwise), unless one of its ops changed meaning in between (see
// keeps_meaning_up_to in the .cc): then it stays, and the export of such a
// model is not valid ONNX (per-axis DequantizeLinear needs opset 13).
void quantize_qdq(Graph& prepared, const std::map<std::string, ValueRange>& ranges, const QuantizeOptions& options,
                  const std::map<std::string, std::vector<float>>* input_means = nullptr);

}  // namespace nnslim
