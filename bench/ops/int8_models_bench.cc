// int8 vs f32 latency of whole models on the runtime (wasm SIMD128 under
// node, batch 1, one thread):
//   node build-wasm/bench/nnslim_bench_int8_models.cjs MOBILENETV2.onnx [--reps N] [--inner N] [--breakdown] [--plan] [--cpu-time]
// (MOBILENETV2.onnx: tests/data/generated/mobilenetv2_folded.onnx, written by
// tests/data/gen_mobilenetv2_onnx.py; scripts/bench-kernels.sh --int8-models runs it.)
//
// Models: that BN-folded MobileNetV2 (224x224) and the MLP 784-1024-1024-10
// (random He-scaled weights, built here). Each is quantized by the quantize
// pass (quantize_model below: model.quantize()'s defaults, minmax on one
// sample), and weight-only (int8 weights behind DequantizeLinear, f32
// activations: model.quantize({activations: 'float32'})). The graphs are
// timed by Session::run, interleaved, median of N runs after warm-up; the
// ratios int8 / f32 and weight-only / f32 are the claims (docs/quantization.md),
// printed with the packed weight bytes of each plan.
#include <emscripten.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "api/calibrator.h"
#include "onnx/onnx_import.h"
#include "passes/quantize_qdq.h"
#include "ops/shape_inference.h"
#include "runtime/session.h"

using namespace nnslim;

// Process CPU time in ms (--cpu-time: slices lost to other processes on a
// shared machine do not count): bench/kernels/cpu_time.js, a JS library
// rather than EM_JS, which the relaxed twin's link (metadata read in Python)
// does not see.
extern "C" double process_cpu_ms();

namespace {

bool g_use_cpu_time = false;
double now_ms() { return g_use_cpu_time ? process_cpu_ms() : emscripten_get_now(); }
int g_inner = 1;           // --inner N: runs per timed sample (the MLP: 20)
bool g_breakdown = false;  // --breakdown: per-kernel time totals of both plans
bool g_plan = false;       // --plan: every step of the int8 plan (describe_plan), to compare with the JS API's

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

TensorPtr make_tensor(DType dtype, const Shape& dims) {
  auto t = std::make_shared<Tensor>();
  t->dtype = dtype;
  t->dims = dims;
  t->bytes.resize(t->byte_size());
  return t;
}

TensorPtr uniform_tensor(const Shape& dims, unsigned seed, float lo, float hi) {
  TensorPtr t = make_tensor(DType::Float32, dims);
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  for (int64_t i = 0; i < t->numel(); ++i) t->data<float>()[i] = dist(rng);
  return t;
}

Node make_node(const std::string& op, std::vector<int> inputs, std::vector<int> outputs, const std::string& name) {
  Node n;
  n.op_type = op;
  n.name = name;
  n.inputs = std::move(inputs);
  n.outputs = std::move(outputs);
  return n;
}

// The quantize pass (what model.quantize() runs): per-channel symmetric
// int8 weights, asymmetric per-tensor activations, minmax ranges from one
// calibration sample (the benchmark's own input), bias correction.
Graph quantize_model(const Graph& f32, const TensorPtr& calibration_input) {
  const QuantizeOptions options;
  Graph prepared = prepare_for_quantization(f32, options);
  Calibrator calibrator(prepared, /*histograms=*/false);
  calibrator.begin_pass(0);
  calibrator.observe({{prepared.value(prepared.inputs[0]).name, calibration_input}});
  const std::map<std::string, ValueRange> ranges = calibrator.ranges(CalibrationMethod::MinMax, 100.0, false);
  const std::map<std::string, std::vector<float>> means = calibrator.channel_means();
  quantize_qdq(prepared, ranges, options, &means);
  return prepared;
}

// model.quantize({activations: 'float32'}): int8 weights, no calibration.
Graph weight_only_model(const Graph& f32) {
  QuantizeOptions options;
  options.weight_only = true;
  Graph prepared = prepare_for_quantization(f32, options);
  quantize_qdq(prepared, {}, options);
  return prepared;
}

}  // namespace

namespace {

// x[1, 784] -> Gemm 1024 -> Relu -> Gemm 1024 -> Relu -> Gemm 10.
Graph build_mlp() {
  Graph g;
  g.opset = 13;
  const int x = g.add_value("x");
  g.value(x).dtype = DType::Float32;
  g.value(x).shape = {1, 784};
  g.value(x).has_shape = true;
  g.inputs = {x};
  int h = x;
  const int64_t sizes[] = {784, 1024, 1024, 10};
  for (int l = 0; l < 3; ++l) {
    const float bound = std::sqrt(6.0f / static_cast<float>(sizes[l]));
    const int w = g.add_constant("w" + std::to_string(l), uniform_tensor({sizes[l + 1], sizes[l]}, 10 + l, -bound, bound), true);
    const int b = g.add_constant("b" + std::to_string(l), uniform_tensor({sizes[l + 1]}, 20 + l, -0.1f, 0.1f), true);
    const int y = g.add_value("fc" + std::to_string(l));
    Node gemm = make_node("Gemm", {h, w, b}, {y}, "fc" + std::to_string(l));
    gemm.attrs["transB"] = Attribute::make_int(1);
    g.add_node(gemm);
    h = y;
    if (l < 2) {
      const int r = g.add_value("relu" + std::to_string(l));
      g.add_node(make_node("Relu", {h}, {r}, "relu" + std::to_string(l)));
      h = r;
    }
  }
  g.outputs = {h};
  infer_shapes(g);
  return g;
}

// Output agreement of the int8 model with the f32 one: SQNR in dB and top-1.
void report_fidelity(const Tensor& f32, const Tensor& q) {
  double signal = 0, noise = 0;
  int64_t best_f = 0, best_q = 0;
  for (int64_t i = 0; i < f32.numel(); ++i) {
    const double a = f32.data<float>()[i], b = q.data<float>()[i];
    signal += a * a;
    noise += (a - b) * (a - b);
    if (a > f32.data<float>()[best_f]) best_f = i;
    if (b > q.data<float>()[best_q]) best_q = i;
  }
  std::printf("  fidelity vs f32: SQNR %.1f dB, top-1 %s\n", 10.0 * std::log10(signal / std::max(noise, 1e-30)),
              best_f == best_q ? "agrees" : "differs");
}

void bench_model(const char* label, const Graph& f32, const TensorPtr& input, int reps) {
  const Graph q = quantize_model(f32, input);
  const Graph w8 = weight_only_model(f32);
  Session fs(f32), qs(q), ws(w8);
  const std::string in_name = f32.value(f32.inputs[0]).name;
  const std::vector<NamedTensor> feeds = {{in_name, input}};
  std::vector<NamedTensor> fout, qout, wout;
  for (int i = 0; i < 3; ++i) {  // warm-up (compiles the plans, tiers up V8)
    fout = fs.run(feeds);
    qout = qs.run(feeds);
    wout = ws.run(feeds);
  }
  std::vector<double> ft, qt, wt;
  // Each sample: g_inner runs back to back (the CPU-time clock ticks in
  // microseconds: a 0.04 ms MLP run needs several per sample to resolve 1%).
  auto sample = [&](Session& s) {
    const double t0 = now_ms();
    for (int j = 0; j < g_inner; ++j) s.run(feeds);
    return (now_ms() - t0) / g_inner;
  };
  for (int i = 0; i < reps; ++i) {
    ft.push_back(sample(fs));
    qt.push_back(sample(qs));
    wt.push_back(sample(ws));
  }
  const double fm = median(ft), qm = median(qt), wm = median(wt);
  std::printf("%-34s f32 %8.4f ms   int8 %8.4f ms   int8/f32 = %.3fx\n", label, fm, qm, qm / fm);
  std::printf("%-34s weight-only int8 %8.4f ms   weight-only/f32 = %.3fx\n", "", wm, wm / fm);
  std::printf("  packed weights of the dense (Gemm/MatMul/Conv 1x1) steps: f32 %lld B, int8 %lld B, weight-only %lld B\n",
              static_cast<long long>(fs.packed_weight_bytes()), static_cast<long long>(qs.packed_weight_bytes()),
              static_cast<long long>(ws.packed_weight_bytes()));
  std::printf("  weight-only");
  report_fidelity(*fout[0].tensor, *wout[0].tensor);
  report_fidelity(*fout[0].tensor, *qout[0].tensor);
  // The int8 outputs' exact bits, for comparing two builds (a change that
  // must not move a bit prints the same hash): FNV-1a over the output bytes
  // of the bench input and 8 more seeded inputs, some beyond the calibrated
  // range (codes that saturate).
  uint64_t hash = 1469598103934665603ull;
  auto hash_bytes = [&](const Tensor& t) {
    for (uint8_t byte : t.bytes) hash = (hash ^ byte) * 1099511628211ull;
  };
  hash_bytes(*qout[0].tensor);
  for (unsigned seed = 30; seed < 38; ++seed) {
    const std::vector<NamedTensor> more = {{in_name, uniform_tensor(input->dims, seed, -1.5f, 1.5f)}};
    hash_bytes(*qs.run(more)[0].tensor);
  }
  std::printf("  int8 output bits (9 inputs): FNV-1a %016llx\n", static_cast<unsigned long long>(hash));
  int int8_steps = 0, float_steps = 0;
  for (const std::string& step : qs.describe_plan()) (step.find("qs8") != std::string::npos ? int8_steps : float_steps)++;
  std::printf("  int8 plan: %d qs8 steps, %d other steps\n", int8_steps, float_steps);
  if (g_plan)
    for (const std::string& step : qs.describe_plan()) std::printf("    plan: %s\n", step.c_str());
  if (g_breakdown) {
    // Per (op, kernel) and per layer: medians over reps timed runs of each
    // graph (f32, int8, weight-only), the graphs interleaved.
    std::map<std::string, std::vector<double>> kernel_ms[3], layer_ms[3];
    for (int i = 0; i < reps; ++i)
      for (int which = 0; which < 3; ++which) {
        std::vector<StepTiming> timings;
        (which == 0 ? fs : which == 1 ? qs : ws).run_timed(feeds, timings);
        std::map<std::string, double> kernel_run, layer_run;
        for (const StepTiming& t : timings) {
          kernel_run[t.op + " -> " + t.kernel] += t.ms;
          layer_run[t.layer.empty() ? t.op : t.layer] += t.ms;
        }
        for (const auto& [k, ms] : kernel_run) kernel_ms[which][k].push_back(ms);
        for (const auto& [k, ms] : layer_run) layer_ms[which][k].push_back(ms);
      }
    for (int which = 0; which < 3; ++which) {
      std::printf("  %s breakdown (median ms per run):\n", which == 0 ? "f32" : which == 1 ? "int8" : "weight-only");
      for (const auto& [what, ms] : kernel_ms[which]) std::printf("    %8.4f  %s\n", median(ms), what.c_str());
    }
    // Layers by int8 time, with the f32 time of the same layer (steps by layer name).
    std::vector<std::pair<double, std::string>> layers;
    for (const auto& [layer, ms] : layer_ms[1]) layers.push_back({median(ms), layer});
    std::sort(layers.rbegin(), layers.rend());
    std::printf("  layers by int8 time (ms: int8, f32, ratio):\n");
    for (const auto& [ms, layer] : layers) {
      const auto f = layer_ms[0].find(layer);
      const double f_ms = f == layer_ms[0].end() ? 0.0 : median(f->second);
      std::printf("    %8.4f %8.4f %6.2f  %s\n", ms, f_ms, f_ms > 0 ? ms / f_ms : 0.0, layer.c_str());
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  const char* model_path = nullptr;
  int reps = 20;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--reps") == 0 && i + 1 < argc) {
      reps = std::atoi(argv[++i]);
    } else if (std::strcmp(argv[i], "--cpu-time") == 0) {
      g_use_cpu_time = true;
    } else if (std::strcmp(argv[i], "--inner") == 0 && i + 1 < argc) {
      g_inner = std::max(1, std::atoi(argv[++i]));
    } else if (std::strcmp(argv[i], "--breakdown") == 0) {
      g_breakdown = true;
    } else if (std::strcmp(argv[i], "--plan") == 0) {
      g_plan = true;
    } else {
      model_path = argv[i];
    }
  }
  std::printf("batch 1, 1 thread, median of %d samples of %d runs\n", reps, g_inner);
  bench_model("MLP 784-1024-1024-10", build_mlp(), uniform_tensor({1, 784}, 1, -1.0f, 1.0f), reps);
  if (model_path == nullptr) {
    std::printf("MobileNetV2: pass the path of tests/data/generated/mobilenetv2_folded.onnx\n");
    return 1;
  }
  std::ifstream file(model_path, std::ios::binary);
  const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  if (bytes.empty()) {
    std::printf("cannot read %s\n", model_path);
    return 1;
  }
  Graph mobilenet = import_onnx(bytes.data(), bytes.size());
  Value& in = mobilenet.value(mobilenet.inputs[0]);
  for (int64_t& d : in.shape) d = d < 0 ? 1 : d;
  const Shape dims = in.shape;
  infer_shapes(mobilenet);
  bench_model("MobileNetV2 224x224", mobilenet, uniform_tensor(dims, 2, -1.0f, 1.0f), reps);
  return 0;
}
