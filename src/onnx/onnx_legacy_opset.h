// ai.onnx opsets 1..5 -> 6 and 6 -> 7 on import.
//
// ONNX's pytorch-converted test models (PyTorch 0.3-era exports) use opset 6.
// Opset 7 changed only a few ops' contracts; this rewrites those nodes so the
// graph follows opset-7 semantics and sets graph.opset = 7:
// - Add/Sub/Mul/Div/Pow/And/Or/Xor/Equal/Greater/Less: opset 6's "legacy
//   broadcast" (attributes broadcast, axis) becomes numpy broadcasting. Without
//   `axis`, B's shape is a suffix of A's, which numpy reads the same way; an
//   `axis` that is not rank(A) - rank(B) (shapes known) is an Error.
// - Gemm: `broadcast` dropped (opset 7 always broadcasts C unidirectionally,
//   which covers both of opset 6's cases).
// - BatchNormalization, Dropout: `is_test` dropped (nnslim only does inference).
// - PRelu: a constant slope of shape [C] applied to X of rank >= 3 is
//   per-channel in opset 6; it is reshaped to [C, 1, ..., 1] so that opset 7's
//   unidirectional broadcasting means the same.
#pragma once
#include "ir/graph.h"

namespace nnslim {

// Requires graph.opset == 6; shapes come from graph inputs / value_info.
void upgrade_opset6_to_opset7(Graph& graph);

// Opsets 1..5 (the oldest ONNX test models, e.g. GlobalMaxPool's): accepted
// when every node's op kept its meaning up to opset 6. Opset 6 removed the
// `consumed_inputs` attribute (a memory hint, no semantics) from the
// elementwise ops, activations and BatchNormalization; it is dropped here.
// Ops whose contract changed before 6 (Reshape's shape attribute, Concat's
// optional axis, Pad/Split attributes, Cast's string `to`, ...) are an Error
// naming the node. Sets graph.opset = 6 (then upgrade_opset6_to_opset7).
void upgrade_pre_opset6_to_opset6(Graph& graph);

}  // namespace nnslim
