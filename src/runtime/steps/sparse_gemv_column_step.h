// The batch-1 sparse GEMV by columns (kernels/f32-spgemv-csc): for a dense
// layer whose input comes from a Relu (or a Clip with min >= 0), about half
// of the inputs are exactly zero, and walking the weights by column visits
// only the nonzero inputs' columns. Each visited nonzero costs more than in
// the row kernel (a scatter: the accumulator block is loaded and stored), so
// the column form pays only where inputs are often zero; the rule and its
// numbers: docs/runtime.md, "Sparse weights".
#pragma once
#include <memory>
#include <string>

#include "ir/graph.h"
#include "kernels/microparams.h"
#include "runtime/compiled_plan.h"
#include "runtime/steps/activation_epilogue.h"
#include "runtime/steps/sparse_matmul_step.h"

namespace nnslim {

// Whether `value` is the output of a Relu, or of a Clip whose min is >= 0
// (constant bounds): an input whose zeros the column kernel can skip.
bool produced_by_nonnegative_clamp(const Graph& graph, int value);

// Whether the column kernel is taken for a batch-1 layer with these weights
// (nonzeros of them) fed by a Relu-like input: enough nonzeros per column for
// the per-column work to vanish, and every weight finite (a skipped zero
// input drops W * 0, which is NaN for an infinite weight).
bool sparse_gemv_columns_pay(const ConstantMatrix& weights, size_t nonzeros);

std::unique_ptr<Step> make_sparse_gemv_column_step(const ConstantMatrix& weights, kernels::F32MinMaxParams clamp,
                                                   const ActivationEpilogue& epilogue, const std::string& what);

}  // namespace nnslim
