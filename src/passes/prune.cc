#include "passes/prune.h"

#include "core/error.h"
#include "passes/prune_methods.h"

namespace nnslim {

PruneReport prune_graph(Graph& graph, const PruneOptions& options, const PruneProgress& progress) {
  if (options.method == PruneMethod::Block) {
    if (options.nm_m > 0) {
      NNSLIM_CHECK(options.nm_n >= 1 && options.nm_n < options.nm_m, ErrorCode::InvalidArgument,
                   "prune: nm must be N:M with 1 <= N < M, got ", options.nm_n, ":", options.nm_m);
    } else {
      NNSLIM_CHECK(options.block_rows >= 1 && options.block_cols >= 1 && options.block_rows * options.block_cols > 1,
                   ErrorCode::InvalidArgument, "prune: block must be RxC with R, C >= 1 and more than one element, got ",
                   options.block_rows, "x", options.block_cols);
    }
  }
  PruneReport report;
  const std::vector<PruneTarget> targets = select_prune_targets(graph, options, &report.skipped);
  switch (options.method) {
    case PruneMethod::Magnitude: prune_magnitude(graph, targets, options, report, progress); break;
    case PruneMethod::Block: prune_blocks(graph, targets, options, report, progress); break;
    case PruneMethod::Channel: prune_channels(graph, targets, options, report, progress); break;
  }
  // Report layers in graph order (global scope visits named layers first).
  std::vector<PrunedLayer> in_order;
  for (const PruneTarget& t : targets)
    for (const PrunedLayer& layer : report.layers)
      if (layer.name == t.name && (in_order.empty() || in_order.back().name != t.name)) in_order.push_back(layer);
  report.layers = std::move(in_order);
  graph.rebuild_producers();
  graph.remove_dead_nodes();
  graph.verify();
  return report;
}

}  // namespace nnslim
