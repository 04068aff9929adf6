// BatchNormalization's outputs 1..4 (running mean and variance; saved mean
// and variance before opset 14) exist only in training mode. Exporters of
// opsets < 14 (PyTorch's, the Keras converters) often name them without any
// node reading them or the graph returning them. Left in, they would keep
// the node from folding into the conv before it (fold_batch_norm wants one
// output) and leave values nothing writes; dropped here, once, when a Model
// is made. Read ones are left for shape inference to refuse, naming the node
// (ops/batch_normalization.cc).
#pragma once

#include "ir/graph.h"

namespace nnslim {

// Returns how many nodes lost their unread training-mode outputs.
size_t drop_unread_training_outputs(Graph& graph);

}  // namespace nnslim
