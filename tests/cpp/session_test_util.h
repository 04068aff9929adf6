// Helpers for tests that run the optimized runtime (Session) against the
// reference executor: seeded random tensors, NaN-aware and byte comparisons,
// the check itself (which returns the plan's step descriptions) and plan searches.
#pragma once
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "numeric_match.h"
#include "ops/reference/reference.h"
#include "runtime/session.h"

namespace nnslim {
namespace test {

inline TensorPtr random_tensor(const Shape& dims, uint64_t seed, float scale = 1.f) {
  auto t = std::make_shared<Tensor>();
  t->dtype = DType::Float32;
  t->dims = dims;
  t->bytes.resize(t->byte_size());
  uint64_t state = seed * 2654435761u + 1;
  for (int64_t i = 0; i < t->numel(); ++i) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    t->data<float>()[i] = scale * (static_cast<float>((state >> 40) & 0xFFFF) / 32768.f - 1.f);
  }
  return t;
}

// Empty when a matches b: |a - b| <= 1e-5 * max(1, max |b|) elementwise
// (NaN-aware: numeric_match.h); the runtimes differ only by summation order.
inline std::string session_mismatches(const Tensor& a, const Tensor& b) {
  REQUIRE(a.dims == b.dims);
  REQUIRE(a.dtype == DType::Float32);
  REQUIRE(b.dtype == DType::Float32);
  return describe_mismatches_scaled(a.data<float>(), b.data<float>(), static_cast<size_t>(b.numel()), 1e-5);
}

inline bool plan_has(const std::vector<std::string>& plan, const std::string& needle) {
  for (const std::string& step : plan)
    if (step.find(needle) != std::string::npos) return true;
  return false;
}

// How many steps of `plan` mention `needle`.
inline int count_steps(const std::vector<std::string>& plan, const std::string& needle) {
  int n = 0;
  for (const std::string& step : plan) n += step.find(needle) != std::string::npos;
  return n;
}

// The plan one step per line, for INFO/CAPTURE messages.
inline std::string listing(const std::vector<std::string>& plan) {
  std::string text;
  for (const std::string& step : plan) text += step + "\n";
  return text;
}

// The session feeds: inputs[i] bound to the graph's i-th input.
inline std::vector<NamedTensor> feeds_for(const Graph& graph, const std::vector<TensorPtr>& inputs) {
  std::vector<NamedTensor> feeds;
  for (size_t i = 0; i < inputs.size(); ++i) feeds.push_back({graph.value(graph.inputs[i]).name, inputs[i]});
  return feeds;
}

// Empty when a == b; else how many bytes differ and where the first is.
// (Vectors, not memcmp: an empty tensor's data pointer may be null.)
inline std::string byte_mismatches(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b) {
  if (a.size() != b.size()) return "sizes " + std::to_string(a.size()) + " != " + std::to_string(b.size());
  size_t count = 0, first = a.size();
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i] != b[i] && count++ == 0) first = i;
  if (count == 0) return "";
  return std::to_string(count) + " of " + std::to_string(a.size()) + " bytes differ, the first at byte " +
         std::to_string(first);
}

// Float tensors: within `relative_to_max` of b's largest finite magnitude
// (at least 1), NaN only where b has NaN (numeric_match.h); other dtypes
// byte for byte.
inline std::string mismatches_within(const Tensor& a, const Tensor& b, double relative_to_max) {
  if (b.dtype != DType::Float32 || a.dtype != DType::Float32) return byte_mismatches(a.bytes, b.bytes);
  return describe_mismatches_scaled(a.data<float>(), b.data<float>(), static_cast<size_t>(b.numel()),
                                    relative_to_max);
}

// Runs `graph` on one Session twice (the second run reuses the compiled
// plan) and checks every output against the reference executor's: the same
// dtype and dims, and `mismatches(got, expected)` empty. Returns the plan's
// step descriptions (which kernel each node got).
template <typename Mismatches>
std::vector<std::string> check_runs_match_reference(const Graph& graph, const std::vector<TensorPtr>& inputs,
                                                    Mismatches mismatches) {
  const std::vector<TensorPtr> expected = run_reference(graph, inputs);
  Session session(graph);
  const std::vector<NamedTensor> feeds = feeds_for(graph, inputs);
  for (int repeat = 0; repeat < 2; ++repeat) {
    const std::vector<NamedTensor> got = session.run(feeds);
    REQUIRE(got.size() == expected.size());
    for (size_t i = 0; i < got.size(); ++i) {
      INFO("output " << got[i].name << " run " << repeat << "\n" << listing(session.describe_plan()));
      REQUIRE(got[i].tensor->dtype == expected[i]->dtype);
      REQUIRE(got[i].tensor->dims == expected[i]->dims);
      CHECK(mismatches(*got[i].tensor, *expected[i]) == "");
    }
  }
  return session.describe_plan();
}

// Float outputs within 1e-5 of the reference's (session_mismatches).
inline std::vector<std::string> check_session_matches_reference(const Graph& graph, const std::vector<TensorPtr>& inputs) {
  return check_runs_match_reference(graph, inputs, session_mismatches);
}

// Signal-to-quantization-noise ratio of `candidate` against `reference`, in
// dB: 10 log10(sum r^2 / sum (r - c)^2). A NaN or infinity anywhere gives
// -inf (so a bound like >= 30 dB fails).
inline double sqnr_db(const Tensor& reference, const Tensor& candidate) {
  REQUIRE(reference.numel() == candidate.numel());
  double signal = 0, noise = 0;
  for (int64_t i = 0; i < reference.numel(); ++i) {
    const double r = reference.data<float>()[i], c = candidate.data<float>()[i];
    if (!std::isfinite(c) || !std::isfinite(r)) return -INFINITY;
    signal += r * r;
    noise += (r - c) * (r - c);
  }
  return noise == 0 ? INFINITY : 10 * std::log10(signal / noise);
}

}  // namespace test
}  // namespace nnslim
