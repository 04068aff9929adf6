// One entry per pruning method (passes/prune.h documents them). Each edits
// `graph` for the selected targets, appends to `report` and calls `progress`
// after each layer; options were validated by select_prune_targets, except
// what only the method knows (block shapes).
#pragma once
#include <vector>

#include "passes/prune_targets.h"

namespace nnslim {

void prune_magnitude(Graph& graph, const std::vector<PruneTarget>& targets, const PruneOptions& options,
                     PruneReport& report, const PruneProgress& progress);
void prune_blocks(Graph& graph, const std::vector<PruneTarget>& targets, const PruneOptions& options,
                  PruneReport& report, const PruneProgress& progress);
void prune_channels(Graph& graph, const std::vector<PruneTarget>& targets, const PruneOptions& options,
                    PruneReport& report, const PruneProgress& progress);

}  // namespace nnslim
