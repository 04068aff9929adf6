// int8 vs f32 latency of whole models on the runtime (wasm SIMD128 under
// node, batch 1, one thread):
//   node build-wasm/bench/nnslim_bench_int8_models.cjs MOBILENETV2.onnx [--reps N] [--breakdown] [--cpu-time]
// (MOBILENETV2.onnx: tests/data/generated/mobilenetv2_folded.onnx, written by
// tests/data/gen_mobilenetv2_onnx.py; scripts/bench-kernels.sh --int8-models runs it.)
//
// Models: that BN-folded MobileNetV2 (224x224) and the MLP 784-1024-1024-10
// (random He-scaled weights, built here). Each is quantized HERE with a
// minimal stand-in for the quantize pass, writing the graph shapes of
// QDQ_CONTRACT / docs/quantization.md: per-channel symmetric int8 weights,
// int32 biases at s_x * s_w, Q -> DQ after every float activation (after
// the Relu/Clip that follows a Conv/Gemm), asymmetric per-tensor minmax
// scales from one calibration run on the benchmark's own input. Both graphs
// are timed by Session::run, interleaved, median of N runs after warm-up;
// the ratio int8 / f32 is the claim (docs/quantization.md).
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

#include "onnx/onnx_import.h"
#include "ops/shape_inference.h"
#include "runtime/session.h"

using namespace nnslim;

// Process CPU time in ms (--cpu-time: slices lost to other processes on a
// shared machine do not count).
EM_JS(double, process_cpu_ms, (), {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
});

namespace {

bool g_use_cpu_time = false;
double now_ms() { return g_use_cpu_time ? process_cpu_ms() : emscripten_get_now(); }
bool g_breakdown = false;  // --breakdown: per-kernel time totals of both plans

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

int add_constant(Graph& g, const std::string& stem, TensorPtr t) {
  return g.add_constant(g.unique_value_name(stem), std::move(t), false);
}

int scalar_f32(Graph& g, const std::string& stem, float v) {
  TensorPtr t = make_tensor(DType::Float32, {});
  t->data<float>()[0] = v;
  return add_constant(g, stem, t);
}

struct Range {
  float scale;
  int8_t zero_point;
};

// Asymmetric minmax: [min(lo, 0), max(hi, 0)] onto [-128, 127], zero exact.
Range minmax_range(float lo, float hi) {
  lo = std::min(lo, 0.0f);
  hi = std::max(hi, 0.0f);
  const float scale = hi > lo ? (hi - lo) / 255.0f : 1.0f;
  const float zp = std::nearbyint(-128.0f - lo / scale);
  return {scale, static_cast<int8_t>(std::max(-128.0f, std::min(127.0f, zp)))};
}

Node make_node(const std::string& op, std::vector<int> inputs, std::vector<int> outputs, const std::string& name) {
  Node n;
  n.op_type = op;
  n.name = name;
  n.inputs = std::move(inputs);
  n.outputs = std::move(outputs);
  return n;
}

// The bench's stand-in quantizer (see the file comment).
Graph quantize_qdq(const Graph& f32, const TensorPtr& calibration_input) {
  // Calibration: every float activation as an output of one run.
  Graph probe = f32;
  std::vector<int> activations;
  for (size_t v = 0; v < probe.values.size(); ++v) {
    const Value& value = probe.values[v];
    if (value.constant || value.dtype != DType::Float32 || !value.has_shape) continue;
    activations.push_back(static_cast<int>(v));
  }
  probe.outputs = activations;
  std::map<int, Range> ranges;
  {
    Session session(probe);
    const std::vector<NamedTensor> out = session.run({{probe.value(probe.inputs[0]).name, calibration_input}});
    for (size_t i = 0; i < out.size(); ++i) {
      const Tensor& t = *out[i].tensor;
      float lo = 0, hi = 0;
      for (int64_t j = 0; j < t.numel(); ++j) {
        lo = std::min(lo, t.data<float>()[j]);
        hi = std::max(hi, t.data<float>()[j]);
      }
      ranges[activations[i]] = minmax_range(lo, hi);
    }
  }

  Graph g = f32;
  auto consumers = [&](int value) {
    std::vector<size_t> out;
    for (size_t n = 0; n < g.nodes.size(); ++n)
      for (int in : g.nodes[n].inputs)
        if (in == value) {
          out.push_back(n);
          break;
        }
    return out;
  };
  std::vector<Node> nodes;
  std::map<int, Range> dq_range;  // DQ output -> its range (the bias scale needs s_x)
  // Q -> DQ of `value`; readers of `value` (nodes after, graph outputs) read the DQ output.
  auto insert_qdq = [&](int value, std::vector<Node>& into) {
    const Range r = ranges.at(value);
    const std::string name = g.value(value).name;
    const int s = scalar_f32(g, name + "_scale", r.scale);
    TensorPtr zt = make_tensor(DType::Int8, {});
    zt->data<int8_t>()[0] = r.zero_point;
    const int z = add_constant(g, name + "_zp", zt);
    const int q = g.add_value(g.unique_value_name(name + "_q"));
    const int dq = g.add_value(g.unique_value_name(name + "_dq"));
    for (Node& n : g.nodes)
      for (int& in : n.inputs)
        if (in == value) in = dq;
    for (int& out : g.outputs)
      if (out == value) out = dq;
    dq_range[dq] = r;
    into.push_back(make_node("QuantizeLinear", {value, s, z}, {q}, name + "_quantize"));
    into.push_back(make_node("DequantizeLinear", {q, s, z}, {dq}, name + "_dequantize"));
  };
  // Per-channel symmetric int8 weights along `axis`; bias int32 at s_x * s_w.
  auto quantize_weights = [&](Node& node, int64_t axis, std::vector<Node>& into) {
    const Tensor& w = *g.value(node.inputs[1]).constant;
    const int64_t channels = w.dims[static_cast<size_t>(axis)];
    int64_t inner = 1;
    for (size_t d = static_cast<size_t>(axis) + 1; d < w.dims.size(); ++d) inner *= w.dims[d];
    std::vector<float> scales(static_cast<size_t>(channels), 0.0f);
    for (int64_t i = 0; i < w.numel(); ++i) {
      float& s = scales[static_cast<size_t>((i / inner) % channels)];
      s = std::max(s, std::fabs(w.data<float>()[i]) / 127.0f);
    }
    for (float& s : scales) s = s > 0 ? s : 1.0f;
    TensorPtr wq = make_tensor(DType::Int8, w.dims);
    for (int64_t i = 0; i < w.numel(); ++i)
      wq->data<int8_t>()[i] = static_cast<int8_t>(
          std::nearbyint(w.data<float>()[i] / scales[static_cast<size_t>((i / inner) % channels)]));
    TensorPtr st = make_tensor(DType::Float32, {channels});
    std::memcpy(st->bytes.data(), scales.data(), st->bytes.size());
    TensorPtr zt = make_tensor(DType::Int8, {channels});
    const std::string name = g.value(node.inputs[1]).name;
    const int wq_id = add_constant(g, name + "_q", wq), s_id = add_constant(g, name + "_scale", st),
              z_id = add_constant(g, name + "_zp", zt);
    const int wdq = g.add_value(g.unique_value_name(name + "_dq"));
    Node dq = make_node("DequantizeLinear", {wq_id, s_id, z_id}, {wdq}, name + "_dequantize");
    dq.attrs["axis"] = Attribute::make_int(axis);
    into.push_back(dq);
    node.inputs[1] = wdq;
    if (node.inputs.size() > 2 && node.inputs[2] >= 0) {
      const Tensor& b = *g.value(node.inputs[2]).constant;
      const float sx = dq_range.at(node.inputs[0]).scale;  // the node reads a DQ output
      TensorPtr bq = make_tensor(DType::Int32, b.dims), bs = make_tensor(DType::Float32, b.dims);
      for (int64_t c = 0; c < b.numel(); ++c) {
        const float s = sx * scales[static_cast<size_t>(c)];
        bs->data<float>()[c] = s;
        bq->data<int32_t>()[c] = static_cast<int32_t>(std::nearbyint(b.data<float>()[c] / s));
      }
      const std::string bname = g.value(node.inputs[2]).name;
      const int bq_id = add_constant(g, bname + "_q", bq), bs_id = add_constant(g, bname + "_scale", bs);
      TensorPtr bz = make_tensor(DType::Int32, b.dims);
      const int bz_id = add_constant(g, bname + "_zp", bz);
      const int bdq = g.add_value(g.unique_value_name(bname + "_dq"));
      Node bnode = make_node("DequantizeLinear", {bq_id, bs_id, bz_id}, {bdq}, bname + "_dequantize");
      bnode.attrs["axis"] = Attribute::make_int(0);
      into.push_back(bnode);
      node.inputs[2] = bdq;
    }
  };

  for (int in : g.inputs) insert_qdq(in, nodes);
  const size_t original = g.nodes.size();
  for (size_t n = 0; n < original; ++n) {
    Node node = g.nodes[n];
    std::vector<Node> before;
    if ((node.op_type == "Conv" || node.op_type == "Gemm") && g.value(node.inputs[1]).constant) {
      const bool trans_b = node.op_type == "Gemm" && node.attr_int("transB", 0) != 0;
      quantize_weights(node, node.op_type == "Conv" || trans_b ? 0 : 1, before);
    }
    for (Node& b : before) nodes.push_back(b);
    g.nodes[n] = node;
    nodes.push_back(node);
    for (int out : node.outputs) {
      if (!ranges.count(out)) continue;
      const std::vector<size_t> readers = consumers(out);
      const bool activation_follows = (node.op_type == "Conv" || node.op_type == "Gemm") && readers.size() == 1 &&
                                      (g.nodes[readers[0]].op_type == "Relu" || g.nodes[readers[0]].op_type == "Clip");
      if (!activation_follows) insert_qdq(out, nodes);
    }
  }
  g.nodes = std::move(nodes);
  g.rebuild_producers();
  return g;
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
  const Graph q = quantize_qdq(f32, input);
  Session fs(f32), qs(q);
  const std::string in_name = f32.value(f32.inputs[0]).name;
  const std::vector<NamedTensor> feeds = {{in_name, input}};
  std::vector<NamedTensor> fout, qout;
  for (int i = 0; i < 3; ++i) {  // warm-up (compiles the plans, tiers up V8)
    fout = fs.run(feeds);
    qout = qs.run(feeds);
  }
  std::vector<double> ft, qt;
  for (int i = 0; i < reps; ++i) {
    double t0 = now_ms();
    fs.run(feeds);
    ft.push_back(now_ms() - t0);
    t0 = now_ms();
    qs.run(feeds);
    qt.push_back(now_ms() - t0);
  }
  const double fm = median(ft), qm = median(qt);
  std::printf("%-34s f32 %8.3f ms   int8 %8.3f ms   int8/f32 = %.2fx\n", label, fm, qm, qm / fm);
  report_fidelity(*fout[0].tensor, *qout[0].tensor);
  int int8_steps = 0, float_steps = 0;
  for (const std::string& step : qs.describe_plan()) (step.find("qs8") != std::string::npos ? int8_steps : float_steps)++;
  std::printf("  int8 plan: %d qs8 steps, %d other steps\n", int8_steps, float_steps);
  if (g_breakdown) {
    // Per (op, kernel) totals over reps timed runs of each graph.
    for (Session* s : {&fs, &qs}) {
      std::map<std::string, double> total;
      for (int i = 0; i < reps; ++i) {
        std::vector<StepTiming> timings;
        s->run_timed(feeds, timings);
        for (const StepTiming& t : timings) total[t.op + " -> " + t.kernel] += t.ms / reps;
      }
      std::printf("  %s breakdown (ms per run):\n", s == &fs ? "f32" : "int8");
      for (const auto& [what, ms] : total) std::printf("    %8.3f  %s\n", ms, what.c_str());
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
    } else if (std::strcmp(argv[i], "--breakdown") == 0) {
      g_breakdown = true;
    } else {
      model_path = argv[i];
    }
  }
  std::printf("batch 1, 1 thread, median of %d runs\n", reps);
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
