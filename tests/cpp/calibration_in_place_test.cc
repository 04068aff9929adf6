// Calibration observes activations in place (Session::run_observed): each
// is read right after the step that writes it, in the layout the plan keeps
// it, instead of being copied out as an extra graph output. The oracle is the
// former path, rebuilt here (the activations as extra graph outputs copied
// out by run(), the statistics read from the NCHW copies): on
// MobileNetV2, BlazeFace (a corpus model: NHWC input, tf2onnx) and a small
// graph with odd shapes, a batch of 2 and NaN / infinities, both paths must
// choose the same ranges for every method (minmax, percentile, mse, entropy),
// hence the same scales and zero points, and the same per-channel means, bit
// for bit; the quantized graphs they give must hold the same constants. The
// session-level checks compare the bytes each observed value is handed over
// with (NHWC ones transposed back) against the same session's values copied
// out as graph outputs.
#include <catch2/catch.hpp>

#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "api/calibrator.h"
#include "error_matchers.h"
#include "kernels/f32-calib/f32-calib.h"
#include "onnx/onnx_import.h"
#include "ops_test_util.h"
#include "passes/quantize_qdq.h"
#include "session_test_util.h"
#include "test_data.h"

using namespace nnslim;
using namespace nnslim::test;

namespace {

const CalibrationMethod kMethods[] = {CalibrationMethod::MinMax, CalibrationMethod::Percentile,
                                      CalibrationMethod::Mse, CalibrationMethod::Entropy};

struct Calibrated {
  std::map<std::string, ValueRange> ranges[4][2];  // [method][symmetric]
  std::map<std::string, std::vector<float>> means;
  size_t nhwc_observations = 0;  // in-place path: activations read in NHWC
};

// `bad`: a sample refused before every good one of each pass (an error
// from the session's input checks): the calibration goes on as without it.
Calibrated calibrate_in_place(const Graph& prepared, const std::vector<std::vector<NamedTensor>>& samples,
                              const std::vector<NamedTensor>* bad = nullptr) {
  Calibrator calibrator(prepared, true);
  for (int pass = 0; pass < calibrator.passes(); ++pass) {
    calibrator.begin_pass(pass);
    for (const auto& sample : samples) {
      if (bad) REQUIRE_THROWS_AS(calibrator.observe(*bad), Error);
      calibrator.observe(sample);
    }
  }
  Calibrated result;
  for (int m = 0; m < 4; ++m)
    for (int symmetric = 0; symmetric < 2; ++symmetric)
      result.ranges[m][symmetric] = calibrator.ranges(kMethods[m], 99.9, symmetric != 0);
  result.means = calibrator.channel_means();
  for (const ObservationPoint& p : calibrator.session().observation_points()) result.nhwc_observations += p.nhwc;
  return result;
}

// The oracle: the former path. Every observed activation becomes an extra
// output of a copy of the graph, run() copies it out in NCHW, and the
// statistics read the copies: min/max, histograms (RangeObserver) and the
// NCHW channel sums (kernels/f32-calib, checked against its definition in
// tests/cpp/kernels/f32_calib_test.cc).
Calibrated calibrate_through_outputs(const Graph& prepared, const std::vector<std::vector<NamedTensor>>& samples) {
  const std::vector<std::string> observed = activations_to_quantize(prepared, QuantizeOptions{});
  Graph observing = prepared;
  for (const std::string& name : observed) {
    const int id = observing.find_value(name);
    bool already_output = observing.value(id).producer < 0;  // a graph input: read from the sample
    for (int out : observing.outputs) already_output = already_output || out == id;
    if (!already_output) observing.outputs.push_back(id);
  }
  Session session(observing);
  std::vector<RangeObserver> observers(observed.size());
  std::vector<std::vector<double>> sums(observed.size());
  std::vector<double> counts(observed.size(), 0.0);
  for (int pass = 0; pass < 2; ++pass) {
    if (pass == 1)
      for (RangeObserver& o : observers) o.begin_histograms();
    for (const auto& sample : samples) {
      const std::vector<NamedTensor> outputs = session.run(sample);
      std::map<std::string, const Tensor*> by_name;
      for (const NamedTensor& in : sample) by_name[in.name] = in.tensor.get();
      for (const NamedTensor& out : outputs) by_name[out.name] = out.tensor.get();
      for (size_t i = 0; i < observed.size(); ++i) {
        INFO("activation '" << observed[i] << "'");
        REQUIRE(by_name.count(observed[i]) == 1);
        const Tensor& t = *by_name.at(observed[i]);
        REQUIRE(t.dtype == DType::Float32);
        const size_t count = static_cast<size_t>(t.numel());
        if (pass == 1) {
          observers[i].observe_histograms(t.data<float>(), count);
          continue;
        }
        observers[i].observe_minmax(t.data<float>(), count);
        if (t.dims.size() < 2 || count == 0) continue;
        const size_t channels = static_cast<size_t>(t.dims[1]);
        if (sums[i].empty()) sums[i].assign(channels, 0.0);
        if (sums[i].size() != channels) continue;  // shapes changed between samples: no means
        const size_t inner = count / static_cast<size_t>(t.dims[0]) / channels;
        kernels::f32_calib_channel_sums_nchw(static_cast<size_t>(t.dims[0]), channels, inner, t.data<float>(),
                                             sums[i].data());
        counts[i] += static_cast<double>(count / channels);
      }
    }
  }
  Calibrated result;
  for (int m = 0; m < 4; ++m)
    for (int symmetric = 0; symmetric < 2; ++symmetric)
      for (size_t i = 0; i < observed.size(); ++i)
        result.ranges[m][symmetric][observed[i]] = observers[i].range(kMethods[m], 99.9, symmetric != 0);
  for (size_t i = 0; i < observed.size(); ++i) {
    if (sums[i].empty() || counts[i] <= 0) continue;
    std::vector<float>& m = result.means[observed[i]];
    for (double sum : sums[i]) m.push_back(static_cast<float>(sum / counts[i]));
  }
  return result;
}

bool same_bits(float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// Every activation's range equal (a -0 and a +0 minimum are the same range:
// the order of a min over ties of opposite zeros is not the layout's to
// keep), its scale and zero point bit-identical, every channel mean
// bit-identical. Returns how many ranges were compared.
size_t require_same(const Calibrated& got, const Calibrated& want) {
  size_t compared = 0;
  for (int m = 0; m < 4; ++m)
    for (int symmetric = 0; symmetric < 2; ++symmetric) {
      const auto& g = got.ranges[m][symmetric];
      const auto& w = want.ranges[m][symmetric];
      INFO("method " << m << ", symmetric " << symmetric);
      REQUIRE(g.size() == w.size());
      for (const auto& [name, range] : w) {
        INFO("activation '" << name << "'");
        REQUIRE(g.count(name) == 1);
        const ValueRange r = g.at(name);
        CHECK(r.min == range.min);
        CHECK(r.max == range.max);
        const ActivationQParams gq = activation_qparams(r, symmetric != 0);
        const ActivationQParams wq = activation_qparams(range, symmetric != 0);
        CHECK(same_bits(gq.scale, wq.scale));
        CHECK(gq.zero_point == wq.zero_point);
        ++compared;
      }
    }
  REQUIRE(got.means.size() == want.means.size());
  for (const auto& [name, means] : want.means) {
    INFO("channel means of '" << name << "'");
    REQUIRE(got.means.count(name) == 1);
    const std::vector<float>& g = got.means.at(name);
    REQUIRE(g.size() == means.size());
    CHECK(std::memcmp(g.data(), means.data(), means.size() * sizeof(float)) == 0);
  }
  return compared;
}

// The graph quantize_qdq makes from each calibration holds the same
// constants (scales, zero points, int8 weights, int32 biases), byte for byte.
void require_same_quantized(const Graph& prepared, const Calibrated& got, const Calibrated& want, int method) {
  Graph a = prepared, b = prepared;
  quantize_qdq(a, got.ranges[method][0], QuantizeOptions{}, &got.means);
  quantize_qdq(b, want.ranges[method][0], QuantizeOptions{}, &want.means);
  REQUIRE(a.nodes.size() == b.nodes.size());
  REQUIRE(a.values.size() == b.values.size());
  size_t constants = 0;
  for (size_t v = 0; v < a.values.size(); ++v) {
    INFO("value '" << b.values[v].name << "'");
    REQUIRE(a.values[v].name == b.values[v].name);
    REQUIRE(!a.values[v].constant == !b.values[v].constant);
    if (!a.values[v].constant) continue;
    CHECK(a.values[v].constant->dims == b.values[v].constant->dims);
    CHECK(a.values[v].constant->bytes == b.values[v].constant->bytes);
    ++constants;
  }
  CHECK(constants > 0);
}

std::vector<std::vector<NamedTensor>> image_samples(const std::string& input, const Shape& dims, int count,
                                                    uint64_t seed) {
  std::vector<std::vector<NamedTensor>> out;
  for (int i = 0; i < count; ++i) out.push_back({{input, random_tensor(dims, seed + static_cast<uint64_t>(i))}});
  return out;
}

// A few non-finite pixels (NaN, +Inf, -Inf) in sample `s`: they spread
// through the convolutions into every later activation's statistics.
void add_non_finite(std::vector<NamedTensor>& sample) {
  float* x = sample[0].tensor->data<float>();
  const int64_t n = sample[0].tensor->numel();
  x[n / 3] = std::numeric_limits<float>::quiet_NaN();
  x[n / 2 + 7] = std::numeric_limits<float>::infinity();
  x[n - 5] = -std::numeric_limits<float>::infinity();
}

void check_model(const Graph& model, const std::vector<std::vector<NamedTensor>>& samples, size_t min_nhwc) {
  const Graph prepared = prepare_for_quantization(model, QuantizeOptions{});
  const Calibrated in_place = calibrate_in_place(prepared, samples);
  const Calibrated oracle = calibrate_through_outputs(prepared, samples);
  INFO(in_place.nhwc_observations << " activations observed in NHWC");
  CHECK(in_place.nhwc_observations >= min_nhwc);  // the layout case is exercised
  CHECK(require_same(in_place, oracle) > 8 * 20);
  CHECK(oracle.means.size() > 20);
  for (int method = 0; method < 4; ++method) require_same_quantized(prepared, in_place, oracle, method);
}

Graph load(const std::string& path) {
  const std::vector<uint8_t> bytes = test_data::read_bytes(path);
  return import_onnx(bytes.data(), bytes.size());
}

std::string corpus_file(const std::string& name) {
  const std::string dir = std::string(NNSLIM_SOURCE_DIR) + "/tests/models";
  std::ifstream in(dir + "/corpus.json");
  REQUIRE(in.good());
  const nlohmann::json corpus = nlohmann::json::parse(in);
  for (const nlohmann::json& model : corpus.at("models"))
    if (model.at("name") == name)
      return dir + "/packages/" + model.at("package").get<std::string>() + "/" + model.at("path").get<std::string>();
  FAIL("tests/models/corpus.json has no model '" << name << "'");
  return "";
}

AttributeMap conv_attrs(std::vector<int64_t> pads, int64_t group = 1) {
  return {{"strides", Attribute::make_ints({1, 1})},
          {"pads", Attribute::make_ints(pads)},
          {"group", Attribute::make_int(group)},
          {"dilations", Attribute::make_ints({1, 1})}};
}

// x [2, 5, 7, 9] -> Conv 3x3 (6) + Relu -> depthwise 3x3 -> Add (residual)
// -> Conv 1x1 (5) -> y: channel counts off the SIMD width, odd H and W.
Graph small_conv_chain() {
  OpGraph g;
  g.input("x", {2, 5, 7, 9})
      .tensor("w1", random_tensor({6, 5, 3, 3}, 11, 0.4f))
      .tensor("b1", random_tensor({6}, 12, 0.2f))
      .tensor("w2", random_tensor({6, 1, 3, 3}, 13, 0.5f))
      .tensor("w3", random_tensor({5, 6, 1, 1}, 14, 0.5f))
      .node("Conv", {"x", "w1", "b1"}, {"c1"}, conv_attrs({1, 1, 1, 1}), "conv1")
      .node("Relu", {"c1"}, {"r1"}, {}, "relu1")
      .node("Conv", {"r1", "w2"}, {"d2"}, conv_attrs({1, 1, 1, 1}, 6), "dw2")
      .node("Add", {"d2", "r1"}, {"a2"}, {}, "add2")
      .node("Conv", {"a2", "w3"}, {"y"}, conv_attrs({0, 0, 0, 0}), "conv3");
  g.graph.outputs = {g.graph.find_value("y")};
  g.infer();
  return g.graph;
}

// Records what run_observed hands over, copying the bytes out (a test may).
struct Recorder : ValueObserver {
  std::vector<size_t> order;
  std::map<size_t, std::vector<float>> data;
  std::map<size_t, bool> nhwc;
  void observe_value(const ObservedValue& o) override {
    order.push_back(o.index);
    const float* x = static_cast<const float*>(o.data);
    data[o.index].assign(x, x + shape_numel(o.value->shape));
    nhwc[o.index] = o.nhwc;
  }
};

// [N, H, W, C] bytes of a logical [N, C, H, W] value, back to NCHW.
std::vector<float> nchw_of(const std::vector<float>& nhwc, const Shape& dims) {
  std::vector<float> out(nhwc.size());
  const int64_t n = dims[0], c = dims[1], hw = dims[2] * dims[3];
  for (int64_t b = 0; b < n; ++b)
    for (int64_t ch = 0; ch < c; ++ch)
      for (int64_t i = 0; i < hw; ++i)
        out[static_cast<size_t>((b * c + ch) * hw + i)] = nhwc[static_cast<size_t>((b * hw + i) * c + ch)];
  return out;
}

// The observing session against the same graph with the observed values
// as outputs: every value handed over once per run, with the bytes the
// output copy has. Returns how many were handed over in NHWC.
size_t check_session(const Graph& graph, const std::vector<std::string>& names,
                     const std::vector<NamedTensor>& feeds) {
  Session observing(graph, names);
  Graph with_outputs = graph;
  for (const std::string& name : names) {
    const int id = with_outputs.find_value(name);
    bool in_place = with_outputs.value(id).producer < 0;
    for (int out : with_outputs.outputs) in_place = in_place || out == id;
    if (!in_place) with_outputs.outputs.push_back(id);
  }
  Session copying(with_outputs);
  const std::vector<NamedTensor> outputs = copying.run(feeds);
  std::map<std::string, const Tensor*> by_name;
  for (const NamedTensor& f : feeds) by_name[f.name] = f.tensor.get();
  for (const NamedTensor& o : outputs) by_name[o.name] = o.tensor.get();
  size_t nhwc = 0;
  for (int run = 0; run < 2; ++run) {  // the second run: the cached plan
    Recorder recorder;
    observing.run_observed(feeds, recorder);
    REQUIRE(recorder.order.size() == names.size());
    REQUIRE(std::set<size_t>(recorder.order.begin(), recorder.order.end()).size() == names.size());
    nhwc = 0;
    for (size_t i = 0; i < names.size(); ++i) {
      INFO("observed '" << names[i] << "', run " << run);
      const Tensor& want = *by_name.at(names[i]);
      std::vector<float> got = recorder.data.at(i);
      if (recorder.nhwc.at(i)) {
        ++nhwc;
        got = nchw_of(got, want.dims);
      }
      REQUIRE(got.size() == static_cast<size_t>(want.numel()));
      CHECK(std::memcmp(got.data(), want.data<float>(), got.size() * sizeof(float)) == 0);
    }
  }
  // Observed values live only as long as steps read them: the arena is no
  // larger than the one holding them all to the end of the run.
  CHECK(observing.arena_bytes() <= copying.arena_bytes());
  return nhwc;
}

}  // namespace

TEST_CASE("calibration in place: a session hands each observed value over once, with the output copy's bytes",
          "[quantize][calibration]") {
  const Graph graph = small_conv_chain();
  TensorPtr x = random_tensor({2, 5, 7, 9}, 21, 3.f);
  x->data<float>()[17] = std::numeric_limits<float>::quiet_NaN();
  x->data<float>()[400] = std::numeric_limits<float>::infinity();
  const std::vector<std::string> names = {"x", "c1", "r1", "d2", "a2", "y"};
  // c1 is read by the Relu only: observing it keeps the Conv from fusing it.
  CHECK(check_session(graph, names, {{"x", x}}) >= 3);

  SECTION("MobileNetV2: every activation the quantize pass observes") {
    const Graph model = load(test_data::generated("mobilenetv2_folded.onnx"));
    const Graph prepared = prepare_for_quantization(model, QuantizeOptions{});
    const std::vector<std::string> observed = activations_to_quantize(prepared, QuantizeOptions{});
    REQUIRE(observed.size() > 50);
    const Value& input = prepared.value(prepared.inputs[0]);
    Shape dims = input.shape;
    for (int64_t& d : dims) d = d < 0 ? 1 : d;
    const size_t nhwc = check_session(prepared, observed, {{input.name, random_tensor(dims, 5)}});
    CHECK(nhwc > 50);
  }
}

TEST_CASE("calibration in place: a small conv chain (batch 2, odd shapes, NaN and infinities) matches the "
          "graph-output path bit for bit",
          "[quantize][calibration]") {
  const Graph prepared = prepare_for_quantization(small_conv_chain(), QuantizeOptions{});
  std::vector<std::vector<NamedTensor>> samples = image_samples("x", {2, 5, 7, 9}, 3, 30);
  add_non_finite(samples[1]);
  // Refused samples in between (a wrong shape, an unknown input): nothing
  // of them counts, nothing leaks (the sanitizer tier runs this).
  const std::vector<NamedTensor> wrong_shape = {{"x", random_tensor({2, 5, 7, 8}, 40)}};
  const std::vector<NamedTensor> wrong_name = {{"y", random_tensor({2, 5, 7, 9}, 41)}};
  const Calibrated in_place = calibrate_in_place(prepared, samples, &wrong_shape);
  const Calibrated in_place_again = calibrate_in_place(prepared, samples, &wrong_name);
  const Calibrated oracle = calibrate_through_outputs(prepared, samples);
  CHECK(require_same(in_place_again, oracle) >= 8 * 3);
  CHECK(in_place.nhwc_observations >= 2);
  CHECK(require_same(in_place, oracle) >= 8 * 3);
  CHECK(oracle.means.size() >= 3);
  for (int method = 0; method < 4; ++method) require_same_quantized(prepared, in_place, oracle, method);
}

TEST_CASE("calibration in place: MobileNetV2 calibrates to the graph-output path's parameters, bit for bit",
          "[quantize][calibration][mobilenet]") {
  const Graph model = load(test_data::generated("mobilenetv2_folded.onnx"));
  const Value& input = model.value(model.inputs[0]);
  Shape dims = input.shape;
  for (int64_t& d : dims) d = d < 0 ? 1 : d;
  std::vector<std::vector<NamedTensor>> samples = image_samples(input.name, dims, 3, 700);
  SECTION("finite samples") { check_model(model, samples, 40); }
  SECTION("a sample with NaN and infinities") {
    add_non_finite(samples[2]);
    check_model(model, samples, 40);
  }
}

TEST_CASE("calibration in place: BlazeFace (corpus) calibrates to the graph-output path's parameters, bit for bit",
          "[quantize][calibration][corpus]") {
  const Graph model = load(corpus_file("blazeface-back-256"));
  const Value& input = model.value(model.inputs[0]);
  std::vector<std::vector<NamedTensor>> samples = image_samples(input.name, {1, 256, 256, 3}, 2, 900);
  check_model(model, samples, 20);
}

TEST_CASE("calibration in place: a sample that fails part-way through its run poisons the calibrator",
          "[quantize][calibration]") {
  // x is observed before the first step; the Gather then refuses index 99.
  // x's statistics already hold that sample and cannot give it back, so the
  // calibrator refuses to go on rather than calibrate on a partial sample.
  OpGraph g;
  g.input("x", {1, 3, 4, 4}).input("ids", {1}, DType::Int64);
  g.node("Relu", {"x"}, {"r"}, {}, "relu")
      .node("Gather", {"r", "ids"}, {"y"}, {{"axis", Attribute::make_int(1)}}, "gather");
  g.graph.outputs = {g.graph.find_value("y")};
  g.infer();
  const Graph prepared = prepare_for_quantization(g.graph, QuantizeOptions{});
  const TensorPtr x = random_tensor({1, 3, 4, 4}, 3);
  const std::vector<NamedTensor> good = {{"x", x}, {"ids", Tensor::from_int64({2}, {1})}};
  const std::vector<NamedTensor> bad = {{"x", x}, {"ids", Tensor::from_int64({99}, {1})}};

  Calibrator refused_early(prepared, false);  // a wrong shape: refused before any step, counts for nothing
  refused_early.begin_pass(0);
  CHECK_THROWS_AS(refused_early.observe({{"x", random_tensor({1, 3, 4, 5}, 4)}, {"ids", Tensor::from_int64({2}, {1})}}),
                  Error);
  refused_early.observe(good);
  CHECK(refused_early.samples_seen() == 1);
  CHECK(!refused_early.ranges(CalibrationMethod::MinMax, 99.99, false).empty());

  Calibrator calibrator(prepared, false);
  calibrator.begin_pass(0);
  calibrator.observe(good);
  CHECK_THROWS_AS(calibrator.observe(bad), Error);
  CHECK_THROWS_MATCHES(calibrator.ranges(CalibrationMethod::MinMax, 99.99, false), Error,
                       test::IsError(ErrorCode::InvalidArgument, {"partly counted"}));
  CHECK_THROWS_MATCHES(calibrator.channel_means(), Error,
                       test::IsError(ErrorCode::InvalidArgument, {"partly counted"}));
  CHECK_THROWS_MATCHES(calibrator.observe(good), Error, test::IsError(ErrorCode::InvalidArgument, {"partly counted"}));
}
