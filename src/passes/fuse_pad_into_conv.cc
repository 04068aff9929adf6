#include "passes/fuse_pad_into_conv.h"

#include <vector>

namespace nnslim {
namespace {

// The 8 pad amounts of a 4-D Pad node, or empty if they aren't constant, the
// mode isn't a zero constant, or N/C are padded.
std::vector<int64_t> spatial_zero_pads(const Graph& graph, const Node& pad) {
  if (pad.attr_string("mode", "constant") != "constant") return {};
  std::vector<int64_t> pads;
  if (graph.opset < 11) {
    pads = pad.attr_ints("pads");
    if (pad.attr_float("value", 0.f) != 0.f) return {};
  } else {
    if (pad.inputs.size() < 2 || pad.inputs[1] < 0) return {};
    const Value& p = graph.value(pad.inputs[1]);
    if (!p.constant || !p.constant->materialized()) return {};
    pads = p.constant->to_int64_vector();
    if (pad.inputs.size() > 2 && pad.inputs[2] >= 0) {
      const Value& v = graph.value(pad.inputs[2]);
      if (!v.constant || !v.constant->materialized() || v.constant->numel() != 1 || v.constant->float_at(0) != 0.0)
        return {};
    }
    if (pad.inputs.size() > 3 && pad.inputs[3] >= 0) return {};  // axes (opset 18)
  }
  if (pads.size() != 8 || pads[0] || pads[1] || pads[4] || pads[5]) return {};
  for (int64_t p : pads)
    if (p < 0) return {};
  return pads;
}

}  // namespace

int fuse_pad_into_conv(Graph& graph) {
  std::vector<int> readers(graph.values.size(), 0);
  for (const Node& node : graph.nodes)
    for (int in : node.inputs)
      if (in >= 0) ++readers[static_cast<size_t>(in)];
  for (int out : graph.outputs) ++readers[static_cast<size_t>(out)];
  std::vector<int> producer(graph.values.size(), -1);
  for (size_t n = 0; n < graph.nodes.size(); ++n)
    for (int out : graph.nodes[n].outputs) producer[static_cast<size_t>(out)] = static_cast<int>(n);

  int fused = 0;
  for (Node& node : graph.nodes) {
    const bool conv = node.op_type == "Conv";
    const bool avg_with_pad = node.op_type == "AveragePool" && node.attr_int("count_include_pad", 0) != 0;
    if ((!conv && !avg_with_pad) || node.inputs.empty() || node.inputs[0] < 0) continue;
    if (node.attr_string("auto_pad", "NOTSET") != "NOTSET") continue;
    const int padded = node.inputs[0];
    const int p = producer[static_cast<size_t>(padded)];
    if (p < 0 || readers[static_cast<size_t>(padded)] != 1) continue;
    Node& pad = graph.nodes[static_cast<size_t>(p)];
    if (pad.op_type != "Pad") continue;
    const std::vector<int64_t> pads = spatial_zero_pads(graph, pad);
    if (pads.empty()) continue;
    std::vector<int64_t> own = node.attr_ints("pads", {0, 0, 0, 0});
    if (own.size() != 4) continue;
    // ONNX pads: [x1_begin, x2_begin, x1_end, x2_end]; the Pad's are [N,C,H,W begins, N,C,H,W ends].
    own[0] += pads[2];
    own[1] += pads[3];
    own[2] += pads[6];
    own[3] += pads[7];
    node.attrs["pads"] = Attribute::make_ints(own);
    node.inputs[0] = pad.inputs[0];
    ++fused;
  }
  if (fused) graph.remove_dead_nodes();
  return fused;
}

}  // namespace nnslim
