// Helpers for tests that run the optimized runtime (Session) against the
// reference executor: seeded random tensors, a NaN-aware comparison, the check
// itself (which returns the plan's step descriptions) and a plan search.
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

// Returns the compiled plan's step descriptions (which kernel each node got).
inline std::vector<std::string> check_session_matches_reference(const Graph& graph, const std::vector<TensorPtr>& inputs) {
  std::vector<TensorPtr> expected = run_reference(graph, inputs);
  Session session(graph);
  std::vector<NamedTensor> feeds;
  for (size_t i = 0; i < inputs.size(); ++i) feeds.push_back({graph.value(graph.inputs[i]).name, inputs[i]});
  for (int repeat = 0; repeat < 2; ++repeat) {  // the second run reuses the compiled plan
    std::vector<NamedTensor> got = session.run(feeds);
    REQUIRE(got.size() == expected.size());
    for (size_t i = 0; i < got.size(); ++i) {
      INFO("output " << got[i].name << " run " << repeat);
      CHECK(session_mismatches(*got[i].tensor, *expected[i]) == "");
    }
  }
  return session.describe_plan();
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

}  // namespace test
}  // namespace nnslim
