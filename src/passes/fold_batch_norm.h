// fold_batch_norm: Conv (or ConvTranspose) followed by an inference
// BatchNormalization becomes one Conv with rescaled weights and bias.
//
//   y = gamma * (conv(x, W) + b - mean) / sqrt(var + eps) + beta
//     = conv(x, W * s) + (b - mean) * s + beta,   s = gamma / sqrt(var + eps)
//
// with s applied per output channel (W's dim 0). Applies when the conv output
// feeds only the BatchNormalization, isn't a graph output, and W, b, and the
// BN parameters are materialized constants. Returns the number of folds.
// A ConvTranspose followed by the BN, or by an Add of a per-channel constant
// bias and then the BN (Paddle2ONNX's deconvolution), folds the same way
// (output channels are W's dim 1 within each group; the Add joins the bias).
#pragma once
#include "ir/graph.h"

namespace nnslim {

int fold_batch_norm(Graph& graph);

}  // namespace nnslim
