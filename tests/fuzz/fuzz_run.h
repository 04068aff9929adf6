// The fuzz entries' building blocks (tests/fuzz/fuzz_entries.cc,
// fuzz_derived.cc): one run of a model as the wasm bindings do it, within
// the size caps of fuzz_entries.h, and the rule that tells a good outcome
// from a finding.
#pragma once
#include <cstdint>
#include <exception>
#include <new>
#include <string>
#include <vector>

#include "api/model.h"
#include "core/error.h"

namespace nnslim::fuzz {

// Prints the finding and aborts (libFuzzer keeps the input).
[[noreturn]] void finding(const char* what, const std::string& message);

// Feeds for every graph input: symbolic dims bound to 1, bytes from a fixed
// pattern (small integers, so that shape-deciding int64 inputs such as a
// Reshape target or a Slice bound stay small).
struct Feeds {
  std::vector<std::vector<int64_t>> dims;
  std::vector<std::vector<uint8_t>> bytes;
  std::vector<std::string> names;
  std::vector<InputRef> refs;
};

// False when an input is too large to be worth running (kMaxFeedElements)
// or has a dtype without a byte size.
bool make_feeds(const Graph& graph, Feeds& feeds);

// The bindings' run(): prepare (validate feeds, compile the plan), write the
// inputs, execute (timed when `timed`: the per-layer profile), read every
// output byte. True when it ran; false when the feeds, the plan's arena or
// its work are over the caps (the plan is compiled but not run).
bool run_once(Model& model, bool timed = false);

// One output of a run, copied out of the plan's arena.
struct Output {
  DType dtype = DType::Undefined;
  std::vector<int64_t> dims;
  std::vector<uint8_t> bytes;
};

// run_once() on the given feeds (made for this model's graph inputs, in
// order); `outputs`, when given, receives a copy of every output. `work`,
// when given, receives the plan's work (the caps' measure, fuzz_entries.h).
bool run_feeds(Model& model, const Feeds& feeds, bool timed, std::vector<Output>* outputs, double* work = nullptr);

// Runs `body`; the outcomes the bindings would hand JS as a user's error end
// quietly (false), everything else is a finding. True when `body` returned.
template <typename Body>
bool expect_coded_outcome(Body&& body) {
  try {
    body();
    return true;
  } catch (const Error& error) {
    if (error.code() == ErrorCode::Internal) finding("INTERNAL error", error.what());
  } catch (const std::bad_alloc&) {
    // OUT_OF_MEMORY in the bindings (the fuzzers cap allocations: allocation_cap.cc).
  } catch (const std::exception& error) {
    finding("exception other than nnslim::Error", error.what());
  }
  return false;
}

}  // namespace nnslim::fuzz
