#include "fuzz_derived.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "fuzz_oracles.h"
#include "fuzz_run.h"
#include "passes/calibration_ranges.h"

namespace nnslim::fuzz {
namespace {

// xorshift32: cheap, deterministic for a seed, never 0 for a non-zero state.
struct Random {
  uint32_t state;
  uint32_t next() {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return state;
  }
  float uniform() { return static_cast<float>(next() >> 8) / static_cast<float>(1 << 23) - 1.f; }  // [-1, 1)
};

float sample_value(SampleValues kind, Random& random, float constant) {
  switch (kind) {
    case SampleValues::Uniform: return random.uniform();
    case SampleValues::Constant: return constant;
    case SampleValues::Huge: return random.uniform() * 3e38f;
    case SampleValues::Specials: {
      constexpr float kSpecials[] = {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(),
                                     -std::numeric_limits<float>::infinity(), 1e-40f, -0.f};
      const uint32_t pick = random.next() % 8;
      return pick < 5 ? kSpecials[pick] : random.uniform();
    }
  }
  return 0.f;
}

// One calibration sample: the run's feeds (shapes, and the values of
// non-float inputs, which may decide shapes) with float32 inputs refilled
// from the options' value kind and seed.
std::vector<NamedTensor> calibration_sample(const Model& model, const Feeds& feeds, const DerivedOptions& options,
                                            int index) {
  Random random{(options.sample_seed * 2654435761u) ^ (static_cast<uint32_t>(index) + 1) * 40503u};
  const float constant = static_cast<float>(options.sample_seed) / 8.f - 2.f;
  std::vector<NamedTensor> sample;
  for (size_t i = 0; i < feeds.names.size(); ++i) {
    auto tensor = std::make_shared<Tensor>();
    tensor->dtype = model.graph().value(model.graph().inputs[i]).dtype;
    tensor->dims = feeds.dims[i];
    tensor->bytes = feeds.bytes[i];
    if (tensor->dtype == DType::Float32)
      for (size_t e = 0; e < tensor->bytes.size() / sizeof(float); ++e) {
        const float value = sample_value(options.sample_values, random, constant);
        std::memcpy(tensor->bytes.data() + e * sizeof(float), &value, sizeof(float));
      }
    sample.push_back({feeds.names[i], std::move(tensor)});
  }
  return sample;
}

// Calibration as web/quantize.js drives it: begin, then every pass over
// every sample. Skipped for a weight-only quantization unless the options
// ask (its bias correction uses the means).
void calibrate(Model& model, const DerivedOptions& options) {
  if (options.quantize.options.weight_only && !options.calibrate_weight_only) return;
  Feeds feeds;
  if (!make_feeds(model.graph(), feeds)) return;
  std::vector<std::vector<NamedTensor>> samples;
  for (int s = 0; s < options.sample_count; ++s) samples.push_back(calibration_sample(model, feeds, options, s));
  model.begin_calibration(method_needs_histogram(parse_calibration_method(options.quantize.method)));
  for (int pass = 0; pass < model.calibration_passes(); ++pass) {
    model.calibration_begin_pass(pass);
    for (const std::vector<NamedTensor>& sample : samples) model.calibrate(sample);
  }
}

// What the bindings offer on a derived model. True when it ran.
bool exercise_derived(Model& model, const DerivedOptions& options) {
  (void)model.summary();
  (void)model.to_onnx();
  const bool ran = run_once(model, options.timed);
  (void)model.explain_plan_json();
  return ran;
}

}  // namespace

void derive_and_run(Model& model, const DerivedOptions& options) {
  std::unique_ptr<Model> pruned;
  expect_coded_outcome([&] {
    std::string report;
    pruned = model.prune(options.prune_json, &report);
    if (!exercise_derived(*pruned, options)) return;
    check_export_round_trip(*pruned, "pruned model", options.sample_seed);
    check_matches_reference(*pruned, options.sample_seed);
  });
  Model& base = options.quantize_pruned && pruned ? *pruned : model;
  expect_coded_outcome([&] {
    calibrate(base, options);
    std::unique_ptr<Model> quantized = base.quantize(options.quantize);
    if (!exercise_derived(*quantized, options)) return;
    check_export_round_trip(*quantized, "quantized model", options.sample_seed);
    const std::vector<uint8_t> onnx = quantized->to_onnx();
    std::unique_ptr<Model> reimported = Model::load_onnx(onnx.data(), onnx.size());
    exercise_derived(*reimported, options);
  });
}

}  // namespace nnslim::fuzz
