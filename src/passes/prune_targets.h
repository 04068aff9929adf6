// The layers a pruning pass works on (see passes/prune.h): which nodes hold a
// prunable weight, their names, their sparsity target, and how their weight
// is laid out as [outputs, inputs, taps]. Shared by the prune_* passes.
#pragma once
#include <string>
#include <vector>

#include "passes/prune.h"

namespace nnslim {

struct PruneTarget {
  int node = -1;              // node index in the graph
  std::string name;           // layer name (as profile() shows it)
  std::string op;             // "Conv", "Gemm", "MatMul"
  double sparsity = 0;        // this layer's target
  bool named = false;         // named in PruneOptions::layer_sparsity
  int64_t group = 1;          // Conv's group
  // Weight layout: element (o, i, t) is at o*out_stride + i*in_stride + t*tap_stride.
  int64_t outputs = 0, inputs = 0, taps = 1;
  int64_t out_stride = 0, in_stride = 0, tap_stride = 1;

  int64_t at(int64_t o, int64_t i, int64_t t) const { return o * out_stride + i * in_stride + t * tap_stride; }
  int64_t numel() const { return outputs * inputs * taps; }
};

// "dense_1" for a node of builder layer "dense_1", else the node's name, else
// "<OpType>_<index>" (profile()'s naming).
std::string prune_layer_name(const Node& node, size_t index);

// Validates the options against the graph (sparsities in [0, 1), every name in
// layer_sparsity a prunable layer, every name in skip a layer) and returns the
// layers to prune, in node order, each with its sparsity. Layers left out by
// the skip list are appended to `skipped` ("name: in the skip list").
std::vector<PruneTarget> select_prune_targets(const Graph& graph, const PruneOptions& options,
                                              std::vector<std::string>* skipped);

// Gives target's node a weight of its own (a materialized copy of the
// constant, which other nodes may share) and returns it for editing.
Tensor& own_pruned_weight(Graph& graph, const PruneTarget& target);

// Zero elements of a float tensor.
int64_t count_zeros(const Tensor& weight);

// The k lowest of `scores` (ties: the lower index first), as indices in
// ascending order: which weights or blocks to zero for an exact count.
std::vector<size_t> weakest(const std::vector<float>& scores, size_t k);

// round(fraction * count), the number of units a sparsity removes.
size_t units_to_prune(double fraction, size_t count);

// The pruned layer's line of the report (weights and zeros of its weight now).
PrunedLayer pruned_layer_report(const Graph& graph, const PruneTarget& target);

}  // namespace nnslim
