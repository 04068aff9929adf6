// Constant folding for the shape arithmetic that converters emit
// (Shape -> Gather -> Unsqueeze -> Concat -> Reshape, Cast -> Mul -> Floor for
// Resize sizes, ...). Shape inference folds a node of an op the table marks
// kFolds (ops/op_list.inc) when every input is a small constant, by running
// the op's reference kernel: folding has no arithmetic of its own, so a folded
// value is exactly what the reference executor computes. Big results are not
// folded: weights are never duplicated into folded copies.
//
// A folded output is a plain constant (Value::constant set, Value::is_param
// left false): it is data the graph computes, not a weight.
#pragma once
#include "ops/op_registry.h"

namespace nnslim {

// Largest folded input or result, in elements.
constexpr int64_t kMaxFoldElements = 65536;

// After the node's shape rule has run: if every present input is a
// materialized constant of a fixed-size dtype with at most kMaxFoldElements
// elements, and every output has a static shape of at most that many, runs
// `def.reference` and stores the results as the outputs' constants. Outputs
// the shape rule already made constant stay as they are. Returns whether it folded.
bool fold_with_reference(Graph& graph, const Node& node, const OpDef& def);

}  // namespace nnslim
