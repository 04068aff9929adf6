// Runs every node's shape rule in order: fills dtype/shape of every value and
// folds constant subgraphs (the Shape/Gather/Concat/Reshape arithmetic that
// converters emit). Requires static graph-input dims (bind them first).
#pragma once
#include "ir/graph.h"

namespace nnslim {

// Throws Error naming the node on unsupported ops, wrong input counts, bad
// attributes or incompatible shapes. Lists *all* unsupported ops in one message.
void infer_shapes(Graph& graph);

// Graph inputs whose *values* (not just shapes) decide an output shape: they
// feed a Reshape's shape, a Slice's starts, a Resize's scales, ... Executors
// bind them as constants before shape inference (and key compiled plans on
// their values).
std::vector<int> shape_deciding_graph_inputs(const Graph& graph);

// Every node whose op is not supported, as "OpType (node 'name')" lines. With
// `model_opset` > 0 (an imported file's opset), also every node whose op
// the table defines only from a later opset.
std::vector<std::string> unsupported_ops(const Graph& graph, int64_t model_opset = 0);

}  // namespace nnslim
