// The fuzz entries' second half: what a model that ran goes on to
// (options from fuzz_options.h). Each stage ends on its own coded error, so
// a pruning the options make invalid still leaves the quantization fuzzed.
//   - pruned (magnitude, block, N:M or channel, a sparsity, a block shape);
//     the pruned model: summary, export, one run (the sparse lowerings),
//     explain(); its export re-imported computes the same bits, and it
//     matches the reference executor (fuzz_oracles.h);
//   - quantized (static with a tiny calibration set of 1-2 samples, or
//     weight-only; per-tensor or per-channel weights, symmetric or not,
//     each calibration method), the original or the pruned model; the
//     quantized model: summary, export, one run (the int8 lowerings),
//     explain(); then its export re-imported and run, to the same bits
//     (fuzz_oracles.h).
#pragma once
#include "api/model.h"
#include "fuzz_options.h"

namespace nnslim::fuzz {

void derive_and_run(Model& model, const DerivedOptions& options);

}  // namespace nnslim::fuzz
