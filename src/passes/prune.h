// Pruning passes: set weights to zero (magnitude, block, N:M) or remove whole
// output channels (channel), in place on a graph. Model::prune runs them on a
// copy, so the original model stays untouched.
//
// Prunable layers: Conv, Gemm and MatMul nodes whose weight (input 1) is a
// float constant of rank >= 2. A layer's name is the one profile() shows
// (Node::layer, else the node's name). Their weight is viewed as
// [outputs, inputs, taps]: Conv W[O, I/group, kh, kw] has taps = kh*kw; Gemm's
// B and MatMul's B are [K, N] (Gemm transB = 1: [N, K]) with outputs N, inputs
// K, taps 1.
//
// Methods
//   magnitude  the k = round(sparsity * numel) smallest |w| of each layer
//              become 0 (scope 'layer'), or the k = round(sparsity * total)
//              smallest over every pruned layer together (scope 'global',
//              one threshold); ties go to the lower index, so the counts are exact.
//   block      R x C blocks (R outputs x C inputs, at one kernel tap) ranked
//              by their L2 norm; the round(sparsity * blocks) weakest become 0.
//              A layer whose O is not a multiple of R or whose I/group is not
//              a multiple of C cannot be cut into blocks: named explicitly in
//              `layer_sparsity` it is an error; otherwise it stays dense and is
//              reported in `skipped`. N:M (nm_m > 0) keeps the nm_n largest |w|
//              of every nm_m consecutive inputs (same output, same tap);
//              its sparsity is 1 - N/M whatever `sparsity` says.
//   channel    structured: each prunable Conv (group 1) loses the
//              round(sparsity * O) output channels of smallest L1 (or L2)
//              norm, keeping at least one. The graph shrinks: the conv's
//              weight rows and bias, the BatchNormalization, Pad, pooling and
//              elementwise unary ops after it, the channels of a following
//              depthwise conv (its channels go with its input), and the input
//              channels of every consumer (Conv, Gemm / MatMul after Flatten).
//              A conv whose channels reach anything else (a residual Add, a
//              Concat, a graph output, an op that mixes channels otherwise) is
//              left alone and reported in `skipped`, so the graph stays valid.
//
// Default skip list (when `skip` is not given): the first Conv and the
// classifier (the last Gemm / MatMul), as common practice. Layers named in
// `layer_sparsity` are pruned even when the skip list names them.
//
// Bad options (sparsity outside [0, 1), unknown layer names, a block that
// does not divide a named layer) throw Error(INVALID_ARGUMENT) naming the
// option; the graph is unchanged then (checks come before any edit).
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "ir/graph.h"

namespace nnslim {

enum class PruneMethod { Magnitude, Block, Channel };
enum class PruneScope { Layer, Global };
enum class PruneCriterion { L1, L2 };

struct PruneOptions {
  PruneMethod method = PruneMethod::Magnitude;
  double sparsity = 0.5;                      // in [0, 1)
  PruneScope scope = PruneScope::Layer;
  std::map<std::string, double> layer_sparsity;  // per-layer overrides
  bool has_skip = false;                      // false: the default skip list
  std::vector<std::string> skip;
  // block: outputs x inputs. Default 8x1 (8 output channels at one input):
  // the shape the block-sparse kernels run fastest (docs/runtime.md,
  // "Block-sparse weights").
  int64_t block_rows = 8, block_cols = 1;
  int64_t nm_n = 0, nm_m = 0;                 // N:M when nm_m > 0 (block method)
  PruneCriterion criterion = PruneCriterion::L1;  // channel ranking
};

struct PrunedLayer {
  std::string name;
  std::string op;
  int64_t weights = 0;      // elements of the weight after pruning
  int64_t zeros = 0;        // zero elements of it after pruning
  int64_t channels_before = 0, channels_after = 0;  // channel method
};

struct PruneReport {
  std::vector<PrunedLayer> layers;
  std::vector<std::string> skipped;  // "name: why it was left alone"
};

// Called after each layer: (layers done, layers in all).
using PruneProgress = std::function<void(size_t, size_t)>;

PruneReport prune_graph(Graph& graph, const PruneOptions& options, const PruneProgress& progress = {});

}  // namespace nnslim
