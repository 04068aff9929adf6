// Result oracles of the fuzzers' derived stages (fuzz_derived.cc): checks of
// what a derived model computes, not only that it computes without a crash.
//
//   export_round_trip: a quantized or pruned model, exported to ONNX and
//     re-imported, gives the bits of the model in memory on the same feeds
//     (the export is lossless and the importer reads back what the exporter
//     wrote: the same graph compiles to the same steps). Bits, not values:
//     a NaN matches only a NaN of the same bit pattern, -0 only -0.
//   matches_reference: a pruned float model run by the optimized runtime
//     (the sparse lowerings where they apply) against the reference
//     executor (src/ops/reference) on the pruned weights, within the
//     conformance tolerance (docs/conformance.md) widened for summation
//     order (fuzz_oracles.cc says which cases are skipped, and why).
//
// Both feed values that exercise arithmetic: float32 inputs uniform in
// [-1, 1) from a seed (make_feeds()'s bytes are subnormals for a float),
// other dtypes make_feeds()'s small integers. A disagreement is a finding
// (finding(): abort, libFuzzer keeps the input). NNSLIM_FUZZ_ORACLE_STATS=1
// prints at exit how often each oracle compared and why it skipped.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "api/model.h"
#include "fuzz_run.h"

namespace nnslim::fuzz {

// Above this work (fuzz_run.h's measure) the reference run is skipped: the
// reference computes in double with explicit indices, several times slower
// than the plan, and under ASan a run at kMaxRunWork takes seconds.
constexpr double kMaxReferenceWork = double(int64_t{1} << 21);

// make_feeds(), then float32 inputs refilled uniform in [-1, 1) from `seed`.
bool make_value_feeds(const Graph& graph, uint32_t seed, Feeds& feeds);

// Empty when `a` and `b` have the same count, dtypes, dims and bytes; else
// which output differs and where (for float32, both bit patterns).
std::string bit_mismatches(const std::vector<Output>& a, const std::vector<Output>& b);

// Empty when `got` matches `expected` (fuzz_oracles.cc: the tolerance);
// else which output and element differs.
std::string reference_mismatches(const std::vector<Output>& got, const std::vector<Output>& expected);

// Past this magnitude a value is not compared (matches_reference). The
// runtime computes in float, the reference in double rounded once per node:
// where a product or a sum passes FLT_MAX (3.4e38) inside a node, one gives
// inf (and inf - inf = NaN) where the other gives a finite value, and a
// later node (a Clip, a Softmax) can turn either into an ordinary output
// (the first finding of the oracle: depthwise weights of 1e35 times
// activations of 1e34). Below 2^50, a product of two values stays under
// 2^100 and a sum of up to 2^27 of them finite.
constexpr double kMaxOracleMagnitude = 0x1p50;

// Why a reference comparison is not meaningful, or null: among `values`
// (every value the reference computed, and the graph's float constants), a
// non-finite element or one beyond kMaxOracleMagnitude.
const char* nonfinite_reason(const std::vector<Output>& values);

// Whether `graph` has an op whose output jumps with its input's value
// (rounding, comparisons, quantization, ...): a last-bit difference between
// two correct runtimes can move a value across the jump.
const char* discontinuous_op(const Graph& graph);

// An op the graph's opset does not define yet, or null. The quantizer writes
// QuantizeLinear / DequantizeLinear (opset 10) and raises the opset to 10 or
// 13 when every node means the same there or can be rewritten to
// (passes/upgrade_to_opset13.h); a node it cannot rewrite (Upsample, Resize
// before 11, a softmax over more than the last axis, BatchNormalization-7
// with spatial = 0) leaves the opset below, and the export is not valid ONNX:
// nnslim's importer refuses it, as it should. export_round_trip skips such a
// model (a known limit of the quantizer: docs/reliability.md, "Not done yet").
const char* op_newer_than_opset(const Graph& graph);

void check_export_round_trip(Model& model, const char* what, uint32_t seed);
void check_matches_reference(Model& pruned, uint32_t seed);

}  // namespace nnslim::fuzz
