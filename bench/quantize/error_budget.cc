// Where a quantized model's output error comes from (docs/quantization.md,
// "Why 30 dB is out of reach"): fake quantization in float of one part at a
// time, each row the output SQNR (dB) against the float model, worst and
// pooled over 4 held-out samples, after calibration on 32:
//   node build-wasm/bench/nnslim_bench_int8_error_budget.cjs MODEL.onnx [--images] [--per-layer]
// (MODEL.onnx: tests/data/generated/mobilenetv2_folded.onnx.) Inputs: uniform
// noise in [-1, 1) as tests/cpp/quantize_pass_test.cc makes it, or
// (--images) smooth random images in [-1, 1] as bench/quantize_fidelity.mjs.
// Rows: static int8 (and variants), weight-only, activations only (the
// static QDQ graph with the float weights and biases put back), the input
// image only; --per-layer: each Conv / Add / Gemm quantized alone
// (QuantizeOptions::only, as model.sensitivity() does), and the activations
// of one category left float.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "api/model.h"

using namespace nnslim;

namespace {

TensorPtr float_tensor(const Shape& dims) {
  auto t = std::make_shared<Tensor>();
  t->dtype = DType::Float32;
  t->dims = dims;
  t->bytes.resize(t->byte_size());
  return t;
}

// tests/cpp/session_test_util.h's random_tensor: uniform [-1, 1).
TensorPtr noise(const Shape& dims, uint64_t seed) {
  TensorPtr t = float_tensor(dims);
  uint64_t state = seed * 2654435761u + 1;
  for (int64_t i = 0; i < t->numel(); ++i) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    t->data<float>()[i] = static_cast<float>((state >> 40) & 0xFFFF) / 32768.f - 1.f;
  }
  return t;
}

// bench/quantize_fidelity.mjs's smooth image: three random 2-D waves over
// H and W plus 5% noise, in [-1, 1].
TensorPtr image(const Shape& dims, uint64_t seed) {
  uint32_t state = static_cast<uint32_t>(seed * 2654435761u) | 1;
  auto random = [&] {
    state ^= state << 13, state ^= state >> 17, state ^= state << 5;
    return state / 4294967296.0;
  };
  double waves[3][4];
  for (auto& w : waves) w[0] = random() * .2, w[1] = random() * .2, w[2] = random() * 6.28, w[3] = random();
  TensorPtr t = float_tensor(dims);
  for (int64_t c = 0; c < dims[1]; ++c)
    for (int64_t y = 0; y < dims[2]; ++y)
      for (int64_t x = 0; x < dims[3]; ++x) {
        double v = 0;
        for (auto& w : waves) v += w[3] * std::sin(w[0] * y + w[1] * x + w[2]);
        const double unit = std::min(1.0, std::max(0.0, 0.5 + v / 3 + 0.05 * (2 * random() - 1)));
        t->data<float>()[(c * dims[2] + y) * dims[3] + x] = static_cast<float>(2 * unit - 1);
      }
  return t;
}

struct Bench {
  std::unique_ptr<Model> model;
  std::string input;
  std::vector<std::vector<NamedTensor>> eval, reference;
  float input_lo = 0, input_hi = 0;
};

// SQNR of `candidate` on the held-out samples: worst and pooled.
void report(const char* what, Bench& b, Model& candidate, bool round_input = false) {
  double worst = INFINITY, signal = 0, error = 0;
  const float scale = (b.input_hi - b.input_lo) / 255.f, zero = std::nearbyint(-128.f - b.input_lo / scale);
  for (size_t i = 0; i < b.eval.size(); ++i) {
    std::vector<NamedTensor> feed = b.eval[i];
    if (round_input) {
      auto t = std::make_shared<Tensor>(*feed[0].tensor);
      for (int64_t k = 0; k < t->numel(); ++k) {
        const float q = std::min(127.f, std::max(-128.f, std::nearbyint(t->data<float>()[k] / scale) + zero));
        t->data<float>()[k] = (q - zero) * scale;
      }
      feed = {{b.input, t}};
    }
    const Tensor& r = *b.reference[i][0].tensor;
    const std::vector<NamedTensor> got = candidate.run(feed);
    double s = 0, e = 0;
    for (int64_t k = 0; k < r.numel(); ++k) {
      const double a = r.data<float>()[k], c = got[0].tensor->data<float>()[k];
      s += a * a, e += (a - c) * (a - c);
    }
    worst = std::min(worst, 10 * std::log10(s / e));
    signal += s, error += e;
  }
  std::printf("| %s | %.2f | %.2f |\n", what, worst, 10 * std::log10(signal / error));
}

// The static QDQ graph with the float model's Conv / Gemm weights and biases
// put back (matched by node name): only the activations are rounded.
Graph with_float_weights(Graph quantized, const Graph& float_graph) {
  int added = 0;
  for (Node& node : quantized.nodes) {
    if (node.op_type != "Conv" && node.op_type != "Gemm") continue;
    for (const Node& original : float_graph.nodes) {
      if (original.name != node.name) continue;
      for (size_t i = 1; i < node.inputs.size() && i < original.inputs.size(); ++i) {
        const Value& v = float_graph.value(original.inputs[i]);
        if (v.constant) node.inputs[i] = quantized.add_constant("float_" + std::to_string(added++), v.constant, true);
      }
    }
  }
  return quantized;
}

// `graph` with the activations read by nodes whose name contains `category`
// taken from before their QuantizeLinear (left float).
Graph unquantize_inputs_of(Graph graph, const std::string& category) {
  for (Node& node : graph.nodes) {
    if (node.name.find(category) == std::string::npos) continue;
    for (int& in : node.inputs) {
      if (in < 0 || graph.value(in).producer < 0) continue;
      const Node& dq = graph.nodes[static_cast<size_t>(graph.value(in).producer)];
      if (dq.op_type != "DequantizeLinear" || graph.value(dq.inputs[0]).producer < 0) continue;
      const Node& q = graph.nodes[static_cast<size_t>(graph.value(dq.inputs[0]).producer)];
      if (q.op_type == "QuantizeLinear") in = q.inputs[0];
    }
  }
  return graph;
}

}  // namespace

int main(int argc, char** argv) {
  const char* path = nullptr;
  bool images = false, per_layer = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--images") == 0) images = true;
    else if (std::strcmp(argv[i], "--per-layer") == 0) per_layer = true;
    else path = argv[i];
  }
  if (!path) {
    std::printf("usage: nnslim_bench_int8_error_budget.cjs MODEL.onnx [--images] [--per-layer]\n");
    return 1;
  }
  std::ifstream file(path, std::ios::binary);
  const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  Bench b;
  b.model = Model::load_onnx(bytes.data(), bytes.size());
  b.input = b.model->graph().value(b.model->graph().inputs[0]).name;
  Shape dims = b.model->graph().value(b.model->graph().inputs[0]).shape;
  for (int64_t& d : dims) d = d < 0 ? 1 : d;
  auto sample = [&](uint64_t seed) {
    return std::vector<NamedTensor>{{b.input, images ? image(dims, seed) : noise(dims, seed)}};
  };
  b.model->begin_calibration(true);
  for (int pass = 0; pass < b.model->calibration_passes(); ++pass) {
    b.model->calibration_begin_pass(pass);
    for (uint64_t i = 0; i < 32; ++i) {
      const std::vector<NamedTensor> s = sample(1000 + i);
      b.model->calibrate(s);
      for (int64_t k = 0; k < s[0].tensor->numel(); ++k) {
        b.input_lo = std::min(b.input_lo, s[0].tensor->data<float>()[k]);
        b.input_hi = std::max(b.input_hi, s[0].tensor->data<float>()[k]);
      }
    }
  }
  for (uint64_t i = 0; i < 4; ++i) {
    b.eval.push_back(sample(5000 + i));
    b.reference.push_back(b.model->run(b.eval.back()));
  }
  std::printf("%s, %s inputs, 32 calibration samples; output SQNR (dB) over 4 held-out samples\n\n", path,
              images ? "smooth image" : "uniform noise");
  std::printf("| rounded to int8 (everything else float) | worst | pooled |\n|---|---:|---:|\n");
  auto quantized = [&](QuantizeSettings s) { return b.model->quantize(s); };
  QuantizeSettings settings;
  report("static int8 (minmax, per-channel weights)", b, *quantized(settings));
  settings.options.bias_correction = false;
  report("static int8, no bias correction", b, *quantized(settings));
  settings = {};
  settings.options.symmetric_activations = true;
  report("static int8, symmetric activations", b, *quantized(settings));
  for (const char* method : {"mse", "percentile"}) {
    settings = {};
    settings.method = method;
    report((std::string("static int8, ") + method + " ranges").c_str(), b, *quantized(settings));
  }
  settings = {};
  settings.options.weight_only = true;
  report("weights only (weight-only int8)", b, *quantized(settings));
  const Graph static_graph = quantized(QuantizeSettings{})->graph();
  const Graph activations_only = with_float_weights(static_graph, b.model->graph());
  report("activations only (float weights put back)", b, *Model::from_graph(activations_only));
  report("the input only (8 bits, its calibrated grid)", b, *b.model, true);
  if (!per_layer) return 0;
  for (const char* category : {"depthwise", "project", "expand", "add"}) {
    const std::string what = std::string("activations only, the inputs of *") + category + "* float";
    report(what.c_str(), b, *Model::from_graph(unquantize_inputs_of(activations_only, category)));
  }
  for (const Node& node : b.model->graph().nodes) {
    if (node.op_type != "Conv" && node.op_type != "Add" && node.op_type != "Gemm") continue;
    settings = {};
    settings.options.only = {node.name};
    report(("only " + node.name).c_str(), b, *quantized(settings));
  }
  return 0;
}
