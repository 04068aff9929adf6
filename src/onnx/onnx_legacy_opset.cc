#include "onnx/onnx_legacy_opset.h"

#include <algorithm>

#include "core/error.h"

namespace nnslim {
namespace {

bool is_legacy_broadcast_op(const std::string& op_type) {
  static const char* const kOps[] = {"Add", "Sub", "Mul", "Div", "Pow", "And",
                                     "Or",  "Xor", "Equal", "Greater", "Less"};
  return std::any_of(std::begin(kOps), std::end(kOps), [&](const char* op) { return op_type == op; });
}

void upgrade_legacy_broadcast(const Graph& graph, Node& node) {
  if (node.has_attr("axis")) {
    const int64_t axis = node.attr_int("axis", 0);
    const bool shapes_known = node.inputs.size() == 2 && node.inputs[0] >= 0 && node.inputs[1] >= 0 &&
                              graph.value(node.inputs[0]).has_shape && graph.value(node.inputs[1]).has_shape;
    const int64_t suffix_axis =
        shapes_known ? static_cast<int64_t>(graph.value(node.inputs[0]).shape.size()) -
                           static_cast<int64_t>(graph.value(node.inputs[1]).shape.size())
                     : -1;
    NNSLIM_CHECK(shapes_known && axis == suffix_axis, ErrorCode::UnsupportedOp, node.describe(),
                 ": opset-6 broadcast along axis ", axis, " is not supported (only B matching the trailing dims of A)");
    node.attrs.erase("axis");
  }
  node.attrs.erase("broadcast");
}

// Opset 6 PRelu with slope [C] on X [N, C, ...]: per channel.
void upgrade_prelu(Graph& graph, Node& node) {
  if (node.inputs.size() != 2 || node.inputs[0] < 0 || node.inputs[1] < 0) return;
  const Value& x = graph.value(node.inputs[0]);
  Value& slope = graph.value(node.inputs[1]);
  if (!x.has_shape || x.shape.size() < 3 || !slope.constant || slope.constant->dims.size() != 1) return;
  const int64_t channels = slope.constant->dims[0];
  if (channels <= 1 || x.shape[1] != channels) return;
  // Reshape on a copy: the tensor may be shared with other values.
  auto reshaped = std::make_shared<Tensor>(*slope.constant);
  reshaped->dims.assign(x.shape.size() - 1, 1);
  reshaped->dims[0] = channels;
  slope.constant = reshaped;
  slope.shape = reshaped->dims;
}

// Ops whose opset 1..5 definitions mean what their opset-6 definitions mean
// (ONNX's Changelog.md: unchanged until >= 6, or changed at 6 only by
// dropping `consumed_inputs`; legacy broadcasting is handled by the 6 -> 7 step).
bool same_meaning_as_opset6(const std::string& op_type) {
  static const char* const kOps[] = {
      // unchanged from opset 1 until at least 7
      "GlobalAveragePool", "GlobalMaxPool", "Conv", "ConvTranspose", "MaxPool", "AveragePool", "Flatten",
      "MatMul", "Transpose", "Softmax", "LogSoftmax", "Hardmax", "Identity", "Shape", "Size", "Squeeze",
      "Unsqueeze", "Slice", "LRN", "Softplus", "Softsign", "Not", "ArgMax", "ArgMin", "ReduceMean",
      "ReduceMax", "ReduceMin", "ReduceSum", "ReduceProd", "Constant",
      // changed at 6 only by dropping consumed_inputs
      "Relu", "Sigmoid", "Tanh", "Abs", "Neg", "Exp", "Log", "Sqrt", "Floor", "Ceil", "Reciprocal",
      "LeakyRelu", "Elu", "Selu", "HardSigmoid", "PRelu", "Clip", "Add", "Sub", "Mul", "Div",
      "BatchNormalization", "Dropout"};
  return std::any_of(std::begin(kOps), std::end(kOps), [&](const char* op) { return op_type == op; });
}

}  // namespace

void upgrade_pre_opset6_to_opset6(Graph& graph) {
  NNSLIM_CHECK(graph.opset >= 1 && graph.opset < 6, "upgrade_pre_opset6_to_opset6: graph has opset ", graph.opset);
  for (Node& node : graph.nodes) {
    if (!node.domain.empty()) continue;
    NNSLIM_CHECK(same_meaning_as_opset6(node.op_type), ErrorCode::UnsupportedOp, node.describe(), ": ", node.op_type,
                 " at ai.onnx opset ", graph.opset,
                 " is not supported (its definition changed before opset 6; re-export the model "
                 "with opset >= 6)");
    node.attrs.erase("consumed_inputs");
  }
  graph.opset = 6;
}

void upgrade_opset6_to_opset7(Graph& graph) {
  NNSLIM_CHECK(graph.opset == 6, "upgrade_opset6_to_opset7: graph has opset ", graph.opset);
  for (Node& node : graph.nodes) {
    if (!node.domain.empty()) continue;
    if (is_legacy_broadcast_op(node.op_type)) upgrade_legacy_broadcast(graph, node);
    else if (node.op_type == "Gemm") node.attrs.erase("broadcast");
    else if (node.op_type == "BatchNormalization" || node.op_type == "Dropout") node.attrs.erase("is_test");
    else if (node.op_type == "PRelu") upgrade_prelu(graph, node);
  }
  graph.opset = 7;
}

}  // namespace nnslim
