// Fast lowerings against the reference implementation they replaced, one
// realistic shape per op (wasm SIMD128 under node, or native):
//   node build-wasm/bench/nnslim_bench_lowering.cjs [--reps N]
//
// For each workload (a one-node graph, NCHW in and out like an ONNX file):
//   reference  the op's reference function (what a ReferenceStep runs),
//              timed alone on the same inputs;
//   fast step  the op's step in Session::run_timed (layout copies excluded);
//   fast run   the whole Session::run (layout copies at the graph edges included).
// Medians of N runs after one warm-up (the reference gets max(3, N / 10) runs).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "ir/shape_inference.h"
#include "runtime/reference/reference.h"
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

// A one-node graph: inputs (fed per run) and constants, then the node.
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
  Workload& node(const std::string& op, const std::vector<std::string>& ins, AttributeMap attrs = {}) {
    Node n;
    n.op_type = op;
    n.name = name;
    for (const std::string& in : ins) n.inputs.push_back(in.empty() ? -1 : graph.find_value(in));
    n.outputs.push_back(graph.add_value("y"));
    n.attrs = std::move(attrs);
    graph.add_node(std::move(n));
    graph.outputs = {graph.find_value("y")};
    return *this;
  }
};

// Times the node's reference function alone (views built once).
double time_reference(const Workload& w, int reps) {
  Graph g = w.graph;
  infer_shapes(g);
  const Node& node = g.nodes[0];
  std::vector<TensorView> in_views(node.inputs.size());
  std::vector<const TensorView*> ins;
  for (size_t i = 0; i < node.inputs.size(); ++i) {
    if (node.inputs[i] < 0) {
      ins.push_back(nullptr);
      continue;
    }
    const Value& v = g.value(node.inputs[i]);
    in_views[i] = {v.dtype, v.shape, nullptr};
    if (v.constant) {
      in_views[i].data = v.constant->bytes.data();
    } else {
      for (size_t k = 0; k < g.inputs.size(); ++k)
        if (g.inputs[k] == node.inputs[i]) in_views[i].data = w.feeds[k]->bytes.data();
    }
    ins.push_back(&in_views[i]);
  }
  const Value& y = g.value(node.outputs[0]);
  std::vector<uint8_t> out_bytes(static_cast<size_t>(shape_numel(y.shape)) * dtype_size(y.dtype));
  TensorView out_view{y.dtype, y.shape, out_bytes.data()};
  std::vector<TensorView*> outs = {&out_view};
  const ReferenceFn fn = find_reference(node.op_type);
  fn(node, g.opset, ins, outs);  // warm-up
  std::vector<double> times;
  for (int r = 0; r < reps; ++r) {
    const double t0 = now_ms();
    fn(node, g.opset, ins, outs);
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
    for (const StepTiming& t : timings)
      if (t.op != "layout") {
        ms += t.ms;
        kernel = t.op + " -> " + t.kernel;
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

AttributeMap ints_attr(const std::string& name, std::vector<int64_t> v) {
  return {{name, Attribute::make_ints(std::move(v))}};
}

}  // namespace

int main(int argc, char** argv) {
  int reps = 50;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], "--reps") == 0) reps = std::max(1, std::atoi(argv[i + 1]));

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

  std::printf("| workload | reference ms | fast step ms | fast run ms | step speedup | run speedup | fast kernel |\n");
  std::printf("|---|---:|---:|---:|---:|---:|---|\n");
  for (Workload& w : workloads) run(w, reps);
  return 0;
}
