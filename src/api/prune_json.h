// model.prune()'s options and report as JSON (keys of web/index.d.ts's
// PruneOptions and PruneReport).
#pragma once
#include <string>

#include "passes/prune.h"

namespace nnslim {

// {method, sparsity, scope, layers: {name: sparsity}, skip: [names],
//  block: "RxC" | [R, C], nm: "N:M", criterion: "l1" | "l2"}; every key
// optional. A wrong key, type or value is an Error(INVALID_ARGUMENT) naming
// the option.
PruneOptions parse_prune_options(const std::string& json);

// {layers: [{name, op, weights, zeros, sparsity, channelsBefore, channelsAfter}], skipped: [reasons]}
std::string prune_report_to_json(const PruneReport& report);

}  // namespace nnslim
