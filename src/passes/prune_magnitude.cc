// Unstructured magnitude pruning: the smallest |w| become 0, per layer or
// with one threshold over every pruned layer (scope 'global').
#include <cmath>

#include "passes/prune_methods.h"

namespace nnslim {
namespace {

std::vector<float> magnitudes(const Tensor& weight) {
  std::vector<float> out(static_cast<size_t>(weight.numel()));
  const float* w = weight.data<float>();
  for (size_t i = 0; i < out.size(); ++i) out[i] = std::fabs(w[i]);
  return out;
}

void zero_weakest(Tensor& weight, double sparsity) {
  const std::vector<float> scores = magnitudes(weight);
  float* w = weight.data<float>();
  for (size_t i : weakest(scores, units_to_prune(sparsity, scores.size()))) w[i] = 0.f;
}

}  // namespace

void prune_magnitude(Graph& graph, const std::vector<PruneTarget>& targets, const PruneOptions& options,
                     PruneReport& report, const PruneProgress& progress) {
  const bool global = options.scope == PruneScope::Global;
  // Scope 'global': every layer without its own sparsity joins one pool with
  // one threshold (the k-th smallest |w| of the pool).
  std::vector<Tensor*> pooled;
  std::vector<float> pool_scores;
  size_t done = 0;
  for (const PruneTarget& target : targets) {
    Tensor& weight = own_pruned_weight(graph, target);
    if (global && !target.named) {
      pooled.push_back(&weight);
      const std::vector<float> scores = magnitudes(weight);
      pool_scores.insert(pool_scores.end(), scores.begin(), scores.end());
      continue;
    }
    zero_weakest(weight, target.sparsity);
    report.layers.push_back(pruned_layer_report(graph, target));
    if (progress) progress(++done, targets.size());
  }
  if (pooled.empty()) return;
  // Pool index -> (tensor, element): tensors are laid end to end.
  std::vector<size_t> starts;
  size_t offset = 0;
  for (Tensor* weight : pooled) {
    starts.push_back(offset);
    offset += static_cast<size_t>(weight->numel());
  }
  size_t tensor = 0;
  for (size_t i : weakest(pool_scores, units_to_prune(options.sparsity, pool_scores.size()))) {
    while (tensor + 1 < pooled.size() && i >= starts[tensor + 1]) ++tensor;
    pooled[tensor]->data<float>()[i - starts[tensor]] = 0.f;
  }
  for (const PruneTarget& target : targets) {
    if (target.named) continue;
    report.layers.push_back(pruned_layer_report(graph, target));
    if (progress) progress(++done, targets.size());
  }
}

}  // namespace nnslim
