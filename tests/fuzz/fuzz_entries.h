// What the fuzzers do with one input, shared by the libFuzzer targets
// (tests/fuzz/*_fuzzer.cc) and the Catch2 test that replays every input they
// ever crashed on (tests/cpp/fuzz_regressions_test.cc, tests/fuzz_regressions/).
//
// Each entry drives the public facade (api/model.h) the way the wasm bindings
// do: load or build, summary (verifier + shape inference), export, then one
// run with small feeds, explain() and profile(); a model that ran is then
// pruned and quantized, and the derived models compiled, run, exported (the
// quantized one re-imported and run too): fuzz_derived.h; their results are
// checked by fuzz_oracles.h (the export re-imported computes the same bits,
// a pruned model matches the reference executor). The input's first
// kOptionBytes bytes choose how (fuzz_options.h); the rest is the model. An
// nnslim::Error with a code the bindings would show as a user's fault, or
// std::bad_alloc (OUT_OF_MEMORY in the bindings), is a good outcome. What is
// a finding aborts or escapes: a crash, a sanitizer report, an Error whose
// code is INTERNAL, any other exception type (the bindings would report it
// as INTERNAL too), or an oracle's disagreement (fuzz_oracles.h).
#pragma once
#include <cstddef>
#include <cstdint>

namespace nnslim::fuzz {

// kOptionBytes option bytes, then ONNX bytes -> import + verification +
// shape inference + export + plan compilation + one run + the derived models.
void onnx_model(const uint8_t* data, size_t size);

// kOptionBytes option bytes, then the builder's JSON layer spec
// (docs/builder-spec.md) -> graph + the same steps.
void builder_spec(const uint8_t* data, size_t size);

// Feeds larger than this many elements (per input) are not run: the fuzzer
// is after the importer's and the compiler's logic, not big arithmetic.
constexpr int64_t kMaxFeedElements = 1 << 12;
// A plan whose activation arena is larger than this is compiled but not run.
constexpr int64_t kMaxArenaBytes = int64_t{1} << 24;
// Nor is a plan whose work passes this: per node, the profile's
// multiply-adds plus elementwise ops at the plan's shapes (the ops' cost
// rules) plus the elements it writes (data movement has no cost rule). A
// small legal model can ask for a lot: a 3-D pool whose pads and window are
// ~100 wide over a 2x3x4x3x4 input has ~3*10^7 window taps, a reflect Pad of
// an 8x8 image by ~100 writes 2*10^6 elements. That is big arithmetic on the
// scalar reference, not the importer's or the compiler's logic; under ASan,
// and at nice 19 on a shared machine, it made one execution take seconds
// (libFuzzer timeouts). At this budget one stays under a second of CPU even
// on the scalar reference under ASan.
constexpr double kMaxRunWork = double(int64_t{1} << 24);

}  // namespace nnslim::fuzz
