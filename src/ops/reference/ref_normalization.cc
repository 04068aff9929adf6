// Normalizations and softmax: BatchNormalization (inference), InstanceNormalization,
// LayerNormalization, Softmax, LogSoftmax. Statistics in double.
#include <cmath>

#include "ops/reference/reference_ops.h"

namespace nnslim {
namespace reference {
namespace {

int64_t product(const Shape& shape, size_t begin, size_t end) {
  int64_t n = 1;
  for (size_t d = begin; d < end; ++d) n *= shape[d];
  return n;
}

// Softmax over `len` elements spaced `inner` apart; log = true gives LogSoftmax.
//   softmax(x)_j = e^(x_j - max) / sum_k e^(x_k - max)   (max subtracted for range)
//   logsoftmax(x)_j = x_j - max - ln(sum_k e^(x_k - max))
void softmax(const Node& node, int64_t opset, const std::vector<const TensorView*>& inputs,
             const std::vector<TensorView*>& outputs, bool log) {
  const TensorView& x = required_input(node, inputs, 0);
  const TensorView& y = required_output(node, outputs, 0);
  const int64_t rank = static_cast<int64_t>(x.shape.size());
  // Before opset 13 the input is flattened to 2-D at `axis` (default 1) and the
  // softmax runs over the whole second dim; from 13 on it runs along `axis` (default -1).
  const bool flatten = opset < 13;
  const int64_t axis = rank == 0 ? 0 : normalize_axis(node, node.attr_int("axis", flatten ? 1 : -1), rank);
  const size_t ax = static_cast<size_t>(axis);
  const int64_t outer = product(x.shape, 0, ax);
  const int64_t len = flatten ? product(x.shape, ax, x.shape.size()) : (rank == 0 ? 1 : x.shape[ax]);
  const int64_t inner = flatten ? 1 : product(x.shape, ax + 1, x.shape.size());
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i = 0; i < inner; ++i) {
      const int64_t base = o * len * inner + i;
      double max = -INFINITY;
      for (int64_t j = 0; j < len; ++j) max = std::max(max, load_double(x, base + j * inner));
      double sum = 0.0;
      for (int64_t j = 0; j < len; ++j) sum += std::exp(load_double(x, base + j * inner) - max);
      for (int64_t j = 0; j < len; ++j) {
        const double shifted = load_double(x, base + j * inner) - max;
        store_double(y, base + j * inner, log ? shifted - std::log(sum) : std::exp(shifted) / sum);
      }
    }
}

}  // namespace

NNSLIM_DEFINE_REFERENCE(Softmax) { softmax(node, opset, inputs, outputs, false); }
NNSLIM_DEFINE_REFERENCE(LogSoftmax) { softmax(node, opset, inputs, outputs, true); }

// BatchNormalization, inference form: per channel c (dim 1),
//   Y = scale[c] * (X - mean[c]) / sqrt(var[c] + epsilon) + B[c].
NNSLIM_DEFINE_REFERENCE(BatchNormalization) {
  if (node.attr_int("training_mode", 0) != 0)
    node_fail(node, ErrorCode::UnsupportedOp, "training_mode = 1 is not supported (inference only)");
  const TensorView& x = required_input(node, inputs, 0);
  const TensorView& scale = required_input(node, inputs, 1);
  const TensorView& bias = required_input(node, inputs, 2);
  const TensorView& mean = required_input(node, inputs, 3);
  const TensorView& var = required_input(node, inputs, 4);
  const TensorView& y = required_output(node, outputs, 0);
  const double epsilon = node.attr_float("epsilon", 1e-5f);
  if (x.shape.size() < 2) node_fail(node, "X must have rank >= 2");
  const int64_t batch = x.shape[0], channels = x.shape[1], size = product(x.shape, 2, x.shape.size());
  for (int64_t n = 0; n < batch; ++n)
    for (int64_t c = 0; c < channels; ++c) {
      const double k = load_double(scale, c) / std::sqrt(load_double(var, c) + epsilon);
      const double m = load_double(mean, c), b = load_double(bias, c);
      for (int64_t i = 0; i < size; ++i) {
        const int64_t flat = (n * channels + c) * size + i;
        store_double(y, flat, k * (load_double(x, flat) - m) + b);
      }
    }
}

// InstanceNormalization: per (n, c) over the spatial dims,
//   Y = scale[c] * (X - mean) / sqrt(var + epsilon) + B[c], var the biased variance.
NNSLIM_DEFINE_REFERENCE(InstanceNormalization) {
  const TensorView& x = required_input(node, inputs, 0);
  const TensorView& scale = required_input(node, inputs, 1);
  const TensorView& bias = required_input(node, inputs, 2);
  const TensorView& y = required_output(node, outputs, 0);
  const double epsilon = node.attr_float("epsilon", 1e-5f);
  if (x.shape.size() < 3) node_fail(node, "X must have rank >= 3");
  const int64_t channels = x.shape[1], size = product(x.shape, 2, x.shape.size());
  for (int64_t p = 0; p < x.shape[0] * channels; ++p) {
    double sum = 0.0, sum_sq = 0.0;
    for (int64_t i = 0; i < size; ++i) sum += load_double(x, p * size + i);
    const double mean = sum / static_cast<double>(size);
    for (int64_t i = 0; i < size; ++i) {
      const double d = load_double(x, p * size + i) - mean;
      sum_sq += d * d;
    }
    const double inv_std = 1.0 / std::sqrt(sum_sq / static_cast<double>(size) + epsilon);
    const int64_t c = p % channels;
    for (int64_t i = 0; i < size; ++i)
      store_double(y, p * size + i,
                   load_double(scale, c) * (load_double(x, p * size + i) - mean) * inv_std + load_double(bias, c));
  }
}

// LayerNormalization (opset 17): normalizes over dims [axis, rank) (axis default -1):
//   Y = (X - mean) / sqrt(var + epsilon) * Scale + B, Scale and B broadcast to X;
// optional outputs Mean and InvStdDev = 1 / sqrt(var + epsilon), shaped like X
// with the normalized dims set to 1.
NNSLIM_DEFINE_REFERENCE(LayerNormalization) {
  const TensorView& x = required_input(node, inputs, 0);
  const TensorView& scale = required_input(node, inputs, 1);
  const TensorView* bias = optional_input(inputs, 2);
  const TensorView& y = required_output(node, outputs, 0);
  const TensorView* mean_out = outputs.size() > 1 ? outputs[1] : nullptr;
  const TensorView* inv_std_out = outputs.size() > 2 ? outputs[2] : nullptr;
  const int64_t rank = static_cast<int64_t>(x.shape.size());
  const size_t axis = static_cast<size_t>(normalize_axis(node, node.attr_int("axis", -1), rank));
  const double epsilon = node.attr_float("epsilon", 1e-5f);
  const int64_t outer = product(x.shape, 0, axis), size = product(x.shape, axis, x.shape.size());
  const std::vector<int64_t> scale_offsets = broadcast_offsets(scale.shape, x.shape);
  std::vector<int64_t> bias_offsets;
  if (bias) bias_offsets = broadcast_offsets(bias->shape, x.shape);
  for (int64_t o = 0; o < outer; ++o) {
    double sum = 0.0, sum_sq = 0.0;
    for (int64_t i = 0; i < size; ++i) sum += load_double(x, o * size + i);
    const double mean = sum / static_cast<double>(size);
    for (int64_t i = 0; i < size; ++i) {
      const double d = load_double(x, o * size + i) - mean;
      sum_sq += d * d;
    }
    const double inv_std = 1.0 / std::sqrt(sum_sq / static_cast<double>(size) + epsilon);
    for (int64_t i = 0; i < size; ++i) {
      const size_t flat = static_cast<size_t>(o * size + i);
      double v = (load_double(x, o * size + i) - mean) * inv_std * load_double(scale, scale_offsets[flat]);
      if (bias) v += load_double(*bias, bias_offsets[flat]);
      store_double(y, o * size + i, v);
    }
    if (mean_out) store_double(*mean_out, o, mean);
    if (inv_std_out) store_double(*inv_std_out, o, inv_std);
  }
}

}  // namespace reference
}  // namespace nnslim
