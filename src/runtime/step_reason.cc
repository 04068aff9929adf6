#include "runtime/step_reason.h"

#include "core/format.h"

namespace nnslim {
namespace {

bool is_int8(DType dtype) { return dtype == DType::Int8 || dtype == DType::Uint8; }

// Does the node read a computed (not constant) tensor that a
// DequantizeLinear produced: a quantized graph's activations in float?
bool reads_dequantized_activation(const Graph& graph, const Node& node) {
  for (int in : node.inputs) {
    if (in < 0) continue;
    const Value& v = graph.value(in);
    if (v.constant || v.producer < 0) continue;
    if (graph.nodes[static_cast<size_t>(v.producer)].op_type == "DequantizeLinear") return true;
  }
  return false;
}

bool step_reads_int8(const Graph& graph, const Step& step) {
  for (int in : step.inputs)
    if (in >= 0 && is_int8(graph.value(in).dtype)) return true;
  return false;
}

}  // namespace

std::string default_step_reason(const Graph& graph, const Node& node, const Step& step) {
  const std::string& op = node.op_type;
  if (op == "QuantizeLinear") return "quantize: float values to int8 codes for the int8 steps that read them";
  if (op == "DequantizeLinear") return "dequantize: int8 codes to float for a step without an int8 kernel";
  const bool quantized_graph = reads_dequantized_activation(graph, node);
  if (step.runs_reference())
    return quantized_graph ? str("float fallback: no int8 kernel for ", op, "; scalar reference on dequantized values")
                           : str("scalar reference: no fast kernel for ", op, " with these shapes, types or attributes");
  if (step_reads_int8(graph, step)) return str("int8 kernel: ", op, "'s input is quantized");
  if (quantized_graph) return str("float fallback: no int8 kernel for ", op, "; f32 kernel on dequantized values");
  return str("f32 kernel: ", op, " computes on float values");
}

std::string layout_step_reason() {
  return "layout copy: between the graph's NCHW order and the NHWC order of the image kernels";
}

}  // namespace nnslim
