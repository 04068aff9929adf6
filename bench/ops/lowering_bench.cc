// Fast lowerings against the reference implementation they replaced, one
// realistic shape per op (wasm SIMD128 under node, or native):
//   node build-wasm/bench/nnslim_bench_lowering.cjs [--reps N] [--only SUBSTRING]
//
// For each workload (a one-node graph or a short chain, NCHW in and out like
// an ONNX file):
//   reference  the nodes' reference functions (what ReferenceSteps run),
//              timed alone on the same inputs;
//   fast step  the op's steps in Session::run_timed (layout copies and the
//              producers of "NHWC" workloads excluded);
//   fast run   the whole Session::run (layout copies at the graph edges, and
//              the producers, included).
// Medians of N runs after one warm-up (the reference gets max(3, N / 10) runs).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "ops/shape_inference.h"
#include "ops/reference/reference.h"
#include "runtime/session.h"

using namespace nnslim;

namespace {

double now_ms() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

TensorPtr random_tensor(const Shape& dims, unsigned seed) {
  auto t = std::make_shared<Tensor>();
  t->dtype = DType::Float32;
  t->dims = dims;
  t->bytes.resize(t->byte_size());
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-1.f, 1.f);
  for (int64_t i = 0; i < t->numel(); ++i) t->data<float>()[i] = dist(rng);
  return t;
}

// A one-node graph or a chain: inputs (fed per run) and constants, then the
// nodes; the last node's output is the graph's output.
constexpr const char* kProducerTag = " (producer) / ";
bool is_producer(const std::string& node_name) { return node_name.find(kProducerTag) != std::string::npos; }

struct Workload {
  std::string name;
  Graph graph;
  std::vector<TensorPtr> feeds;

  Workload(std::string n, int64_t opset) : name(std::move(n)) { graph.opset = opset; }
  Workload& input(const std::string& value, const Shape& shape, unsigned seed) {
    const int id = graph.add_value(value);
    graph.value(id).shape = shape;
    graph.value(id).dtype = DType::Float32;
    graph.value(id).has_shape = true;
    graph.inputs.push_back(id);
    feeds.push_back(random_tensor(shape, seed));
    return *this;
  }
  Workload& constant(const std::string& value, TensorPtr t) {
    graph.add_constant(value, std::move(t), false);
    return *this;
  }
  Workload& node(const std::string& op, const std::vector<std::string>& ins, AttributeMap attrs = {},
                 const std::string& out = "y") {
    Node n;
    n.op_type = op;
    n.name = name + " / " + op;
    for (const std::string& in : ins) n.inputs.push_back(in.empty() ? -1 : graph.find_value(in));
    n.outputs.push_back(graph.add_value(out));
    n.attrs = std::move(attrs);
    graph.add_node(std::move(n));
    graph.outputs = {graph.find_value(out)};
    return *this;
  }
  // A node before the measured ones (e.g. a 1x1 MaxPool, so that the measured
  // op meets NHWC inputs as inside a CNN). Neither its step nor its reference
  // is timed: it must pass its first input through unchanged.
  Workload& producer(const std::string& op, const std::vector<std::string>& ins, const std::string& out,
                     AttributeMap attrs = {}) {
    node(op, ins, std::move(attrs), out);
    graph.nodes.back().name = name + kProducerTag + op;
    return *this;
  }
  // Also makes `value` a graph output (so no later node can fuse into its producer).
  Workload& also_output(const std::string& value) {
    graph.outputs.push_back(graph.find_value(value));
    return *this;
  }
};

// Times the nodes' reference functions alone (views and buffers built once).
double time_reference(const Workload& w, int reps) {
  Graph g = w.graph;
  infer_shapes(g);
  std::vector<std::vector<uint8_t>> buffers(g.values.size());
  std::vector<void*> data(g.values.size(), nullptr);
  for (size_t k = 0; k < g.inputs.size(); ++k) data[static_cast<size_t>(g.inputs[k])] = w.feeds[k]->bytes.data();
  for (size_t v = 0; v < g.values.size(); ++v)
    if (g.values[v].constant) data[v] = g.values[v].constant->bytes.data();
  struct Call {
    const Node* node;
    ReferenceFn fn;
    std::vector<TensorView> in_views, out_views;
    std::vector<const TensorView*> ins;
    std::vector<TensorView*> outs;
  };
  std::vector<Call> calls(g.nodes.size());
  for (size_t n = 0; n < g.nodes.size(); ++n) {
    const Node& node = g.nodes[n];
    Call& c = calls[n];
    c.node = &node;
    if (is_producer(node.name)) {  // passes its input through: read that instead
      data[static_cast<size_t>(node.outputs[0])] = data[static_cast<size_t>(node.inputs[0])];
      continue;
    }
    c.fn = find_reference(node.op_type);
    for (int out : node.outputs) {
      const Value& y = g.value(out);
      buffers[static_cast<size_t>(out)].resize(static_cast<size_t>(shape_numel(y.shape)) * dtype_size(y.dtype));
      data[static_cast<size_t>(out)] = buffers[static_cast<size_t>(out)].data();
      c.out_views.push_back({y.dtype, y.shape, data[static_cast<size_t>(out)]});
    }
    c.in_views.resize(node.inputs.size());
    for (size_t i = 0; i < node.inputs.size(); ++i) {
      if (node.inputs[i] < 0) continue;
      const Value& v = g.value(node.inputs[i]);
      c.in_views[i] = {v.dtype, v.shape, data[static_cast<size_t>(node.inputs[i])]};
    }
    for (size_t i = 0; i < node.inputs.size(); ++i) c.ins.push_back(node.inputs[i] < 0 ? nullptr : &c.in_views[i]);
    for (TensorView& v : c.out_views) c.outs.push_back(&v);
  }
  auto run_all = [&] {
    for (Call& c : calls)
      if (c.fn) c.fn(*c.node, g.opset, c.ins, c.outs);
  };
  run_all();  // warm-up
  std::vector<double> times;
  for (int r = 0; r < reps; ++r) {
    const double t0 = now_ms();
    run_all();
    times.push_back(now_ms() - t0);
  }
  return median(times);
}

void run(Workload& w, int reps) {
  Session session(w.graph);
  std::vector<NamedTensor> feeds;
  for (size_t i = 0; i < w.feeds.size(); ++i) feeds.push_back({w.graph.value(w.graph.inputs[i]).name, w.feeds[i]});
  std::vector<StepTiming> timings;
  session.run_timed(feeds, timings);  // compile + warm-up
  std::string kernel;
  std::vector<double> step_ms, run_ms;
  for (int r = 0; r < reps; ++r) {
    const double t0 = now_ms();
    session.run_timed(feeds, timings);
    run_ms.push_back(now_ms() - t0);
    double ms = 0;
    kernel.clear();
    for (const StepTiming& t : timings)
      if (t.op != "layout" && !is_producer(t.layer)) {
        ms += t.ms;
        kernel += (kernel.empty() ? "" : "; ") + t.op + " -> " + t.kernel;
      }
    step_ms.push_back(ms);
  }
  if (std::getenv("NNSLIM_BENCH_STEPS"))
    for (const StepTiming& t : timings) std::fprintf(stderr, "  %s -> %s: %.3f ms (last run)\n", t.op.c_str(), t.kernel.c_str(), t.ms);
  const double ref = time_reference(w, std::max(3, reps / 10));
  const double step = median(step_ms), whole = median(run_ms);
  std::printf("| %s | %.3f | %.3f | %.3f | %.0fx | %.0fx | %s |\n", w.name.c_str(), ref, step, whole, ref / step,
              ref / whole, kernel.c_str());
}

// Two plans of the same computation timed alternately (the machine's load
// drifts less between neighbours than between blocks): medians of the
// summed non-layout step times, and their ratio.
void run_pair(Workload& a, Workload& b, int reps) {
  Session sa(a.graph), sb(b.graph);
  auto feeds_of = [](Workload& w) {
    std::vector<NamedTensor> feeds;
    for (size_t i = 0; i < w.feeds.size(); ++i) feeds.push_back({w.graph.value(w.graph.inputs[i]).name, w.feeds[i]});
    return feeds;
  };
  const std::vector<NamedTensor> fa = feeds_of(a), fb = feeds_of(b);
  std::vector<StepTiming> timings;
  auto step_ms = [&](Session& s, const std::vector<NamedTensor>& f) {
    s.run_timed(f, timings);
    double ms = 0;
    for (const StepTiming& t : timings)
      if (t.op.rfind("layout", 0) != 0) ms += t.ms;
    return ms;
  };
  step_ms(sa, fa);  // compile + warm-up
  step_ms(sb, fb);
  std::vector<double> ta, tb;
  for (int r = 0; r < reps; ++r) {
    ta.push_back(step_ms(sa, fa));
    tb.push_back(step_ms(sb, fb));
  }
  const double ma = median(ta), mb = median(tb);
  std::printf("| %s vs %s | %.3f | %.3f | %.2fx |\n", a.name.c_str(), b.name.c_str(), ma, mb, mb / ma);
}

AttributeMap ints_attr(const std::string& name, std::vector<int64_t> v) {
  return {{name, Attribute::make_ints(std::move(v))}};
}

}  // namespace

int main(int argc, char** argv) {
  int reps = 50;
  std::string only;  // run only the workloads whose name contains this
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--reps") == 0) reps = std::max(1, std::atoi(argv[i + 1]));
    if (std::strcmp(argv[i], "--only") == 0) only = argv[i + 1];
  }

  std::vector<Workload> workloads;
  // BERT-base attention, sequence 128: scores = Q K^T, then P V.
  workloads.emplace_back("MatMul QK^T [1,12,128,64]x[1,12,64,128]", 13);
  workloads.back().input("q", {1, 12, 128, 64}, 1).input("kt", {1, 12, 64, 128}, 2).node("MatMul", {"q", "kt"});
  workloads.emplace_back("MatMul PV [1,12,128,128]x[1,12,128,64]", 13);
  workloads.back().input("p", {1, 12, 128, 128}, 3).input("v", {1, 12, 128, 64}, 4).node("MatMul", {"p", "v"});
  // Its transposes: the head split [B, S, H, D] -> [B, H, S, D] and K^T.
  workloads.emplace_back("Transpose head split [1,128,12,64] perm 0,2,1,3", 13);
  workloads.back().input("x", {1, 128, 12, 64}, 13).node("Transpose", {"x"}, ints_attr("perm", {0, 2, 1, 3}));
  workloads.emplace_back("Transpose K^T [1,12,128,64] perm 0,1,3,2", 13);
  workloads.back().input("x", {1, 12, 128, 64}, 14).node("Transpose", {"x"}, ints_attr("perm", {0, 1, 3, 2}));
  // BERT-base LayerNorm over the hidden size.
  workloads.emplace_back("LayerNormalization [1,128,768] axis -1", 17);
  workloads.back()
      .input("x", {1, 128, 768}, 5)
      .constant("scale", random_tensor({768}, 6))
      .constant("bias", random_tensor({768}, 7))
      .node("LayerNormalization", {"x", "scale", "bias"});
  // FPN / U-Net style 2x upsampling of a 64-channel 56x56 map.
  auto sizes = Tensor::from_int64({1, 64, 112, 112}, {4});
  workloads.emplace_back("Resize linear x2 [1,64,56,56]", 13);
  workloads.back().input("x", {1, 64, 56, 56}, 8).constant("sizes", sizes).node(
      "Resize", {"x", "", "", "sizes"}, {{"mode", Attribute::make_string("linear")}});
  workloads.emplace_back("Resize nearest x2 [1,64,56,56]", 13);
  workloads.back().input("x", {1, 64, 56, 56}, 9).constant("sizes", sizes).node("Resize", {"x", "", "", "sizes"});
  // DCGAN / U-Net decoder deconv: 4x4 stride 2 pad 1, 64 -> 32 channels, 28 -> 56.
  workloads.emplace_back("ConvTranspose 4x4 s2 [1,64,28,28]->[1,32,56,56]", 13);
  AttributeMap deconv = ints_attr("strides", {2, 2});
  deconv["pads"] = Attribute::make_ints({1, 1, 1, 1});
  workloads.back()
      .input("x", {1, 64, 28, 28}, 10)
      .constant("w", random_tensor({64, 32, 4, 4}, 11))
      .constant("b", random_tensor({32}, 12))
      .node("ConvTranspose", {"x", "w", "b"}, deconv);

  // Data movement of converter graphs: an FPN decoder's channel Concat, a
  // strided Slice, channel padding with zeros (Concat with a constant), Pads.
  workloads.emplace_back("Concat channels [1,64,80,80]x3 axis 1", 13);
  workloads.back()
      .input("a", {1, 64, 80, 80}, 15)
      .input("b", {1, 64, 80, 80}, 16)
      .input("c", {1, 64, 80, 80}, 17)
      .node("Concat", {"a", "b", "c"}, {{"axis", Attribute::make_int(1)}});
  // The same Concat inside a CNN: its inputs come from NHWC steps (1x1
  // MaxPools stand in for convs), so it copies per-pixel channel runs in NHWC.
  workloads.emplace_back("Concat channels NHWC [1,64,80,80]x3 axis 1", 13);
  AttributeMap pool1x1 = ints_attr("kernel_shape", {1, 1});
  workloads.back()
      .input("a", {1, 64, 80, 80}, 15)
      .input("b", {1, 64, 80, 80}, 16)
      .input("c", {1, 64, 80, 80}, 17)
      .producer("MaxPool", {"a"}, "pa", pool1x1)
      .producer("MaxPool", {"b"}, "pb", pool1x1)
      .producer("MaxPool", {"c"}, "pc", pool1x1)
      .node("Concat", {"pa", "pb", "pc"}, {{"axis", Attribute::make_int(1)}});
  workloads.emplace_back("Concat zero channel pad NHWC [1,24,64,64]+zeros[1,8,64,64]", 13);
  workloads.back()
      .input("a", {1, 24, 64, 64}, 18)
      .producer("MaxPool", {"a"}, "pa", pool1x1)
      .constant("zeros", Tensor::from_float(std::vector<float>(8 * 64 * 64, 0.f), {1, 8, 64, 64}))
      .node("Concat", {"pa", "zeros"}, {{"axis", Attribute::make_int(1)}});
  workloads.emplace_back("Slice stride 2 NHWC [1,64,160,160] H,W", 13);
  workloads.back()
      .input("x", {1, 64, 160, 160}, 19)
      .producer("MaxPool", {"x"}, "px", pool1x1)
      .constant("starts", Tensor::from_int64({0, 0}, {2}))
      .constant("ends", Tensor::from_int64({160, 160}, {2}))
      .constant("axes", Tensor::from_int64({2, 3}, {2}))
      .constant("steps", Tensor::from_int64({2, 2}, {2}))
      .node("Slice", {"px", "starts", "ends", "axes", "steps"});
  workloads.emplace_back("Concat zero channel pad [1,24,64,64]+zeros[1,8,64,64]", 13);
  workloads.back()
      .input("a", {1, 24, 64, 64}, 18)
      .constant("zeros", Tensor::from_float(std::vector<float>(8 * 64 * 64, 0.f), {1, 8, 64, 64}))
      .node("Concat", {"a", "zeros"}, {{"axis", Attribute::make_int(1)}});
  workloads.emplace_back("Slice stride 2 [1,64,160,160] H,W", 13);
  workloads.back()
      .input("x", {1, 64, 160, 160}, 19)
      .constant("starts", Tensor::from_int64({0, 0}, {2}))
      .constant("ends", Tensor::from_int64({160, 160}, {2}))
      .constant("axes", Tensor::from_int64({2, 3}, {2}))
      .constant("steps", Tensor::from_int64({2, 2}, {2}))
      .node("Slice", {"x", "starts", "ends", "axes", "steps"});
  workloads.emplace_back("Pad reflect 1 [1,32,112,112]", 13);
  workloads.back()
      .input("x", {1, 32, 112, 112}, 20)
      .constant("pads", Tensor::from_int64({0, 0, 1, 1, 0, 0, 1, 1}, {8}))
      .node("Pad", {"x", "pads"}, {{"mode", Attribute::make_string("reflect")}});
  workloads.emplace_back("Pad constant 0.5 channels+W [1,24,64,64]", 13);
  workloads.back()
      .input("x", {1, 24, 64, 64}, 21)
      .constant("pads", Tensor::from_int64({0, 0, 0, 2, 0, 8, 0, 2}, {8}))
      .constant("value", Tensor::from_float({0.5f}, {}))
      .node("Pad", {"x", "pads", "value"});

  // Converter post-processing (tf2onnx detectors, FPN decoders): a channel
  // mean, a spatial mean, a threshold chain, and a conv with HardSwish.
  workloads.emplace_back("ReduceMean over C [1,64,80,80] axes 1", 13);
  workloads.back().input("x", {1, 64, 80, 80}, 15).node("ReduceMean", {"x"}, ints_attr("axes", {1}));
  workloads.emplace_back("ReduceMean over H,W [1,256,28,28] axes 2,3", 13);
  workloads.back().input("x", {1, 256, 28, 28}, 16).node("ReduceMean", {"x"}, ints_attr("axes", {2, 3}));
  workloads.emplace_back("Greater -> Where(x, 0) -> Cast [1,64,80,80]", 13);
  workloads.back()
      .input("x", {1, 64, 80, 80}, 17)
      .constant("threshold", Tensor::from_float({0.1f}, {}))
      .constant("zero", Tensor::from_float({0.f}, {}))
      .node("Greater", {"x", "threshold"}, {}, "keep")
      .node("Where", {"keep", "x", "zero"}, {}, "kept")
      .node("Equal", {"kept", "zero"}, {}, "dropped")
      .node("Cast", {"dropped"}, {{"to", Attribute::make_int(1)}}, "y");
  // The same conv with its HardSwish fused (one step) and kept apart (the
  // conv's output is also a graph output: two steps).
  for (bool fused : {true, false}) {
    workloads.emplace_back(std::string("Conv 1x1 64->128 [1,64,56,56] + HardSwish ") + (fused ? "fused" : "apart"), 13);
    workloads.back()
        .input("x", {1, 64, 56, 56}, 18)
        .constant("w", random_tensor({128, 64, 1, 1}, 19))
        .constant("b", random_tensor({128}, 20))
        .node("Conv", {"x", "w", "b"}, {}, "c")
        .node("HardSwish", {"c"}, {}, "y");
    if (!fused) workloads.back().also_output("c");
  }

  std::printf("| workload | reference ms | fast step ms | fast run ms | step speedup | run speedup | fast kernel |\n");
  std::printf("|---|---:|---:|---:|---:|---:|---|\n");
  for (Workload& w : workloads)
    if (w.name.find(only) != std::string::npos) run(w, reps);

  // Fused activation epilogues against the same conv with the activation
  // as its own step, alternating runs.
  std::vector<std::pair<Workload, Workload>> pairs;
  struct ConvCase { const char* name; Shape x; Shape w; int64_t group; int64_t pad; };
  const ConvCase convs[] = {
      {"Conv 1x1 64->128 56x56", {1, 64, 56, 56}, {128, 64, 1, 1}, 1, 0},
      {"Conv 3x3 32->32 56x56", {1, 32, 56, 56}, {32, 32, 3, 3}, 1, 1},
      {"DepthwiseConv 3x3 C=144 56x56", {1, 144, 56, 56}, {144, 1, 3, 3}, 144, 1},
      {"DepthwiseConv 3x3 C=96 112x112", {1, 96, 112, 112}, {96, 1, 3, 3}, 96, 1},
      {"Conv 1x1 16->96 112x112", {1, 16, 112, 112}, {96, 16, 1, 1}, 1, 0},
  };
  for (const ConvCase& c : convs)
    for (const char* act : {"HardSwish", "Swish"}) {
      auto make = [&](bool fused) {
        Workload w(std::string(c.name) + " + " + act + (fused ? " fused" : " apart"), 13);
        AttributeMap attrs = ints_attr("pads", {c.pad, c.pad, c.pad, c.pad});
        attrs["group"] = Attribute::make_int(c.group);
        w.input("x", c.x, 21).constant("w", random_tensor(c.w, 22)).constant("b", random_tensor({c.w[0]}, 23));
        w.node("Conv", {"x", "w", "b"}, attrs, "c");
        if (std::string(act) == "Swish") w.node("Sigmoid", {"c"}, {}, "s").node("Mul", {"c", "s"}, {}, "y");
        else w.node(act, {"c"}, {}, "y");
        if (!fused) w.also_output("c");
        return w;
      };
      if ((std::string(c.name) + " + " + act).find(only) != std::string::npos) pairs.emplace_back(make(true), make(false));
    }
  if (!pairs.empty()) {
    std::printf("\n| fused vs apart (alternating runs) | fused step ms | apart steps ms | apart / fused |\n");
    std::printf("|---|---:|---:|---:|\n");
    for (auto& [fused, apart] : pairs) run_pair(fused, apart, reps);
  }
  return 0;
}
