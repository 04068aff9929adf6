// Block pruning: R x C blocks (R outputs x C inputs at one kernel tap) ranked
// by L2 norm, the weakest zeroed whole, so that block-sparse kernels skip
// them; and its N:M variant (N of every M consecutive inputs kept).
#include <cmath>

#include "core/error.h"
#include "passes/prune_methods.h"

namespace nnslim {
namespace {

struct BlockShape {
  int64_t rows, cols;  // outputs x inputs
};

// Squared L2 norm of each block (the ranking of the norms), block index
// (t * O/R + o/R) * I/C + i/C.
std::vector<float> block_scores(const Tensor& weight, const PruneTarget& t, BlockShape b) {
  const int64_t block_rows = t.outputs / b.rows, block_cols = t.inputs / b.cols;
  std::vector<float> scores(static_cast<size_t>(t.taps * block_rows * block_cols), 0.f);
  const float* w = weight.data<float>();
  for (int64_t tap = 0; tap < t.taps; ++tap)
    for (int64_t o = 0; o < t.outputs; ++o)
      for (int64_t i = 0; i < t.inputs; ++i) {
        const float v = w[t.at(o, i, tap)];
        scores[static_cast<size_t>((tap * block_rows + o / b.rows) * block_cols + i / b.cols)] += v * v;
      }
  return scores;
}

void zero_block(Tensor& weight, const PruneTarget& t, BlockShape b, size_t block) {
  const int64_t block_rows = t.outputs / b.rows, block_cols = t.inputs / b.cols;
  const int64_t index = static_cast<int64_t>(block);
  const int64_t tap = index / (block_rows * block_cols);
  const int64_t o0 = (index / block_cols) % block_rows * b.rows, i0 = index % block_cols * b.cols;
  float* w = weight.data<float>();
  for (int64_t o = o0; o < o0 + b.rows; ++o)
    for (int64_t i = i0; i < i0 + b.cols; ++i) w[t.at(o, i, tap)] = 0.f;
}

// N:M: of every M consecutive inputs (same output, same tap) the N largest |w| stay.
void keep_n_of_m(Tensor& weight, const PruneTarget& t, int64_t n, int64_t m) {
  float* w = weight.data<float>();
  std::vector<float> group(static_cast<size_t>(m));
  for (int64_t tap = 0; tap < t.taps; ++tap)
    for (int64_t o = 0; o < t.outputs; ++o)
      for (int64_t i0 = 0; i0 < t.inputs; i0 += m) {
        for (int64_t j = 0; j < m; ++j) group[static_cast<size_t>(j)] = std::fabs(w[t.at(o, i0 + j, tap)]);
        for (size_t j : weakest(group, static_cast<size_t>(m - n))) w[t.at(o, i0 + static_cast<int64_t>(j), tap)] = 0.f;
      }
}

}  // namespace

void prune_blocks(Graph& graph, const std::vector<PruneTarget>& targets, const PruneOptions& options,
                  PruneReport& report, const PruneProgress& progress) {
  const bool nm = options.nm_m > 0;
  const BlockShape shape = nm ? BlockShape{1, options.nm_m} : BlockShape{options.block_rows, options.block_cols};
  const std::string option = nm ? str("nm ", options.nm_n, ":", options.nm_m)
                                : str("block ", shape.rows, "x", shape.cols);
  std::vector<PruneTarget> divisible;
  for (const PruneTarget& t : targets) {
    if (t.outputs % shape.rows == 0 && t.inputs % shape.cols == 0) {
      divisible.push_back(t);
      continue;
    }
    const std::string why = str(option, " does not divide its weight (", t.outputs, " outputs x ", t.inputs,
                                " inputs per group)");
    NNSLIM_CHECK(!t.named, ErrorCode::InvalidArgument, "prune: layer '", t.name, "': ", why);
    report.skipped.push_back(t.name + ": " + why);
  }
  NNSLIM_CHECK(!divisible.empty() || targets.empty(), ErrorCode::InvalidArgument, "prune: ", option,
               " divides no prunable layer of the model");

  const bool global = options.scope == PruneScope::Global && !nm;
  std::vector<std::pair<Tensor*, const PruneTarget*>> pooled;
  std::vector<float> pool_scores;
  std::vector<size_t> starts;
  size_t done = 0;
  for (const PruneTarget& t : divisible) {
    Tensor& weight = own_pruned_weight(graph, t);
    if (nm) {
      keep_n_of_m(weight, t, options.nm_n, options.nm_m);
    } else {
      std::vector<float> scores = block_scores(weight, t, shape);
      if (global && !t.named) {
        starts.push_back(pool_scores.size());
        pooled.emplace_back(&weight, &t);
        pool_scores.insert(pool_scores.end(), scores.begin(), scores.end());
        continue;
      }
      for (size_t block : weakest(scores, units_to_prune(t.sparsity, scores.size()))) zero_block(weight, t, shape, block);
    }
    report.layers.push_back(pruned_layer_report(graph, t));
    if (progress) progress(++done, divisible.size());
  }
  size_t layer = 0;
  for (size_t i : weakest(pool_scores, units_to_prune(options.sparsity, pool_scores.size()))) {
    while (layer + 1 < pooled.size() && i >= starts[layer + 1]) ++layer;
    zero_block(*pooled[layer].first, *pooled[layer].second, shape, i - starts[layer]);
  }
  for (const auto& entry : pooled) {
    report.layers.push_back(pruned_layer_report(graph, *entry.second));
    if (progress) progress(++done, divisible.size());
  }
}

}  // namespace nnslim
